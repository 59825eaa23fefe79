using System.Collections.Concurrent;
using PmoBot.Storage;

namespace PmoBot.Development.Events;

/// <summary>
/// Registers, waitlists and cancels people for events without ever exceeding capacity. Presses for one event are
/// queued in this process and committed in groups: one read of the counter row, the rules applied press by press in
/// arrival order, one transaction (<see cref="RegistrationStore.CommitAsync"/>). A storm of presses on one card costs
/// a few transactions rather than one ETag race per press; another instance committing in between only makes a group
/// re-read and re-apply.
/// </summary>
public sealed partial class RegistrationLedger(RegistrationStore store, TimeProvider time, ILogger<RegistrationLedger> logger)
{
    /// <summary>Presses per transaction: each may change its own row and promote one person (99 rows plus the counter at most).</summary>
    public const int MaxGroup = 40;

    /// <summary>Teams shows the latest responders' own view automatically; a card's refresh may list at most 60 people.</summary>
    public const int MaxRefreshUsers = Cards.AdaptiveCard.MaxRefreshUsers;

    private const int MaxAttempts = 60;

    private readonly ConcurrentDictionary<string, EventRows> rowsByEvent = new(StringComparer.Ordinal);
    private GroupCommitter<Press, ResponseOutcome>? presses;

    // Published once for all threads: two committers would mean two drainers for one event.
    private GroupCommitter<Press, ResponseOutcome> Presses =>
        LazyInitializer.EnsureInitialized(ref presses, () => new GroupCommitter<Press, ResponseOutcome>(CommitPressesAsync, MaxGroup));

