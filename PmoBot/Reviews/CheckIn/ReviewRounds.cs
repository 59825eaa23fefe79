using System.Globalization;
using Microsoft.Extensions.Options;
using PmoBot.Alerts;
using PmoBot.Blockers;
using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Leave;
using PmoBot.Reviews.Schedule;

namespace PmoBot.Reviews.CheckIn;

/// <summary>
/// The weekly round of a PM's reviews, driven by the due-review index: at the PM's hour the reviews open in their
/// personal chat; at the reminder time the ones not submitted are reminded once; at the deadline they are recorded as
/// missed and the PMO is told. Every message goes through the outbox under a key naming the PM and the week, so a
/// round handled twice (two instances, a crash) sends each message once.
/// Before opening, the PM's calendar is read (<see cref="LeaveCalendar"/>): a PM out of office for the whole window is
/// not asked, reminded or counted as missed; their projects with a deputy go to the deputy (unless the deputy is away
/// for the whole window too), the rest are recorded "on leave". A PM away when the window opens but back within it is asked when they are back. When the calendar
/// cannot be read, the reviews open as usual and the log says why.
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
    IEnumerable<IReviewEventsObserver>? observers = null,
    LeaveCalendar? leave = null,
    BlockerRegister? blockers = null) : IReviewDueHandler
{
    private const string DueFormat = "dddd d MMMM, HH:mm";

    public Task HandleAsync(ReviewDueEntry entry, CancellationToken cancellationToken) => entry.Kind switch
    {
        ReviewDueKind.Open => OpenAsync(entry, cancellationToken),
        ReviewDueKind.Remind => RemindAsync(entry, cancellationToken),
        ReviewDueKind.Deadline => DeadlineAsync(entry, cancellationToken),
        ReviewDueKind.OpenAfterLeave => OpenAfterLeaveAsync(entry, cancellationToken),
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

        switch (await ReadLeaveAsync(entry, cancellationToken))
        {
            case LeaveReading.Away { Back: null }:
                await OnLeaveAsync(entry, user, due, cancellationToken);
                return;
            case LeaveReading.Away { Back: { } back }:
                await scheduler.AddAsync(new ReviewDueEntry(back, ReviewDueKind.OpenAfterLeave, entry.UserKey, entry.Period, due), cancellationToken);
                LogDeferred(entry.UserKey, entry.Period, back);
                return;
        }

        await InviteAsync(entry with { ProjectCodes = due }, user, null, cancellationToken);
    }

    /// <summary>The PM is back from leave within the window: the round's projects still pending open now.</summary>
    private async Task OpenAfterLeaveAsync(ReviewDueEntry entry, CancellationToken cancellationToken)
    {
        var user = await people.GetAsync(entry.UserKey, cancellationToken);
        var pending = await PendingAsync(entry, cancellationToken);
        if (user is null || pending.Count == 0)
        {
            LogNothingDue(entry.UserKey, entry.Period);
            return;
        }

        await InviteAsync(entry with { ProjectCodes = [.. pending.Select(p => p.Code)] }, user, null, cancellationToken);
    }

    /// <summary>
    /// Opens the entry's projects in the person's chat (a deputy's when <paramref name="standingInFor"/> is the PM on
    /// leave), sends the invitation, and files the reminder and the deadline counted from the entry's time.
    /// </summary>
    private async Task InviteAsync(ReviewDueEntry entry, PmoUser user, PmoUser? standingInFor, CancellationToken cancellationToken)
    {
        var due = entry.ProjectCodes;
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
        var card = ReviewCards.Invitation(first, template, due, dueBy, culture, UserTimeZones.DateAt(time.GetUtcNow(), user.TimeZone), standingInFor?.Name);
        var keyed = entry with { StandingInFor = standingInFor?.UserKey };
        if (blockers is not null && await blockers.OpenOfProjectsAsync(due, cancellationToken) is { Count: > 0 } open)
        {
            // Last week's open items come first: the PM settles them before the questions.
            var now = time.GetUtcNow();
            await outbox.EnqueueAsync(
                new DeliveryRequest(keyed.MessageKey("review-blockers"), DeliveryTarget.PersonalChat(entry.UserKey), $"Before your review: {BlockerCards.Count(open.Count)} still open", BlockerCards.ForReview(open, now, UserTimeZones.DateAt(now, user.TimeZone))),
                cancellationToken);
        }

        await outbox.EnqueueAsync(
            new DeliveryRequest(keyed.MessageKey("review-open"), DeliveryTarget.PersonalChat(entry.UserKey), $"Time for your weekly project review: {ReviewCards.Describe(due)}", card),
            cancellationToken);
        await scheduler.AddAsync(keyed with { DueAt = entry.DueAt + options.Value.ReminderAfter, Kind = ReviewDueKind.Remind }, cancellationToken);
        await scheduler.AddAsync(keyed with { DueAt = deadline, Kind = ReviewDueKind.Deadline }, cancellationToken);
        LogOpened(entry.UserKey, entry.Period, due.Count);
        await ReviewObservers.NotifyAsync(observers, o => o.ReviewsOpenedAsync(entry.UserKey, entry.Period, due, cancellationToken), logger);
    }

    /// <summary>
    /// The PM is out of office for the whole window: projects with a deputy are asked of the deputy; the others are
    /// recorded "on leave" for the week. Nothing is sent to the PM, and nothing is filed to remind them or miss.
    /// </summary>
    private async Task OnLeaveAsync(ReviewDueEntry entry, PmoUser pm, IReadOnlyList<string> due, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var byDeputy = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var deputyAway = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var code in due)
        {
            if (await register.GetAsync(code, cancellationToken) is not { } stored)
            {
                continue;
            }

            if (stored.Project.Deputy is { } deputy && !string.Equals(deputy.UserKey, pm.UserKey, StringComparison.OrdinalIgnoreCase)
                && await people.GetAsync(deputy.UserKey, cancellationToken) is not null
                && !(deputyAway.TryGetValue(deputy.UserKey, out var away) ? away : deputyAway[deputy.UserKey] = await AwayAllWindowAsync(entry with { UserKey = deputy.UserKey }, cancellationToken)))
            {
                (byDeputy.TryGetValue(deputy.UserKey, out var codes) ? codes : byDeputy[deputy.UserKey] = []).Add(code);
            }
            else
            {
                await history.RecordOnLeaveAsync(stored.Project, entry.Period, now, cancellationToken);
            }
        }

        foreach (var (deputyKey, codes) in byDeputy)
        {
            var deputy = (await people.GetAsync(deputyKey, cancellationToken))!;
            await InviteAsync(new ReviewDueEntry(entry.DueAt, ReviewDueKind.Open, deputyKey, entry.Period, codes), deputy, pm, cancellationToken);
        }

        var toDeputies = byDeputy.Values.Sum(c => c.Count);
        LogOnLeave(entry.UserKey, entry.Period, due.Count - toDeputies, toDeputies);
    }

    /// <summary>A deputy away for the whole window too is not asked in the PM's place: the week is on leave.</summary>
    private async Task<bool> AwayAllWindowAsync(ReviewDueEntry entry, CancellationToken cancellationToken) =>
        await ReadLeaveAsync(entry, cancellationToken) is LeaveReading.Away { Back: null };

    private async Task<LeaveReading> ReadLeaveAsync(ReviewDueEntry entry, CancellationToken cancellationToken)
    {
        if (leave is null)
        {
            return new LeaveReading.Unknown("no leave calendar is registered");
        }

        var reading = await leave.ReadAsync(entry.UserKey, entry.DueAt, entry.DueAt + options.Value.DeadlineAfter, cancellationToken);
        if (reading is LeaveReading.Unknown unknown)
        {
            LogLeaveUnknown(entry.UserKey, entry.Period, unknown.Why);
        }

        return reading;
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
            new DeliveryRequest(entry.MessageKey("review-remind"), DeliveryTarget.PersonalChat(entry.UserKey), $"Reminder: your review of {ReviewCards.Describe(codes)} is due by {dueBy}", ReviewCards.Reminder(entry.Period, codes, dueBy, hasOpenReview)),
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
            entry.MessageKey("review-missed"),
            $"Missed review: {managerName}, {ReviewCards.Describe(codes)}, week {entry.Period}",
            ReviewCards.MissedForPmo(managerName, pending, entry.Period),
            cancellationToken);
        await outbox.EnqueueAsync(
            new DeliveryRequest(entry.MessageKey("review-missed-pm"), DeliveryTarget.PersonalChat(entry.UserKey), $"Your review of {ReviewCards.Describe(codes)} for week {entry.Period} was recorded as missed", ReviewCards.MissedForManager(pending, entry.Period)),
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
        UserTimeZones.Local(instant, zone, DueFormat);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reviews of {UserKey} for {Period}: nothing due")]
    private partial void LogNothingDue(string userKey, ReviewPeriod period);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reviews of {UserKey} for {Period} opened: {Count} projects")]
    private partial void LogOpened(string userKey, ReviewPeriod period, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reviews of {UserKey} for {Period} deferred: out of office until {Back:o}")]
    private partial void LogDeferred(string userKey, ReviewPeriod period, DateTimeOffset back);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reviews of {UserKey} for {Period}: on leave for the whole window; {OnLeave} projects recorded on leave, {ToDeputies} asked of deputies")]
    private partial void LogOnLeave(string userKey, ReviewPeriod period, int onLeave, int toDeputies);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reviews of {UserKey} for {Period} open without a leave check: {Why}")]
    private partial void LogLeaveUnknown(string userKey, ReviewPeriod period, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reviews of {UserKey} for {Period} reminded: {Count} projects")]
    private partial void LogReminded(string userKey, ReviewPeriod period, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reviews of {UserKey} for {Period} missed: {Count} projects")]
    private partial void LogMissed(string userKey, ReviewPeriod period, int count);
}
