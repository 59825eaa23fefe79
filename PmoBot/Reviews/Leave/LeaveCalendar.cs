using Azure.Identity;
using PmoBot.Graph;
using PmoBot.Meetings;

namespace PmoBot.Reviews.Leave;

/// <summary>
/// Reads whether a PM is on leave over their review window, from their calendar through Graph's
/// <c>POST /users/{id}/calendar/getSchedule</c> (application permission <c>Calendars.Read</c>). Never throws for
/// Graph's sake: not configured, refused, throttled past the SDK's retries or unreachable, the answer is
/// <see cref="LeaveReading.Unknown"/> with the reason, and the weekly round goes on as if the PM were at work.
/// </summary>
public sealed class LeaveCalendar(GraphClientAccessor graph, GraphCalendarClient calendar, MeetingPeople people)
{
    public const string Permission = "Calendars.Read";

    public async Task<LeaveReading> ReadAsync(string userKey, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        if (!graph.IsConfigured)
        {
            return new LeaveReading.Unknown($"Microsoft Graph is not configured ({GraphOptions.HowToConfigure})");
        }

        try
        {
            var (person, problem) = await people.ResolveAsync(userKey, cancellationToken);
            if (person is null)
            {
                return new LeaveReading.Unknown(Describe(problem));
            }

            var answer = await calendar.GetScheduleAsync(person.GraphId, [person.Address], start, end, cancellationToken);
            var entry = answer.FirstOrDefault(s => string.Equals(s.ScheduleId, person.Address, StringComparison.OrdinalIgnoreCase)) ?? (answer.Count > 0 ? answer[0] : null);
            return entry is null
                ? new LeaveReading.Unknown("Graph returned no schedule")
                : LeaveDetector.Read(entry, start, end, SlotFinder.SlotLength, person.Zone);
        }
        catch (Exception ex) when (GraphFailure.TryRead(ex, out var failure))
        {
            return new LeaveReading.Unknown(failure.Code is 401 or 403
                ? $"Graph refused to read the calendar ({failure.Code}); grant the application permission {Permission}"
                : $"Graph answered {failure.Code}: {failure.Detail}");
        }
        catch (AuthenticationFailedException ex)
        {
            return new LeaveReading.Unknown($"PmoBot could not sign in to Microsoft Graph ({ex.Message})");
        }
        catch (HttpRequestException ex)
        {
            return new LeaveReading.Unknown($"Microsoft Graph at {graph.BaseUrl} could not be reached ({ex.Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LeaveReading.Unknown("Microsoft Graph did not answer in time");
        }
    }

    private static string Describe(MeetingBooking? problem) => problem switch
    {
        MeetingBooking.Failed failed => failed.Reason,
        MeetingBooking.Forbidden forbidden => $"Graph refused to look the PM up; grant the application permission {forbidden.Permission}",
        MeetingBooking.NotConfigured notConfigured => notConfigured.Reason,
        _ => "the PM's mailbox could not be found",
    };
}