    /// <param name="shown">The status the pressed card showed the person; null for a card that shows no one's (the channel's).</param>
    public Task<ResponseOutcome> RespondAsync(LearningEvent learningEvent, Registrant who, EventResponse response, CancellationToken cancellationToken, ShownStatus? shown = null)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        return Presses.EnqueueAsync(learningEvent.Id, new Press(learningEvent, who, response, shown), cancellationToken);
    }

    /// <summary>
    /// The PMO's attendance marks: each named person holding a seat becomes Attended or NoShow (others are left as
    /// they are). Returns every seat holder named, before and after (the same when already marked so).
    /// </summary>
    public async Task<IReadOnlyList<(Registration Before, Registration After)>> MarkAttendanceAsync(string eventId, IReadOnlyDictionary<string, bool> attendedByUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attendedByUser);
        if (attendedByUser.Count >= Storage.TableBatch.MaxOperationsPerTransaction)
        {
            throw new ArgumentException($"Mark at most {Storage.TableBatch.MaxOperationsPerTransaction - 1} people at a time.", nameof(attendedByUser));
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var read = await store.GetCountsAsync(eventId, cancellationToken);
            var rows = await store.GetManyAsync(eventId, attendedByUser.Keys, cancellationToken);
            var counts = read?.Counts ?? RegistrationCounts.Empty;
            var marks = new List<(Registration Before, Registration After)>();
            foreach (var (userKey, attended) in attendedByUser)
            {
                if (!rows.TryGetValue(userKey, out var row) || !row.HoldsSeat)
                {
                    continue;
                }

                var status = attended ? RegistrationStatus.Attended : RegistrationStatus.NoShow;
                marks.Add((row, row with { Status = status }));
                counts = counts.Move(row.Status, status);
            }

            var changed = marks.Where(m => m.Before.Status != m.After.Status).Select(m => m.After).ToList();
            if (changed.Count == 0 || await store.CommitAsync(eventId, read, counts with { Version = counts.Version + 1 }, changed, cancellationToken))
            {
                return marks;
            }

            await Task.Delay(Backoff(attempt), cancellationToken);
        }

        throw new Storage.ConcurrencyConflictException(RegistrationStore.TableName, eventId, "counter", MaxAttempts);
    }

    /// <summary>One group of presses on one event (the committer's partition is the event id); a failure is logged once for the group.</summary>
    private async Task<IReadOnlyList<ResponseOutcome>> CommitPressesAsync(string eventId, IReadOnlyList<Press> group)
    {
        try
        {
            // Only the event's one draining group reads and writes its rows.
            return await CommitGroupAsync(group[0].Event, group, rowsByEvent.GetOrAdd(eventId, _ => new EventRows()));
        }
        catch (Exception ex)
        {
            LogGroupFailed(ex, eventId, group.Count);
            throw;
        }
    }

    private async Task<IReadOnlyList<ResponseOutcome>> CommitGroupAsync(LearningEvent learningEvent, IReadOnlyList<Press> group, EventRows snapshot)
    {
        var cancellationToken = CancellationToken.None;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var read = await store.GetCountsAsync(learningEvent.Id, cancellationToken);
            var readCounts = read?.Counts ?? RegistrationCounts.Empty;
            var known = await snapshot.RowsAtAsync(readCounts.Version, () => store.ListAsync(learningEvent.Id, cancellationToken));
            var rows = group.Select(p => p.Who.UserKey).Distinct(StringComparer.Ordinal)
                .Where(known.ContainsKey).ToDictionary(key => key, key => known[key], StringComparer.Ordinal);
            var plan = new GroupPlan(learningEvent, readCounts, rows, now);
            var outcomes = group.Select(p => plan.Apply(p.Who, p.Response, p.Shown)).ToList();
            var promoted = plan.Promote(known.Values.Where(r => r.Status == RegistrationStatus.Waitlisted));
            if (plan.Changed.Count == 0)
            {
                return outcomes.Select(o => o with { Counts = plan.Counts }).ToList();
            }

            var counts = plan.Counts with { Version = plan.Counts.Version + 1 };
            if (await store.CommitAsync(learningEvent.Id, read, counts, plan.Changed.Values, cancellationToken))
            {
                snapshot.Committed(counts.Version, plan.Changed.Values);
                // The promotions go to the outcome of the press that freed the seats (the first cancellation), which tells them.
                var freed = outcomes.FindIndex(o => o.Changed && o.Before?.HoldsSeat == true && o.After?.HoldsSeat == false);
                return outcomes.Select((o, i) => o with { Counts = counts, Promoted = i == freed ? promoted : null, WaitlistPlace = plan.PlaceOfNewcomer(o) }).ToList();
            }

            LogConflict(learningEvent.Id, attempt);
            await Task.Delay(Backoff(attempt), cancellationToken);
        }

        throw new Storage.ConcurrencyConflictException(RegistrationStore.TableName, learningEvent.Id, "counter", MaxAttempts);
    }

    /// <summary>A short random pause after losing a race to another instance (real time: it spaces out storage calls, it schedules nothing).</summary>
    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + (Math.Min(attempt, 10) * 5)));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Registrations for {EventId} changed under a commit (attempt {Attempt}); re-reading")]
    private partial void LogConflict(string eventId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Registrations for {EventId} could not be committed ({Count} presses)")]
    private partial void LogGroupFailed(Exception exception, string eventId, int count);

    private sealed record Press(LearningEvent Event, Registrant Who, EventResponse Response, ShownStatus? Shown);

    /// <summary>One group's presses applied in order to the counts and rows as read; what changed is committed together.</summary>
    private sealed class GroupPlan(LearningEvent learningEvent, RegistrationCounts counts, Dictionary<string, Registration> rows, DateTimeOffset now)
    {
        public RegistrationCounts Counts { get; private set; } = counts;

        public Dictionary<string, Registration> Changed { get; } = new(StringComparer.Ordinal);

        public ResponseOutcome Apply(Registrant who, EventResponse response, ShownStatus? shown)
        {
            rows.TryGetValue(who.UserKey, out var before);
            if (shown is not null && shown.Status != before?.Status && EventCards.ButtonFor(response, shown.Status) != EventCards.ButtonFor(response, before?.Status))
            {
                // The button meant something for the status the card showed that it does not mean now (Leave the waitlist
                // once promoted would give up a seat), or is not offered now. Checked here, in the press's turn within the
                // group, so a promotion committed before it counts and one after it (this group's) does not.
                return new ResponseOutcome(before, before, Counts, Outdated: true);
            }

            var (status, refusal) = RegistrationRules.Next(learningEvent, before?.Status, response, Counts, now);
            if (status is not { } next)
            {
                return new ResponseOutcome(before, before, Counts, refusal);
            }

            var seq = before?.Seq ?? 0;
            if (next == RegistrationStatus.Waitlisted)
            {
                seq = Counts.NextSeq;
                Counts = Counts with { NextSeq = Counts.NextSeq + 1 };
            }

            var after = new Registration(learningEvent.Id, who.UserKey, who.Name, who.TeamsUserId ?? before?.TeamsUserId, next, seq, now, before?.PromotedAt);
            Counts = Counts.Move(before?.Status, next);
            if (who.TeamsUserId is { Length: > 0 } teamsId)
            {
                var recent = Counts.RecentTeamsIds.Where(id => id != teamsId).Append(teamsId).TakeLast(MaxRefreshUsers).ToList();
                Counts = Counts with { RecentTeamsIds = recent };
            }

            rows[who.UserKey] = after;
            Changed[who.UserKey] = after;
            return new ResponseOutcome(before, after, Counts);
        }

        /// <summary>
        /// The place of someone this group put on the waitlist, without reading the waitlist: everyone who joined after
        /// them joined in this group (places are handed out in order), so the ones behind them are all in these rows.
        /// Null for anyone else (their place needs the stored waitlist).
        /// </summary>
        public int? PlaceOfNewcomer(ResponseOutcome outcome)
        {
            if (outcome.After is not { Status: RegistrationStatus.Waitlisted } after || outcome.Before?.Status == RegistrationStatus.Waitlisted
                || !rows.TryGetValue(after.UserKey, out var now) || now.Status != RegistrationStatus.Waitlisted)
            {
                return null;
            }

            var behind = rows.Values.Count(r => r.Status == RegistrationStatus.Waitlisted && r.Seq > now.Seq);
            return Counts.Waitlisted - behind;
        }

        /// <summary>Fills seats a cancellation freed from the waitlist, first come first served, until the event starts.</summary>
        public List<Registration> Promote(IEnumerable<Registration> storedWaitlist)
        {
            var promoted = new List<Registration>();
            if (Counts.Seats >= learningEvent.Capacity || Counts.Waitlisted <= 0 || learningEvent.HasStarted(now))
            {
                return promoted;
            }

            var waiting = storedWaitlist
                .Where(r => !rows.ContainsKey(r.UserKey))
                .Concat(rows.Values.Where(r => r.Status == RegistrationStatus.Waitlisted))
                .OrderBy(r => r.Seq)
                .ToList();
            foreach (var next in waiting)
            {
                if (Counts.Seats >= learningEvent.Capacity || Changed.Count >= TableLimit)
                {
                    break;
                }

                var seated = next with { Status = RegistrationStatus.Registered, PromotedAt = now };
                Counts = Counts.Move(RegistrationStatus.Waitlisted, RegistrationStatus.Registered);
                rows[next.UserKey] = seated;
                Changed[next.UserKey] = seated;
                promoted.Add(seated);
            }

            return promoted;
        }

        private const int TableLimit = Storage.TableBatch.MaxOperationsPerTransaction - 1;
    }
}

