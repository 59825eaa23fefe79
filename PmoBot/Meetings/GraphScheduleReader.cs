using Microsoft.Graph.Models;

namespace PmoBot.Meetings;

/// <summary>One person's schedule from a getSchedule answer, or Graph's reason for not giving it.</summary>
public sealed record ScheduleReading(PersonSchedule? Schedule, string? Error, bool AccessDenied);

/// <summary>
/// Reads one person's entry of a getSchedule answer: busy time from <c>scheduleItems</c> (busy, tentative, out of
/// office) and from the <c>availabilityView</c> digits (1 tentative, 2 busy, 3 away; the view also covers
/// calendars that share free/busy only), and <c>workingHours</c> in their own time zone.
/// </summary>
public static class GraphScheduleReader
{
    public static ScheduleReading Read(IReadOnlyList<ScheduleInformation> schedules, string address, int index, DateTimeOffset windowStart, TimeZoneInfo fallbackZone)
    {
        var entry = schedules.FirstOrDefault(s => string.Equals(s.ScheduleId, address, StringComparison.OrdinalIgnoreCase))
            ?? (index < schedules.Count ? schedules[index] : null);
        if (entry is null)
        {
            return new ScheduleReading(null, "Graph returned no schedule for them", false);
        }

        if (entry.Error is { } error)
        {
            var code = error.ResponseCode ?? string.Empty;
            return new ScheduleReading(null, string.IsNullOrWhiteSpace(error.Message) ? code : error.Message, code.Contains("AccessDenied", StringComparison.OrdinalIgnoreCase));
        }

        var busy = BusyItems(entry).Concat(BusyInView(entry.AvailabilityView, windowStart)).ToList();
        return new ScheduleReading(new PersonSchedule(address, busy, WorkingHoursOf(entry.WorkingHours, fallbackZone)), null, false);
    }

    private static IEnumerable<(DateTimeOffset, DateTimeOffset)> BusyItems(ScheduleInformation entry)
    {
        foreach (var item in entry.ScheduleItems ?? [])
        {
            if (item.Status is FreeBusyStatus.Busy or FreeBusyStatus.Tentative or FreeBusyStatus.Oof
                && GraphTimeZones.ToInstant(item.Start) is { } start
                && GraphTimeZones.ToInstant(item.End) is { } end)
            {
                yield return (start, end);
            }
        }
    }

    private static IEnumerable<(DateTimeOffset, DateTimeOffset)> BusyInView(string? view, DateTimeOffset windowStart)
    {
        for (var i = 0; i < (view?.Length ?? 0); i++)
        {
            if (view![i] is '1' or '2' or '3')
            {
                var start = windowStart + (SlotFinder.SlotLength * i);
                yield return (start, start + SlotFinder.SlotLength);
            }
        }
    }

    /// <summary>Outlook's working hours; a mailbox without them counts as Monday to Friday, 09:00 to 17:00, in the person's PmoBot time zone.</summary>
    public static WorkingHours WorkingHoursOf(Microsoft.Graph.Models.WorkingHours? hours, TimeZoneInfo fallbackZone)
    {
        var days = (hours?.DaysOfWeek ?? [])
            .Select(d => d is { } day && Enum.TryParse<DayOfWeek>(day.ToString(), ignoreCase: true, out var parsed) ? (DayOfWeek?)parsed : null)
            .OfType<DayOfWeek>()
            .ToHashSet();
        var zone = GraphTimeZones.ResolveWorkingHoursZone(hours?.TimeZone) ?? fallbackZone;
        return days.Count == 0 || hours?.StartTime is not { } start || hours.EndTime is not { } end
            ? WorkingHours.OfficeHours(zone)
            : new WorkingHours(days, start, end, zone);
    }
}
