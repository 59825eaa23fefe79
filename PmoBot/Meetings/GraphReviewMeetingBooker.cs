using System.Net;
using Azure.Identity;
using PmoBot.Graph;

namespace PmoBot.Meetings;

/// <summary>
/// Books a 30-minute review meeting through Graph with app-only permissions: reads both calendars with
/// <c>getSchedule</c> (<c>findMeetingTimes</c> refuses application permissions, so a bot cannot use it), takes the
/// earliest slot in the next five working days when both are at work and free, and creates the Teams meeting in
/// the organiser's calendar with the PM invited. The request's transaction id goes on the event, so a second
/// attempt at the same meeting (a second press, a replayed POST) gets the event the first one created.
/// </summary>
public sealed partial class GraphReviewMeetingBooker(
    GraphClientAccessor client,
    GraphCalendarClient graph,
    MeetingPeople people,
    TimeProvider time,
    ILogger<GraphReviewMeetingBooker> logger) : IReviewMeetingBooker
{
    public const string ReadPermission = "Calendars.Read";
    public const string WritePermission = "Calendars.ReadWrite";

    /// <summary>A meeting starting in less than this would reach the PM too late to join.</summary>
    public static readonly TimeSpan MinimumNotice = TimeSpan.FromMinutes(15);

    /// <summary>Two calendar weeks always hold the organiser's next five working days; the finder cuts the rest.</summary>
    public static readonly TimeSpan ScheduleWindow = TimeSpan.FromDays(14);

    public async Task<MeetingBooking> BookAsync(MeetingRequest request, CancellationToken cancellationToken)
    {
        if (!client.IsConfigured)
        {
            return new MeetingBooking.NotConfigured($"Microsoft Graph is not configured, so PmoBot cannot read calendars or book meetings: an administrator must {GraphOptions.HowToConfigure}");
        }

        try
        {
            var booking = await BookConfiguredAsync(request, cancellationToken);
            LogOutcome(request.ProjectCode, booking.GetType().Name);
            return booking;
        }
        catch (AuthenticationFailedException ex)
        {
            return new MeetingBooking.Failed($"PmoBot could not sign in to Microsoft Graph; check Graph:TenantId, Graph:ClientId and the secret or managed identity ({ex.Message})");
        }
        catch (HttpRequestException ex)
        {
            return new MeetingBooking.Failed($"PmoBot could not reach Microsoft Graph at {client.BaseUrl} ({ex.Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new MeetingBooking.Failed("Microsoft Graph did not answer in time");
        }
    }

    private async Task<MeetingBooking> BookConfiguredAsync(MeetingRequest request, CancellationToken cancellationToken)
    {
        var (organiser, organiserProblem) = await people.ResolveAsync(request.OrganizerUserKey, cancellationToken);
        if (organiser is null)
        {
            return organiserProblem!;
        }

        var (attendee, attendeeProblem) = await people.ResolveAsync(request.AttendeeUserKey, cancellationToken);
        if (attendee is null)
        {
            return attendeeProblem!;
        }

        var from = SlotFinder.AlignUp(time.GetUtcNow() + MinimumNotice);
        IReadOnlyList<Microsoft.Graph.Models.ScheduleInformation> answer;
        try
        {
            answer = await graph.GetScheduleAsync(organiser.GraphId, [organiser.Address, attendee.Address], from, from + ScheduleWindow, cancellationToken);
        }
        catch (Exception ex) when (GraphFailure.TryRead(ex, out var failure))
        {
            return Refusal(failure, ReadPermission, "read the calendars");
        }

        var schedules = new List<PersonSchedule>();
        foreach (var (person, index) in new[] { (organiser, 0), (attendee, 1) })
        {
            var reading = GraphScheduleReader.Read(answer, person.Address, index, from, person.Zone);
            if (reading.AccessDenied)
            {
                return new MeetingBooking.Forbidden(ReadPermission);
            }

            if (reading.Schedule is null)
            {
                return new MeetingBooking.Failed($"Graph could not read {person.Name}'s calendar: {reading.Error}");
            }

            schedules.Add(reading.Schedule);
        }

        var search = SlotFinder.Find(from, schedules[0], schedules[1]);
        if (search.Slot is not { } start)
        {
            return new MeetingBooking.NoCommonSlot(search.NearestOptions);
        }

        var end = start + SlotFinder.SlotLength;
        var invitation = new MeetingInvitation(start, end, attendee.Address, attendee.Name, request.Subject, request.Body, request.TransactionId);
        Microsoft.Graph.Models.Event created;
        try
        {
            created = await graph.CreateEventAsync(organiser.GraphId, invitation, cancellationToken);
        }
        catch (Exception ex) when (GraphFailure.TryRead(ex, out var failure))
        {
            return Refusal(failure, WritePermission, "create the meeting");
        }

        // An event created earlier under the same transaction id keeps its own time, not the slot found now.
        var bookedStart = GraphTimeZones.ToInstant(created.Start) ?? start;
        var bookedEnd = GraphTimeZones.ToInstant(created.End) ?? end;
        return new MeetingBooking.Booked(bookedStart, bookedEnd, created.OnlineMeeting?.JoinUrl, created.Id ?? string.Empty);
    }

    /// <summary>What Graph's refusal means for the person waiting; 429/503 reach here only after the SDK's retries.</summary>
    public static MeetingBooking Refusal(GraphFailure failure, string permission, string what) => failure.Status switch
    {
        HttpStatusCode.Forbidden => new MeetingBooking.Forbidden(permission),
        HttpStatusCode.Unauthorized => new MeetingBooking.Failed($"Graph did not accept PmoBot's credentials (401) to {what}: check Graph:TenantId, Graph:ClientId and the secret"),
        HttpStatusCode.NotFound => new MeetingBooking.Failed($"Graph found no mailbox for the organiser (404), so PmoBot cannot {what}"),
        _ when failure.IsBusy => Busy(failure),
        _ => new MeetingBooking.Failed($"Graph could not {what} ({failure.Code}: {failure.Detail})"),
    };

    /// <summary>Throttling or unavailability that outlasted the SDK's retries, or asked for a longer wait than a user should sit through.</summary>
    public static MeetingBooking Busy(GraphFailure failure) =>
        new MeetingBooking.Failed($"Microsoft Graph is busy ({failure.Code}: {failure.Detail}); try again in a few minutes");

    [LoggerMessage(Level = LogLevel.Information, Message = "Review meeting for {ProjectCode}: {Outcome}")]
    private partial void LogOutcome(string projectCode, string outcome);
}
