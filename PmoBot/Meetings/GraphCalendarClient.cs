using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.Calendar.GetSchedule;
using PmoBot.Graph;

namespace PmoBot.Meetings;

/// <summary>
/// The Graph calls a review meeting needs, through the SDK's request builders on the one client
/// (<see cref="GraphClientAccessor"/>). Times go and come back in UTC. Throttling is retried by the SDK's retry
/// handler; what Graph still refuses arrives as the SDK's exceptions, which <see cref="GraphFailure"/> reads.
/// </summary>
public sealed class GraphCalendarClient(GraphClientAccessor graph)
{
    /// <summary>Busy periods, working hours and the created event come back in UTC, whatever each mailbox's own zone.</summary>
    private const string UtcPreference = "outlook.timezone=\"UTC\"";

    /// <summary><c>POST /users/{organiser}/calendar/getSchedule</c>: free/busy and working hours of each address.</summary>
    public async Task<IReadOnlyList<ScheduleInformation>> GetScheduleAsync(string organiser, IReadOnlyList<string> addresses, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var body = new GetSchedulePostRequestBody
        {
            Schedules = [.. addresses],
            StartTime = GraphTimeZones.ToGraph(start),
            EndTime = GraphTimeZones.ToGraph(end),
            AvailabilityViewInterval = (int)SlotFinder.SlotLength.TotalMinutes,
        };
        var answer = await graph.Client.Users[organiser].Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(
            body, request => request.Headers.Add("Prefer", UtcPreference), cancellationToken);
        return answer?.Value ?? [];
    }

    /// <summary>
    /// <c>POST /users/{organiser}/events</c>: the Teams meeting in the organiser's calendar, the attendee invited. The
    /// invitation's transaction id makes Graph create it once, however often the POST is replayed or repeated.
    /// </summary>
    public async Task<Event> CreateEventAsync(string organiser, MeetingInvitation invitation, CancellationToken cancellationToken)
    {
        var meeting = new Event
        {
            Subject = invitation.Subject,
            Body = new ItemBody { ContentType = BodyType.Text, Content = invitation.Body },
            Start = GraphTimeZones.ToGraph(invitation.Start),
            End = GraphTimeZones.ToGraph(invitation.End),
            Attendees =
            [
                new Attendee
                {
                    EmailAddress = new EmailAddress { Address = invitation.AttendeeAddress, Name = invitation.AttendeeName },
                    Type = AttendeeType.Required,
                },
            ],
            IsOnlineMeeting = true,
            OnlineMeetingProvider = OnlineMeetingProviderType.TeamsForBusiness,
            AllowNewTimeProposals = true,
            TransactionId = invitation.TransactionId,
        };
        return await graph.Client.Users[organiser].Events.PostAsync(meeting, request => request.Headers.Add("Prefer", UtcPreference), cancellationToken)
            ?? throw new InvalidOperationException("Graph answered the event creation without the event");
    }

    /// <summary><c>GET /users/{id}</c> for the mail address of someone PmoBot only knows by Entra object id.</summary>
    public Task<User?> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        graph.Client.Users[userId].GetAsync(request => request.QueryParameters.Select = ["displayName", "mail", "userPrincipalName"], cancellationToken);
}

/// <summary>
/// The event to create: when, with whom, and what it says. <paramref name="TransactionId"/> is the same for every
/// attempt at the same meeting (the warning's, for a warning's review), so Graph creates one event.
/// </summary>
public sealed record MeetingInvitation(DateTimeOffset Start, DateTimeOffset End, string AttendeeAddress, string AttendeeName, string Subject, string Body, string TransactionId);
