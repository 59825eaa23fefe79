using Microsoft.Graph.Models;
using PmoBot.Meetings;

namespace PmoBot.Reviews.Leave;

/// <summary>
/// Reads leave from one person's getSchedule entry: out-of-office time is digit <c>3</c> of the availability view
/// (which also covers calendars that share free/busy only) and items with status <c>oof</c> (an all-day public
/// holiday marked out of office is leave like any other). Working hours, in the person's own zone, say when they would
/// be back: the first working slot of the window that is not out of office.
/// </summary>
public static class LeaveDetector
{
    public const char OutOfOffice = '3';

    public static LeaveReading Read(ScheduleInformation entry, DateTimeOffset windowStart, DateTimeOffset windowEnd, TimeSpan slot, TimeZoneInfo fallbackZone)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Error is { } error)
        {
            return new LeaveReading.Unknown($"Graph could not read the calendar: {error.ResponseCode} {error.Message}".TrimEnd());
        }

        var away = AwayPeriods(entry, windowStart, slot).ToList();
        bool IsAway(DateTimeOffset start) => away.Any(a => a.Start < start + slot && start < a.End);
        if (!IsAway(windowStart))
        {
            return new LeaveReading.AtWork();
        }

        var hours = GraphScheduleReader.WorkingHoursOf(entry.WorkingHours, fallbackZone);
        for (var start = windowStart + slot; start + slot <= windowEnd; start += slot)
        {
            if (hours.Contains(start, start + slot) && !IsAway(start))
            {
                return new LeaveReading.Away(start);
            }
        }

        return new LeaveReading.Away(null);
    }

    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> AwayPeriods(ScheduleInformation entry, DateTimeOffset windowStart, TimeSpan slot)
    {
        var view = entry.AvailabilityView ?? string.Empty;
        for (var i = 0; i < view.Length; i++)
        {
            if (view[i] == OutOfOffice)
            {
                var start = windowStart + (slot * i);
                yield return (start, start + slot);
            }
        }

        foreach (var item in entry.ScheduleItems ?? [])
        {
            if (item.Status == FreeBusyStatus.Oof && GraphTimeZones.ToInstant(item.Start) is { } start && GraphTimeZones.ToInstant(item.End) is { } end)
            {
                yield return (start, end);
            }
        }
    }
}
