using System.Globalization;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.CheckIn;

/// <summary>
/// The review in a PM's personal chat: while a review is open (and not paused), every message is an answer, one of
/// the review's words, or a command that is not a valid answer (see <see cref="ReviewDialog"/>). The session is read
/// and written with its ETag on every message, so a restart of the bot, or a second window, loses and doubles nothing.
/// </summary>
public sealed class ReviewConversation(ReviewSessionStore sessions, ReviewTemplateStore templates, ReviewSubmitter submitter, ReviewFormOpener forms, ReviewStarter starter, TimeProvider time) : IConversationFlow
{
    public string Name => "review answer";

    /// <summary>The open (not paused) session and the questionnaire it answers: two reads, no write.</summary>
    public async Task<OpenConversation?> LoadAsync(string userKey, CancellationToken cancellationToken)
    {
        var stored = await sessions.GetAsync(userKey, cancellationToken);
        if (stored is null || stored.Session.Paused)
        {
            return null;
        }

        var template = await templates.GetAsync(stored.Session.TemplateVersion, stored.Session.ProjectCode, cancellationToken);
        return new OpenConversation((turn, ct) => ContinueAsync(stored, template, turn, ct));
    }

    private async Task<Reply?> ContinueAsync(StoredReviewSession stored, ReviewTemplate? template, ChatTurn turn, CancellationToken cancellationToken)
    {
        var culture = ChatCulture.From(turn.Locale);
        var session = stored.Session;
        if (template is null)
        {
            await sessions.TryDeleteAsync(turn.Caller.UserKey, stored.ETag, cancellationToken);
            return Reply.Message($"The questionnaire your review of {session.ProjectCode} was using (version {session.TemplateVersion}) is gone, so I closed the review. Type **review {session.ProjectCode}** to start again with the current one.");
        }

        // The first answer to a project's review is where a questionnaire published since it was queued is taken up.
        var (current, currentTemplate, upgraded) = turn.IsCommand || template.Questions.Count == 0
            ? (session, template, false)
            : await starter.NewestIfNotBegunAsync(session, template, cancellationToken, shownQuestion: template.Questions[0].Id);
        (session, template) = (current, currentTemplate);
        var now = time.GetUtcNow();
        var today = UserTimeZones.DateAt(now, turn.Caller.TimeZone);
        var step = ReviewDialog.Handle(session, template, turn.Text, culture, now, today, turn.IsCommand);
        switch (step.Outcome)
        {
            case DialogOutcome.NotAnAnswer:
                return null;
            case DialogOutcome.OpenForm:
                return await forms.OpenAsync(turn.Caller, step.FormProject ?? string.Empty, turn.Locale, cancellationToken);
            case DialogOutcome.Submit:
                return await SubmitAsync(stored, template, turn.Caller, culture, today, cancellationToken);
            case DialogOutcome.Cancel:
                return await sessions.TryDeleteAsync(turn.Caller.UserKey, stored.ETag, cancellationToken)
                    ? Reply.Message(CancelledText(session))
                    : await ChangedMeanwhileAsync(turn.Caller, culture, cancellationToken);
        }

        if (!await sessions.TrySaveAsync(step.Session, stored.ETag, cancellationToken))
        {
            return await ChangedMeanwhileAsync(turn.Caller, culture, cancellationToken);
        }

        var note = upgraded ? string.Join(' ', new[] { ReviewStarter.NewerQuestionnaireNote(template), step.Note }.Where(n => !string.IsNullOrEmpty(n))) : step.Note;
        return step.Outcome == DialogOutcome.Pause
            ? Reply.Message($"Paused your review of **{session.ProjectCode}** at question {session.Step + 1} of {template.Questions.Count}. Your answers are kept; type **resume** when you're ready.")
            : Show(step.Session, template, culture, today, note);
    }

    /// <summary>Where a session stands: its question with quick replies, or the summary card.</summary>
    public static Reply Show(ReviewSession session, ReviewTemplate template, CultureInfo culture, DateOnly today, string? note = null) =>
        session.Stage == ReviewStage.Summary
            ? Reply.WithCard(ReviewCards.Summary(session, template, culture, note), $"Your review of {session.ProjectCode} is ready to submit.")
            : ReviewPrompts.Question(session, template, culture, today, note);

    public static string CancelledText(ReviewSession session) =>
        $"Cancelled your review of **{session.ProjectCode}**; nothing was saved{(session.Queue.Count > 0 ? $", and {session.Queue.Count} more {(session.Queue.Count == 1 ? "project waits" : "projects wait")} for review" : string.Empty)}. Type **review** to start again.";

    private async Task<Reply> SubmitAsync(StoredReviewSession stored, ReviewTemplate template, PmoUser caller, CultureInfo culture, DateOnly today, CancellationToken cancellationToken)
    {
        var session = stored.Session;
        var missing = ReviewDialog.FirstMissingRequired(session, template);
        if (missing >= 0)
        {
            var back = session with { Stage = ReviewStage.Answering, Step = missing, ReturnToSummary = true };
            await sessions.TrySaveAsync(back, stored.ETag, cancellationToken);
            return ReviewPrompts.Question(back, template, culture, today, "One required question has no answer yet:");
        }

        return await submitter.SubmitAsync(new FinishedReview(session.ProjectCode, session.Period, session.TemplateVersion, session.Answers, session.SessionId), caller, culture, cancellationToken, stored);
    }

    private async Task<Reply> ChangedMeanwhileAsync(PmoUser caller, CultureInfo culture, CancellationToken cancellationToken)
    {
        var latest = await sessions.GetAsync(caller.UserKey, cancellationToken);
        var template = latest is null ? null : await templates.GetAsync(latest.Session.TemplateVersion, latest.Session.ProjectCode, cancellationToken);
        return latest is null || template is null
            ? Reply.Message("Your review was finished or cancelled in another window meanwhile, so that message changed nothing. Type **review** to see what is left.")
            : Show(latest.Session, template, culture, UserTimeZones.DateAt(time.GetUtcNow(), caller.TimeZone), "Your review changed in another window meanwhile, so that message changed nothing. Here is where it stands:");
    }
}
