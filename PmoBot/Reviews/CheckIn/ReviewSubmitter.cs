using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.CheckIn;

/// <summary>A finished review: what to record and who sent it.</summary>
public sealed record FinishedReview(string ProjectCode, ReviewPeriod Period, int TemplateVersion, ReviewAnswers Answers, string SubmissionId);

/// <summary>
/// Sends a finished review to the history (from chat or from the form) and moves the PM's chat on to the next project.
/// The submission id makes a second submit of the same review (a double click, a retried delivery) change nothing.
/// </summary>
public sealed class ReviewSubmitter(
    ReviewSessionStore sessions,
    ReviewStarter starter,
    ProjectRegister register,
    ReviewTemplateStore templates,
    ReviewHistory history,
    TimeProvider time,
    IEnumerable<IReviewEventsObserver>? observers = null,
    ILogger<ReviewSubmitter>? logger = null)
{
    private const int MaxAdvanceAttempts = 3;

    /// <param name="session">The chat's session as the caller read it for this turn, if it did: finishing it starts from that read.</param>
    public async Task<Reply> SubmitAsync(FinishedReview review, PmoUser caller, CultureInfo culture, CancellationToken cancellationToken, StoredReviewSession? session = null)
    {
        var stored = await register.GetAsync(review.ProjectCode, cancellationToken);
        if (stored is null)
        {
            await FinishSessionAsync(caller.UserKey, review.ProjectCode, review.Period, session, cancellationToken);
            return Reply.Message($"{review.ProjectCode} is no longer in the project register, so the review was not recorded. Ask the PMO if this is a mistake.");
        }

        var template = (await templates.GetAsync(review.TemplateVersion, cancellationToken) ?? await templates.GetCurrentAsync(cancellationToken)).ForStage(stored.Project.Stage);
        var callerZone = UserTimeZones.Resolve(caller.TimeZone);
        var reviewDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), callerZone).DateTime);
        var outcome = await history.SubmitAsync(
            new ReviewSubmission(stored.Project, review.Period, review.TemplateVersion, review.Answers, caller.UserKey, caller.Name, review.SubmissionId, reviewDate),
            cancellationToken);
        // Once the review is recorded, the observers (warnings, blockers, compliance) and the chat's move to its next
        // project are independent of each other: they run side by side.
        var observed = outcome is SubmitOutcome.Recorded { Record: var newRecord }
            ? ReviewObservers.NotifyAsync(observers, o => o.ReviewSubmittedAsync(stored.Project, newRecord, cancellationToken), logger ?? NullLogger<ReviewSubmitter>.Instance)
            : Task.CompletedTask;
        var finishing = FinishSessionAsync(caller.UserKey, review.ProjectCode, review.Period, session, cancellationToken);
        await Task.WhenAll(observed, finishing);
        var next = await finishing;
        var nextTemplate = next is null ? null : await templates.GetAsync(next.TemplateVersion, next.ProjectCode, cancellationToken);
        // No project follows in the chat: what else is due is read rather than said to be none. A form sent outside a
        // round (or after cancel) ended no queue, and the weekly round queues only the projects the person manages.
        var stillDue = next is null
            ? (await starter.DueProjectsAsync(caller.UserKey, review.Period, managerOnly: false, cancellationToken)).Where(c => !string.Equals(c, review.ProjectCode, StringComparison.OrdinalIgnoreCase)).ToList()
            : [];
        var (record, headline) = outcome switch
        {
            SubmitOutcome.AlreadyRecorded already => (already.Record, $"Already submitted: {review.ProjectCode}, week {review.Period}"),
            SubmitOutcome.Recorded { ReplacedEarlier: true } replaced => (replaced.Record, $"Updated: {review.ProjectCode}, week {review.Period}"),
            SubmitOutcome.Recorded recorded => (recorded.Record, $"Submitted: {review.ProjectCode}, week {review.Period}"),
            _ => throw new InvalidOperationException("Unknown submit outcome."),
        };
        var card = ReviewCards.Submitted(stored.Project, review.Period, record.Answers, template, culture, headline, ReviewCards.SubmittedFacts(record, stored.Project.Currency, callerZone), next, nextTemplate, starter.Today(caller), stillDue);
        return Reply.WithCard(card, next is null ? headline : $"{headline}. Next: {next.ProjectCode}.");
    }

    /// <summary>
    /// The chat's session for this project and week is done: it moves to the next queued project, or ends. Returns the
    /// session the chat is in now (which may be one another click already moved to), or null when none is open.
    /// </summary>
    private async Task<ReviewSession?> FinishSessionAsync(string userKey, string code, ReviewPeriod period, StoredReviewSession? known, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAdvanceAttempts; attempt++)
        {
            // The turn's own read first; its ETag still guards the write, and a miss reads again.
            var stored = attempt == 0 && known is not null ? known : await sessions.GetAsync(userKey, cancellationToken);
            if (stored is null)
            {
                return null;
            }

            var session = stored.Session;
            if (!string.Equals(session.ProjectCode, code, StringComparison.OrdinalIgnoreCase) || session.Period != period)
            {
                return session.Paused ? null : session;
            }

            var next = await starter.NewSessionAsync(userKey, session.Queue, period, skipSubmitted: true, cancellationToken);
            var written = next is { } started
                ? await sessions.TrySaveAsync(started.Session, stored.ETag, cancellationToken)
                : await sessions.TryDeleteAsync(userKey, stored.ETag, cancellationToken);
            if (written)
            {
                return next?.Session;
            }
        }

        return (await sessions.GetAsync(userKey, cancellationToken))?.Session;
    }
}
