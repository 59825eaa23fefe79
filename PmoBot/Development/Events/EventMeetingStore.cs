using System.Collections.Concurrent;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Development.Events;

/// <summary>An online event's Teams meeting: the organiser's calendar event in Graph, its join link, and its iCalendar id (each attendee's copy has the same).</summary>
public sealed record EventMeeting(string EventId, string OrganiserKey, string GraphEventId, string JoinUrl, string ICalUId, DateTimeOffset CreatedAt);

/// <summary>Where one registrant stands with the meeting: invited (the invitation forwarded to them alone), and declined (their copy declined when they cancelled).</summary>
public sealed record MeetingAttendee(string EventId, string UserKey, string Address, bool Invited, bool Declined, DateTimeOffset UpdatedAt);

/// <summary>
/// Table <c>EventMeetings</c>: PartitionKey the event id; RowKey <c>meeting</c> for the Teams meeting, and
/// <c>a|{user key}</c> for each registrant's invitation state. An event's sync reads its partition once.
/// </summary>
public sealed class EventMeetingStore(TableServiceClient service)
{
    public const string TableName = "EventMeetings";
    private const string MeetingRow = "meeting";
    private const string AttendeePrefix = "a|";
    private const int MaxKept = 1_000;

    private readonly TableClient table = service.GetTableClient(TableName);

    // A meeting is created once per event and not changed after, so one read serves every later press on the card.
    private readonly ConcurrentDictionary<string, EventMeeting> kept = new(StringComparer.Ordinal);

    /// <summary>The event's online meeting; one found is kept (every press on the card shows its join link).</summary>
    public async Task<EventMeeting?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        if (kept.TryGetValue(eventId, out var known))
        {
            return known;
        }

        var entity = await table.GetEntityIfExistsAsync<TableEntity>(eventId, MeetingRow, cancellationToken: cancellationToken);
        if (!entity.HasValue)
        {
            return null;
        }

        if (kept.Count >= MaxKept)
        {
            kept.Clear();
        }

        return kept[eventId] = MeetingOf(entity.Value!);
    }

    public async Task SaveAsync(EventMeeting meeting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        kept.TryRemove(meeting.EventId, out _);
        await table.UpsertEntityAsync(
            new TableEntity(meeting.EventId, MeetingRow)
            {
                [nameof(EventMeeting.OrganiserKey)] = meeting.OrganiserKey,
                [nameof(EventMeeting.GraphEventId)] = meeting.GraphEventId,
                [nameof(EventMeeting.JoinUrl)] = meeting.JoinUrl,
                [nameof(EventMeeting.ICalUId)] = meeting.ICalUId,
                [nameof(EventMeeting.CreatedAt)] = meeting.CreatedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task<IReadOnlyList<MeetingAttendee>> ListAttendeesAsync(string eventId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey gt {AttendeePrefix} and RowKey lt {"a}"}");
        var found = new List<MeetingAttendee>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(new MeetingAttendee(
                e.PartitionKey,
                e.GetString(nameof(MeetingAttendee.UserKey)),
                e.GetString(nameof(MeetingAttendee.Address)) ?? string.Empty,
                e.GetBoolean(nameof(MeetingAttendee.Invited)) ?? false,
                e.GetBoolean(nameof(MeetingAttendee.Declined)) ?? false,
                e.GetDateTimeOffset(nameof(MeetingAttendee.UpdatedAt)) ?? DateTimeOffset.MinValue));
        }

        return found;
    }

    public Task SaveAttendeeAsync(MeetingAttendee attendee, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attendee);
        return table.UpsertEntityAsync(
            new TableEntity(attendee.EventId, AttendeePrefix + TableKey.Escape(attendee.UserKey))
            {
                [nameof(MeetingAttendee.UserKey)] = attendee.UserKey,
                [nameof(MeetingAttendee.Address)] = attendee.Address,
                [nameof(MeetingAttendee.Invited)] = attendee.Invited,
                [nameof(MeetingAttendee.Declined)] = attendee.Declined,
                [nameof(MeetingAttendee.UpdatedAt)] = attendee.UpdatedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    private static EventMeeting MeetingOf(TableEntity e) => new(
        e.PartitionKey,
        e.GetString(nameof(EventMeeting.OrganiserKey)),
        e.GetString(nameof(EventMeeting.GraphEventId)),
        e.GetString(nameof(EventMeeting.JoinUrl)),
        e.GetString(nameof(EventMeeting.ICalUId)) ?? string.Empty,
        e.GetDateTimeOffset(nameof(EventMeeting.CreatedAt)) ?? DateTimeOffset.MinValue);
}
