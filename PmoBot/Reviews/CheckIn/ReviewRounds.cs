using System.Globalization;
using Microsoft.Extensions.Options;
using PmoBot.Alerts;
using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Schedule;

namespace PmoBot.Reviews.CheckIn;

/// <summary>
/// The weekly round of a PM's reviews, driven by the due-review index: at the PM's hour the reviews open in their
/// personal chat; at the reminder time the ones not submitted are reminded once; at the deadline they are recorded as
/// missed and the PMO is told. Every message goes through the outbox under a key naming the PM and the week, so a
/// round handled twice (two instances, a crash) sends each message once.
/// </summary>
public sealed partial class ReviewRounds(
    ReviewStarter starter,
    ReviewSessionStore sessions,
    ReviewScheduler scheduler,
    PeopleDirectory people,
    ProjectRegister register,
    ReviewHistory history,
    Outbox outbox,
    PmoNotifier pmo,
    IOptions<ReviewsOptions> options,
    TimeProvider time,
    ILogger<ReviewRounds> logger,
    IEnumerable<IReviewEventsObserver>? observers = null) : IReviewDueHandler
{
    private const string DueFormat = "dddd d MMMM, HH:mm";

    public Task HandleAsync(ReviewDueEntry entry, CancellationToken cancellationToken) => entry.Kind switch
    {
        ReviewDueKind.Open => OpenAsync(entry, cancellationToken),
        ReviewDueKind.Remind => RemindAsync(entry, cancellationToken),
        ReviewDueKind.Deadline => DeadlineAsync(entry, cancellationToken),
        _ => Task.CompletedTask,
    };

    private async Task OpenAsync(ReviewDueEntry entry, CancellationToken cancellationToken)
    {
        var user = await people.GetAsync(entry.UserKey, cancellationToken);
        var due = await starter.DueProjectsAsync(entry.UserKey, entry.Period, managerOnly: true, cancellationToken);
        if (user is null || due.Count == 0)
        {
            LogNothingDue(entry.UserKey, entry.Period);
            return;
        }

        var session = await OpenSessionAsync(entry.UserKey, entry.Period, due, cancellationToken);
        if (session is null)
        {
            return;
        }

        var zone = UserTimeZones.Resolve(user.TimeZone);
        var deadline = entry.DueAt + options.Value.DeadlineAfter;
        var dueBy = Local(deadline, zone);
        var culture = ChatCulture.From(null);
        var (first, template) = session.Value;
        var card = ReviewCards.Invitation(first, template, due, dueBy, culture);
        await outbox.EnqueueAsync(
            new DeliveryRequest($"review-open|{entry.UserKey}|{entry.Period}", DeliveryTarget.PersonalChat(entry.UserKey), $"Time for your weekly project review: {ReviewCards.Describe(due)}", card),
            cancellationToken);
        await scheduler.AddAsync(new ReviewDueEntry(entry.DueAt + options.Value.ReminderAfter, ReviewDueKind.Remind, entry.UserKey, entry.Period, due), cancellationToken);
        await scheduler.AddAsync(new ReviewDueEntry(deadline, ReviewDueKind.Deadline, entry.UserKey, entry.Period, due), cancellationToken);
        LogOpened(entry.UserKey, entry.Period, due.Count);
        await ReviewObservers.NotifyAsync(observers, o => o.ReviewsOpenedAsync(entry.UserKey, entry.Period, due, cancellationToken), logger);
    }

    /// <summary>
    /// Starts the chat on the first due project, or adds the due projects to the queue of a review already open for the
    /// same week. A review left open from an earlier week gives way: that week was recorded as missed.
    /// </summary>
    private async Task<(ReviewSession Session, Templates.ReviewTemplate Template)?> OpenSessionAsync(string userKey, ReviewPeriod period, IReadOnlyList<string> due, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await sessions.GetAsync(userKey, cancellationToken);
            if (stored is not null && stored.Session.Period >= period)
            {
                var open = stored.Session;
                var added = due.Where(code => !string.Equals(code, open.ProjectCode, StringComparison.OrdinalIgnoreCase) && !open.Queue.Contains(code, StringComparer.OrdinalIgnoreCase)).ToList();
                var merged = added.Count == 0 ? open : open with { Queue = [.. open.Queue, .. added] };
                if (added.Count == 0 || await sessions.TrySaveAsync(merged, stored.ETag, cancellationToken))
                {
                    return await starter.TemplateOfAsync(merged, cancellationToken);
                }

                continue;
            }

            var fresh = await starter.NewSessionAsync(userKey, due, period, skipSubmitted: true, cancellationToken);
            if (fresh is null)
            {
                return null;
            }

            if (await sessions.TrySaveAsync(fresh.Value.Session, stored?.ETag, cancellationToken))
            {
                return fresh;
            }
        }

        return null;
    }

    private async Task RemindAsync(ReviewDueEntry entry, CancellationToken cancellationToken)
    {
        var pending = await PendingAsync(entry, cancellationToken);
        var user = await people.GetAsync(entry.UserKey, cancellationToken);
        if (pending.Count == 0 || user is null)
        {
            return;
        }

        var hasOpenReview = await sessions.GetAsync(entry.UserKey, cancellationToken) is { } open && open.Session.Period == entry.Period;
        var opening = entry.DueAt - options.Value.ReminderAfter;
        var dueBy = Local(opening + options.Value.DeadlineAfter, UserTimeZones.Resolve(user.TimeZone));
        var codes = pending.Select(p => p.Code).ToList();
        await outbox.EnqueueAsync(
            new DeliveryRequest($"review-remind|{entry.UserKey}|{entry.Period}", DeliveryTarget.PersonalChat(entry.UserKey), $"Reminder: your review of {ReviewCards.Describe(codes)} is due by {dueBy}", ReviewCards.Reminder(entry.Period, codes, dueBy, hasOpenReview)),
            cancellationToken);
        LogReminded(entry.UserKey, entry.Period, pending.Count);
    }

    private async Task DeadlineAsync(ReviewDueEntry entry, CancellationToken cancellationToken)
    {
        var pending = await PendingAsync(entry, cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var project in pending)
        {
            await history.RecordMissedAsync(project, entry.Period, now, cancellationToken);
            await ReviewObservers.NotifyAsync(observers, o => o.ReviewMissedAsync(project, entry.Period, cancellationToken), logger);
        }

        var managerName = (await people.GetAsync(entry.UserKey, cancellationToken))?.Name ?? pending[0].Manager.Name;
        var codes = pending.Select(p => p.Code).ToList();
        await pmo.NotifyAsync(
            $"review-missed|{entry.UserKey}|{entry.Period}",
            $"Missed review: {managerName}, {ReviewCards.Describe(codes)}, week {entry.Period}",
            ReviewCards.MissedForPmo(managerName, pending, entry.Period),
            cancellationToken);
        await outbox.EnqueueAsync(
            new DeliveryRequest($"review-missed-pm|{entry.UserKey}|{entry.Period}", DeliveryTarget.PersonalChat(entry.UserKey), $"Your review of {ReviewCards.Describe(codes)} for week {entry.Period} was recorded as missed", ReviewCards.MissedForManager(pending, entry.Period)),
            cancellationToken);
        LogMissed(entry.UserKey, entry.Period, pending.Count);
    }

    /// <summary>The round's projects that are still active and have no submitted review for the week.</summary>
    private async Task<IReadOnlyList<Project>> PendingAsync(ReviewDueEntry entry, CancellationToken cancellationToken)
    {
        var pending = new List<Project>();
        foreach (var code in entry.ProjectCodes)
        {
            if (await register.GetAsync(code, cancellationToken) is { Project.Status: ProjectStatus.Active } stored
                && !await starter.IsSubmittedAsync(code, entry.Period, cancellationToken))
            {
                pending.Add(stored.Project);
            }
        }

        return pending;
    }

    private static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(DueFormat, CultureInfo.InvariantCulture) + $" ({zone.Id})";

    [LoggerMessage(Level = LogLevel.Information, Message = "Reviews of {UserKey} for {Period}: nothing due")]
    private partial void LogNothingDue(string userKey, ReviewPeriod period);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reviews of {UserKey} for {Period} opened: {Count} projects")]
    private partial void LogOpened(string userKey, ReviewPeriod period, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reviews of {UserKey} for {Period} reminded: {Count} projects")]
    private partial void LogReminded(string userKey, ReviewPeriod period, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reviews of {UserKey} for {Period} missed: {Count} projects")]
    private partial void LogMissed(string userKey, ReviewPeriod period, int count);
}