/// <summary>
/// Every person's row of one event as of a counter version, kept between groups so a group costs one counter read and
/// one transaction instead of a read per presser and a query of the waitlist. Every commit bumps the counter's version
/// in the same transaction as its rows, so a version seen on the counter that is not the one held here means someone
/// else (another instance, the attendance marks) wrote: the rows are read again, one partition query.
/// </summary>
internal sealed class EventRows
{
    private Dictionary<string, Registration> rows = new(StringComparer.Ordinal);
    private long? version;

    public async Task<IReadOnlyDictionary<string, Registration>> RowsAtAsync(long counterVersion, Func<Task<IReadOnlyList<Registration>>> readAll)
    {
        if (version != counterVersion)
        {
            // A version that is not ours (or none held yet): read them all. Rows written after the counter was read make
            // this copy newer than its label, which only makes this group's commit fail on the ETag and read again.
            rows = counterVersion == 0 ? new(StringComparer.Ordinal) : (await readAll()).ToDictionary(r => r.UserKey, StringComparer.Ordinal);
            version = counterVersion;
        }

        return rows;
    }

    public void Committed(long newVersion, IEnumerable<Registration> changed)
    {
        foreach (var row in changed)
        {
            rows[row.UserKey] = row;
        }

        version = newVersion;
    }
}

/// <summary>What a press does to a person's status, given the event, the counts and the time; or why it does nothing.</summary>
public static class RegistrationRules
{
    public static (RegistrationStatus? Next, string? Refusal) Next(LearningEvent learningEvent, RegistrationStatus? current, EventResponse response, RegistrationCounts counts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(counts);
        if (current is RegistrationStatus.Attended or RegistrationStatus.NoShow)
        {
            return (null, "The event is over and your attendance is recorded; nothing was changed.");
        }

        switch (response)
        {
            case EventResponse.Register:
                if (current is RegistrationStatus.Registered or RegistrationStatus.Waitlisted)
                {
                    return (null, null);
                }

                if (learningEvent.HasStarted(now))
                {
                    return (null, "The event has started, so registration is closed.");
                }

                if (!learningEvent.IsRegistrationOpen(now))
                {
                    return (null, "Registration closed at the deadline, so you were not registered.");
                }

                return counts.Seats < learningEvent.Capacity && counts.Waitlisted == 0
                    ? (RegistrationStatus.Registered, null)
                    : (RegistrationStatus.Waitlisted, null);

            case EventResponse.Interested:
                return current switch
                {
                    RegistrationStatus.Registered or RegistrationStatus.Waitlisted => (null, null),
                    RegistrationStatus.Interested => (null, null),
                    _ => (RegistrationStatus.Interested, null),
                };

            default:
                if (current == RegistrationStatus.Cancelled)
                {
                    return (null, null);
                }

                return learningEvent.HasStarted(now) && current == RegistrationStatus.Registered
                    ? (null, "The event has started; the PMO records who attended. Nothing was changed.")
                    : (RegistrationStatus.Cancelled, null);
        }
    }
}
