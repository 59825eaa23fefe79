using Microsoft.Extensions.Options;
using PmoBot.Graph;
using PmoBot.Hosting;
using PmoBot.People;

namespace PmoBot.Development.Events;

/// <summary>
/// Keeps an online event's Teams meeting in step with its registrations, off the registration path: every
/// <see cref="EventsOptions.MeetingSyncInterval"/> each upcoming online event gets its meeting (if it has none yet),
/// every newly registered person is invited alone (the meeting forwarded to them) and every person who was invited and
/// no longer holds a place has their own copy declined. What is done is recorded per person, so nobody is invited twice
/// by design (a crash between Graph's answer and the record could repeat one person's invitation, never anyone else's).
/// </summary>
public sealed partial class OnlineEventMeetings(
    EventStore events,
    RegistrationStore registrations,
    EventMeetingStore meetings,
    EventGraphClient graph,
    PeopleDirectory people,
    IOptions<EventsOptions> options,
    TimeProvider time,
    ILogger<OnlineEventMeetings> logger) : ISweep
{
    /// <summary>At least this share of the scheduled time in the meeting counts as attended.</summary>
    public const double AttendedShare = 0.5;

    public TimeSpan Interval => options.Value.MeetingSyncInterval;

    public bool Enabled => options.Value.BackgroundEnabled;

    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        if (!graph.IsConfigured)
        {
            return 0;
        }

        var changes = 0;
        foreach (var learningEvent in (await events.ListUpcomingAsync(time.GetUtcNow(), cancellationToken)).Where(e => e.Online))
        {
            try
            {
                changes += await SyncAsync(learningEvent, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Graph's refusal (down, throttling) is expected now and then and says all in one line; anything else keeps its stack.
                if (GraphFailure.TryRead(ex, out var failure))
                {
                    LogSyncRefused(learningEvent.Id, failure.Code, failure.Detail);
                }
                else
                {
                    LogSyncFailed(ex, learningEvent.Id, ex.Message);
                }
            }
        }

        return changes;
    }

    /// <summary>The meeting, created once (Graph's transaction id makes a repeat find it).</summary>
    public async Task<EventMeeting> EnsureMeetingAsync(LearningEvent learningEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        if (await meetings.GetAsync(learningEvent.Id, cancellationToken) is { } existing)
        {
            return existing;
        }

        var created = await graph.CreateMeetingAsync(learningEvent, time.GetUtcNow(), cancellationToken);
        await meetings.SaveAsync(created, cancellationToken);
        return created;
    }

    /// <returns>How many people were invited or declined.</returns>
    public async Task<int> SyncAsync(LearningEvent learningEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        if (learningEvent.HasStarted(time.GetUtcNow()))
        {
            return 0;
        }

        var meeting = await EnsureMeetingAsync(learningEvent, cancellationToken);
        var seated = (await registrations.ListAsync(learningEvent.Id, cancellationToken, RegistrationStatus.Registered)).ToDictionary(r => r.UserKey, StringComparer.Ordinal);
        var attendees = (await meetings.ListAttendeesAsync(learningEvent.Id, cancellationToken)).ToDictionary(a => a.UserKey, StringComparer.Ordinal);
        var changes = 0;
        foreach (var registration in seated.Values.Where(r => !attendees.TryGetValue(r.UserKey, out var a) || !a.Invited || a.Declined).OrderBy(r => r.RespondedAt))
        {
            var address = attendees.GetValueOrDefault(registration.UserKey)?.Address is { Length: > 0 } known
                ? known
                : (await people.GetAsync(registration.UserKey, cancellationToken))?.Email ?? await graph.AddressOfAsync(registration.UserKey, cancellationToken);
            if (string.IsNullOrWhiteSpace(address))
            {
                LogNoAddress(learningEvent.Id, registration.UserKey);
                continue;
            }

            await graph.InviteAsync(meeting, address, registration.Name, cancellationToken);
            await meetings.SaveAttendeeAsync(new MeetingAttendee(learningEvent.Id, registration.UserKey, address, true, false, time.GetUtcNow()), cancellationToken);
            changes++;
        }

        foreach (var gone in attendees.Values.Where(a => a.Invited && !a.Declined && !seated.ContainsKey(a.UserKey)))
        {
            await graph.DeclineForAsync(meeting, gone.UserKey, cancellationToken);
            await meetings.SaveAttendeeAsync(gone with { Declined = true, UpdatedAt = time.GetUtcNow() }, cancellationToken);
            changes++;
        }

        return changes;
    }

    /// <summary>
    /// Who attended, from the Teams attendance report: each person holding a place, attended when their time in the
    /// meeting (all its sessions) reaches <see cref="AttendedShare"/> of the scheduled length, otherwise a no-show.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, bool>> AttendanceAsync(LearningEvent learningEvent, IReadOnlyList<Registration> seated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(seated);
        var meeting = await meetings.GetAsync(learningEvent.Id, cancellationToken);
        if (meeting is null)
        {
            return new Dictionary<string, bool>();
        }

        var lines = await graph.AttendanceAsync(meeting, cancellationToken);
        var addresses = (await meetings.ListAttendeesAsync(learningEvent.Id, cancellationToken)).ToDictionary(a => a.UserKey, a => a.Address, StringComparer.Ordinal);
        var needed = (learningEvent.End - learningEvent.Start).TotalSeconds * AttendedShare;
        return seated.ToDictionary(
            r => r.UserKey,
            r => lines.Where(l => string.Equals(l.UserId, r.UserKey, StringComparison.OrdinalIgnoreCase)
                    || (addresses.TryGetValue(r.UserKey, out var address) && string.Equals(l.Address, address, StringComparison.OrdinalIgnoreCase)))
                .Sum(l => l.Seconds) >= needed,
            StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Teams meeting of {EventId} could not be brought up to date: Graph answered {Status} ({Reason}); retrying at the next sync")]
    private partial void LogSyncRefused(string eventId, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Teams meeting of {EventId} could not be brought up to date: {Reason}; retrying at the next sync")]
    private partial void LogSyncFailed(Exception exception, string eventId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No mail address for {UserKey}, registered for {EventId}: not invited to the Teams meeting")]
    private partial void LogNoAddress(string eventId, string userKey);
}
