using Microsoft.Extensions.Options;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Reviews.Schedule;

/// <summary>What to do with an Open entry that has come due.</summary>
public enum OpeningCheck
{
    /// <summary>Hand it over: the PM's reviews open now.</summary>
    Open,

    /// <summary>The PM's slot or time zone now puts the opening later; the entry was filed again at the new time.</summary>
    Refiled,

    /// <summary>The PM's schedule has filed another opening instead (a slot change raced the sweep); the entry was dropped.</summary>
    Superseded,
}

/// <summary>
/// Keeps each PM's weekly opening filed in the due-review index. The schedule row names the one Open entry that
/// stands for the PM (it is written first, under its ETag, and the index follows it), so an index write lost to a
/// crash is refiled by the next <see cref="EnsureScheduledAsync"/>, and a stray Open entry is recognised when it
/// comes due and dropped instead of opening a second review.
/// </summary>
public sealed partial class ReviewScheduler(
    ReviewScheduleStore schedules,
    ReviewDueIndex index,
    PeopleDirectory people,
    ProjectRegister projects,
    IOptions<ReviewsOptions> options,
    TimeProvider time,
    ILogger<ReviewScheduler> logger)
{
    /// <summary>An opening the PM's current zone puts later than this is refiled rather than opened early.</summary>
    public static readonly TimeSpan RefileTolerance = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far before a filed opening to look for the same week's opening in the PM's current zone: more than the
    /// 26 hours between the furthest zones (UTC-12 and UTC+14).
    /// </summary>
    private static readonly TimeSpan SameWeekWindow = TimeSpan.FromDays(2);

    private const int ReconcileParallelism = 8;

    public async Task<ReviewScheduleView> GetAsync(string userKey, CancellationToken cancellationToken)
    {
        var schedule = await schedules.GetAsync(userKey, cancellationToken);
        var (zone, known) = await ZoneOfAsync(userKey, cancellationToken);
        var slot = schedule?.Slot ?? await GetDefaultSlotAsync(cancellationToken);
        var opening = schedule?.Pending is { } pending
            ? LaterOpening(pending.DueAt, slot, zone) ?? pending
            : Next(slot, zone, time.GetUtcNow(), schedule?.LastOpened);
        var settings = options.Value;
        return new ReviewScheduleView(
            userKey,
            slot,
            schedule?.Slot is null,
            zone,
            known,
            opening.DueAt,
            opening.Period,
            opening.DueAt + settings.ReminderAfter,
            opening.DueAt + settings.DeadlineAfter,
            schedule?.Pending is not null);
    }

    /// <summary>The PMO's default slot: as set in chat, or as configured.</summary>
    public async Task<WeeklySlot> GetDefaultSlotAsync(CancellationToken cancellationToken) =>
        await schedules.GetDefaultAsync(cancellationToken) ?? new WeeklySlot(options.Value.DefaultDay, options.Value.DefaultHour);

    /// <summary>Files the PM's next opening unless one is filed already (and refiles a filed one whose index entry was lost).</summary>
    public async Task EnsureScheduledAsync(string userKey, CancellationToken cancellationToken)
    {
        if ((await schedules.GetAsync(userKey, cancellationToken))?.Pending is { } filed)
        {
            await index.AddAsync(filed.ToEntry(userKey), cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        await ChangeAsync(
            userKey,
            (current, zone, defaultSlot) => current?.Pending is not null
                ? null
                : (current ?? ReviewSchedule.Empty(userKey)) with { Pending = Next(current?.Slot ?? defaultSlot, zone, now, current?.LastOpened) },
            cancellationToken);
    }

    /// <summary>Sets the PM's own slot (null: back to the PMO's default) and moves their filed opening to it.</summary>
    public async Task SetSlotAsync(string userKey, WeeklySlot? slot, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await ChangeAsync(
            userKey,
            (current, zone, defaultSlot) =>
            {
                var schedule = current ?? ReviewSchedule.Empty(userKey);
                return schedule with { Slot = slot, Pending = Next(slot ?? defaultSlot, zone, now, schedule.LastOpened) };
            },
            cancellationToken);
    }

    /// <summary>
    /// Files the PM's opening again from their current slot and time zone, e.g. after they changed their time zone.
    /// A PM with nothing filed is left alone (<see cref="EnsureScheduledAsync"/> files them).
    /// </summary>
    public async Task RescheduleAsync(string userKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await ChangeAsync(userKey, (current, zone, defaultSlot) => Refiled(current, current?.Slot ?? defaultSlot, zone, now), cancellationToken);
    }

    /// <summary>Sets the PMO's default slot and moves the PMs who follow it. Returns how many PMs' openings moved.</summary>
    public async Task<int> SetDefaultSlotAsync(WeeklySlot slot, CancellationToken cancellationToken)
    {
        await schedules.SetDefaultAsync(slot, cancellationToken);
        var now = time.GetUtcNow();
        var moved = 0;
        await Parallel.ForEachAsync(
            await schedules.ListFollowingDefaultAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = ReconcileParallelism, CancellationToken = cancellationToken },
            async (userKey, token) =>
            {
                // The default is read again inside the move, so of two PMO members changing it at once the one
                // stored last is the one the followers end up on.
                var (_, wasMoved) = await ChangeAsync(
                    userKey,
                    (current, zone, defaultSlot) => current?.Slot is null ? Refiled(current, defaultSlot, zone, now) : null,
                    token);
                if (wasMoved)
                {
                    Interlocked.Increment(ref moved);
                }
            });
        return moved;
    }

    /// <summary>
    /// After an opening was handed over: records its period as opened and files the following week's opening
    /// (from now, if the opening was handled late, so a long outage does not open a burst of past weeks).
    /// </summary>
    public async Task ScheduleNextAsync(string userKey, DateTimeOffset afterOpening, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var after = afterOpening > now ? afterOpening : now;
        await ChangeAsync(
            userKey,
            (current, zone, defaultSlot) =>
            {
                var schedule = current ?? ReviewSchedule.Empty(userKey);
                var opened = schedule.Pending is { } handled && handled.DueAt == afterOpening ? handled.Period : ReviewPeriod.Of(afterOpening, zone);
                var lastOpened = schedule.LastOpened is { } last && last > opened ? last : opened;
                if (schedule.Pending is { } later && later.DueAt > afterOpening && later.Period > lastOpened)
                {
                    // Another sweeper, or a slot change, has filed a later week already.
                    return schedule.LastOpened == lastOpened ? null : schedule with { LastOpened = lastOpened };
                }

                return schedule with { LastOpened = lastOpened, Pending = Next(schedule.Slot ?? defaultSlot, zone, after, lastOpened) };
            },
            cancellationToken);
    }

    /// <summary>Files a reminder or deadline entry (the check-in files them when reviews open). Open entries come from the schedule.</summary>
    public Task AddAsync(ReviewDueEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind == ReviewDueKind.Open)
        {
            throw new ArgumentException(
                "Open entries are filed by the PM's schedule (EnsureScheduledAsync, SetSlotAsync, ScheduleNextAsync), so that a PM has exactly one.",
                nameof(entry));
        }

        return index.AddAsync(entry, cancellationToken);
    }

    /// <summary>
    /// Files an opening for every PM of an active project who has none. Reads the whole project register, so it
    /// belongs in a background job. Returns how many PMs were checked; one PM failing is logged and the rest go on.
    /// </summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var managers = (await projects.ListStoredAsync(cancellationToken)).Values
            .Where(p => p.Project.Status == ProjectStatus.Active)
            .Select(p => p.Project.Manager.UserKey)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var failed = 0;
        await Parallel.ForEachAsync(
            managers,
            new ParallelOptions { MaxDegreeOfParallelism = ReconcileParallelism, CancellationToken = cancellationToken },
            async (userKey, token) =>
            {
                try
                {
                    await EnsureScheduledAsync(userKey, token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    LogEnsureFailed(ex, userKey);
                }
            });
        return managers.Count - failed;
    }

    /// <summary>
    /// Decides, just before an Open entry is handed over, whether it still stands: it is dropped when the PM's
    /// schedule has filed another opening, and filed again when the PM's current slot and time zone put this week's
    /// opening more than <see cref="RefileTolerance"/> later (a PM who moved west opens at their new local time, not
    /// early). An opening that is now earlier opens at once: it cannot be moved into the past.
    /// </summary>
    public async Task<OpeningCheck> CheckOpeningAsync(ReviewDueEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var schedule = await schedules.GetAsync(entry.UserKey, cancellationToken);
        if (schedule?.Pending is { } filed && !filed.Matches(entry))
        {
            await index.RemoveAsync(entry, cancellationToken);
            return OpeningCheck.Superseded;
        }

        var (zone, _) = await ZoneOfAsync(entry.UserKey, cancellationToken);
        var slot = schedule?.Slot ?? await GetDefaultSlotAsync(cancellationToken);
        if (LaterOpening(entry.DueAt, slot, zone) is not { } later)
        {
            return OpeningCheck.Open;
        }

        var stored = await schedules.UpdateAsync(
            entry.UserKey,
            current => current?.Pending is { } pending && !pending.Matches(entry) ? null : (current ?? ReviewSchedule.Empty(entry.UserKey)) with { Pending = later },
            cancellationToken);
        if (stored?.Pending == later)
        {
            await index.AddAsync(later.ToEntry(entry.UserKey), cancellationToken);
        }

        await index.RemoveAsync(entry, cancellationToken);
        return stored?.Pending == later ? OpeningCheck.Refiled : OpeningCheck.Superseded;
    }

    /// <summary>
    /// Reads the PM's zone and the default, applies <paramref name="change"/> to the schedule row under its ETag,
    /// then makes the index follow: the filed opening is (re)added, and the one it replaced removed. Moved is true
    /// when this call replaced the filed opening.
    /// </summary>
    private async Task<(ReviewSchedule? Schedule, bool Moved)> ChangeAsync(
        string userKey, Func<ReviewSchedule?, TimeZoneInfo, WeeklySlot, ReviewSchedule?> change, CancellationToken cancellationToken)
    {
        var (zone, _) = await ZoneOfAsync(userKey, cancellationToken);
        var defaultSlot = await GetDefaultSlotAsync(cancellationToken);
        PendingOpening? before = null;
        var changed = false;
        var stored = await schedules.UpdateAsync(
            userKey,
            current =>
            {
                before = current?.Pending;
                var next = change(current, zone, defaultSlot);
                changed = next is not null && next != current;
                return changed ? next : null;
            },
            cancellationToken);
        var after = stored?.Pending;
        if (after is not null)
        {
            await index.AddAsync(after.ToEntry(userKey), cancellationToken);
        }

        if (before is not null && before != after)
        {
            await index.RemoveAsync(before.ToEntry(userKey), cancellationToken);
        }

        return (stored, changed && before != after);
    }

    /// <summary>The schedule with its filed opening recomputed from <paramref name="slot"/>; null when nothing is filed or nothing moves.</summary>
    private static ReviewSchedule? Refiled(ReviewSchedule? current, WeeklySlot slot, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (current?.Pending is null)
        {
            return null;
        }

        var next = Next(slot, zone, now, current.LastOpened);
        return next == current.Pending ? null : current with { Pending = next };
    }

    /// <summary>The first opening after <paramref name="after"/> in a week that has not opened yet.</summary>
    private static PendingOpening Next(WeeklySlot slot, TimeZoneInfo zone, DateTimeOffset after, ReviewPeriod? lastOpened)
    {
        var opening = ReviewScheduleCalculator.NextOpening(slot, zone, after);
        var period = ReviewPeriod.Of(opening, zone);

        // Bounded: each step is a week later, so at most a couple are ever needed.
        for (var weeks = 0; lastOpened is { } last && period <= last && weeks < 60; weeks++)
        {
            opening = ReviewScheduleCalculator.NextOpening(slot, zone, opening);
            period = ReviewPeriod.Of(opening, zone);
        }

        return new PendingOpening(opening, period);
    }

    /// <summary>This week's opening from the slot and zone, when it is later than the filed one by more than the tolerance.</summary>
    private static PendingOpening? LaterOpening(DateTimeOffset filed, WeeklySlot slot, TimeZoneInfo zone)
    {
        var recomputed = ReviewScheduleCalculator.NextOpening(slot, zone, filed - SameWeekWindow);
        return recomputed - filed > RefileTolerance ? new PendingOpening(recomputed, ReviewPeriod.Of(recomputed, zone)) : null;
    }

    private async Task<(TimeZoneInfo Zone, bool Known)> ZoneOfAsync(string userKey, CancellationToken cancellationToken)
    {
        var id = (await people.GetAsync(userKey, cancellationToken))?.TimeZone;
        return id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? (zone, true) : (TimeZoneInfo.Utc, false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not file the next review opening of {UserKey}; the next reconcile tries again")]
    private partial void LogEnsureFailed(Exception exception, string userKey);
}
