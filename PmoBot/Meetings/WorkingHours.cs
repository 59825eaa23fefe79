namespace PmoBot.Meetings;

/// <summary>When someone works, in their own time zone, as Outlook's working hours say.</summary>
public sealed record WorkingHours(IReadOnlySet<DayOfWeek> Days, TimeOnly Start, TimeOnly End, TimeZoneInfo Zone)
{
    /// <summary>Monday to Friday, 09:00 to 17:00: for a mailbox that has no working hours set.</summary>
    public static WorkingHours OfficeHours(TimeZoneInfo zone) =>
        new(new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }, new TimeOnly(9, 0), new TimeOnly(17, 0), zone);

    /// <summary>Whether the whole of [start, end) falls within one working day, in this person's time zone.</summary>
    public bool Contains(DateTimeOffset start, DateTimeOffset end)
    {
        var local = TimeZoneInfo.ConvertTime(start, Zone);
        var from = local.TimeOfDay;

        // Adding the duration to the wall clock is exact except across a DST change, which falls at night.
        var to = from + (end - start);
        var endOfDay = End == TimeOnly.MinValue ? TimeSpan.FromDays(1) : End.ToTimeSpan();
        return Days.Contains(local.DayOfWeek) && from >= Start.ToTimeSpan() && to <= endOfDay;
    }

    /// <summary>Whether <paramref name="date"/> (in this person's zone) is a working day.</summary>
    public bool IsWorkingDay(DateOnly date) => Days.Contains(date.DayOfWeek);
}

/// <summary>
/// What Graph said about one person's calendar over the searched window: busy periods (UTC) and working hours.
/// </summary>
public sealed record PersonSchedule(string Address, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Busy, WorkingHours WorkingHours)
{
    public bool IsFree(DateTimeOffset start, DateTimeOffset end) => !Busy.Any(b => b.Start < end && start < b.End);

    public bool IsAvailable(DateTimeOffset start, DateTimeOffset end) => WorkingHours.Contains(start, end) && IsFree(start, end);
}
