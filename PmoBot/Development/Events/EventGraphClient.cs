using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.Events.Item.Decline;
using Microsoft.Graph.Users.Item.Events.Item.Forward;
using PmoBot.Graph;
using PmoBot.Meetings;

namespace PmoBot.Development.Events;

/// <summary>One attendee's time in the meeting, as the Teams attendance report gives it.</summary>
public sealed record AttendanceRecordLine(string? UserId, string? Address, int Seconds);

/// <summary>
/// The Graph calls an online learning event needs, on the one <see cref="GraphClientAccessor"/> client. Adding a
/// registrant forwards the organiser's meeting to that one person (<c>POST .../events/{id}/forward</c>); nothing ever
/// writes the attendee list, so nobody already invited gets the invitation again. A cancellation declines that person's
/// own copy of the meeting, which touches nobody else's.
/// </summary>
public sealed class EventGraphClient(GraphClientAccessor graph)
{
    private const string UtcPreference = "outlook.timezone=\"UTC\"";

    public bool IsConfigured => graph.IsConfigured;

    /// <summary><c>POST /users/{organiser}/events</c>: the Teams meeting, nobody invited yet; the transaction id makes a repeat find the same event.</summary>
    public async Task<EventMeeting> CreateMeetingAsync(LearningEvent learningEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        var meeting = new Event
        {
            Subject = learningEvent.Title,
            Body = new ItemBody { ContentType = BodyType.Text, Content = $"{learningEvent.Description}\n\nRegistration through PmoBot ({learningEvent.Id}): registered people get this invitation." },
            Start = GraphTimeZones.ToGraph(learningEvent.Start),
            End = GraphTimeZones.ToGraph(learningEvent.End),
            IsOnlineMeeting = true,
            OnlineMeetingProvider = OnlineMeetingProviderType.TeamsForBusiness,
            AllowNewTimeProposals = false,
            ResponseRequested = false,
            TransactionId = MeetingTransaction.For("learning-event", learningEvent.Id),
        };
        var created = await graph.Client.Users[learningEvent.OrganiserKey].Events.PostAsync(meeting, request => request.Headers.Add("Prefer", UtcPreference), cancellationToken)
            ?? throw new InvalidOperationException("Graph answered the meeting creation without the event");
        var joinUrl = created.OnlineMeeting?.JoinUrl ?? throw new InvalidOperationException("Graph created the event without a Teams meeting (is Teams enabled for the organiser?)");
        return new EventMeeting(learningEvent.Id, learningEvent.OrganiserKey, created.Id!, joinUrl, created.ICalUId ?? string.Empty, now);
    }

    /// <summary><c>POST /users/{organiser}/events/{id}/forward</c> to this one person: they get the invitation, nobody else hears of it.</summary>
    public Task InviteAsync(EventMeeting meeting, string address, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        return graph.Client.Users[meeting.OrganiserKey].Events[meeting.GraphEventId].Forward.PostAsync(
            new ForwardPostRequestBody
            {
                ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = address, Name = name } }],
                Comment = "You registered in PmoBot: here is the Teams meeting.",
            },
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The person's own copy of the meeting (<c>GET /users/{attendee}/events?$filter=iCalUId eq ...</c>) declined
    /// with a response to the organiser (<c>POST .../decline</c>). False when they have no copy (never accepted delivery).
    /// </summary>
    public async Task<bool> DeclineForAsync(EventMeeting meeting, string attendeeKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var copies = await graph.Client.Users[attendeeKey].Events.GetAsync(
            request =>
            {
                request.QueryParameters.Filter = $"iCalUId eq '{meeting.ICalUId.Replace("'", "''", StringComparison.Ordinal)}'";
                request.QueryParameters.Select = ["id"];
            },
            cancellationToken);
        var copy = copies?.Value?.FirstOrDefault();
        if (copy?.Id is null)
        {
            return false;
        }

        await graph.Client.Users[attendeeKey].Events[copy.Id].Decline.PostAsync(
            new DeclinePostRequestBody { Comment = "Cancelled in PmoBot: my place goes to the next on the waitlist.", SendResponse = true },
            cancellationToken: cancellationToken);
        return true;
    }

    /// <summary><c>GET /users/{id}</c>: the mail address of someone PmoBot knows only by Entra object id.</summary>
    public async Task<string?> AddressOfAsync(string userKey, CancellationToken cancellationToken)
    {
        var user = await graph.Client.Users[userKey].GetAsync(request => request.QueryParameters.Select = ["mail", "userPrincipalName"], cancellationToken);
        return user?.Mail ?? user?.UserPrincipalName;
    }

    /// <summary>
    /// The meeting's attendance: <c>GET /users/{organiser}/onlineMeetings?$filter=JoinWebUrl eq ...</c>, then each of its
    /// <c>attendanceReports</c> and their <c>attendanceRecords</c> (one report per time the meeting ran); seconds add up.
    /// </summary>
    public async Task<IReadOnlyList<AttendanceRecordLine>> AttendanceAsync(EventMeeting meeting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var meetings = await graph.Client.Users[meeting.OrganiserKey].OnlineMeetings.GetAsync(
            request => request.QueryParameters.Filter = $"JoinWebUrl eq '{meeting.JoinUrl.Replace("'", "''", StringComparison.Ordinal)}'",
            cancellationToken);
        var onlineMeetingId = meetings?.Value?.FirstOrDefault()?.Id;
        if (onlineMeetingId is null)
        {
            return [];
        }

        var lines = new List<AttendanceRecordLine>();
        var reports = await graph.Client.Users[meeting.OrganiserKey].OnlineMeetings[onlineMeetingId].AttendanceReports.GetAsync(cancellationToken: cancellationToken);
        foreach (var report in reports?.Value ?? [])
        {
            var records = await graph.Client.Users[meeting.OrganiserKey].OnlineMeetings[onlineMeetingId].AttendanceReports[report.Id].AttendanceRecords.GetAsync(cancellationToken: cancellationToken);
            lines.AddRange((records?.Value ?? []).Select(r => new AttendanceRecordLine(r.Identity?.Id, r.EmailAddress, r.TotalAttendanceInSeconds ?? 0)));
        }

        return lines;
    }
}
