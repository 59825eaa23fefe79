namespace PmoBot.Reviews.Schedule;

/// <summary>
/// Turns a weekly slot in a PM's time zone into instants. Each week's slot maps to exactly one instant, so a
/// review never opens twice in a week and never skips one, whatever the clocks do:
/// a local hour skipped by a spring-forward change opens when the clocks have jumped (the first valid instant after
/// the gap), and a local hour repeated by a fall-back change opens at its first (earlier) occurrence.
/// </summary>
public static class ReviewScheduleCalculator
{
    /// <summary>The first opening strictly after <paramref name="after"/>, with a zero (UTC) offset.</summary>
    public static DateTimeOffset NextOpening(WeeklySlot slot, TimeZoneInfo zone, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(zone);

        // A day early: where clocks fall back across midnight, a later instant can have an earlier local date.
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime).AddDays(-1);
        var date = first.AddDays(((int)slot.Day - (int)first.DayOfWeek + 7) % 7);
        while (true)
        {
            var opening = Resolve(date.ToDateTime(new TimeOnly(slot.Hour, 0)), zone);
            if (opening > after)
            {
                return opening.ToUniversalTime();
            }

            date = date.AddDays(7);
        }
    }

    /// <summary>The one instant a local wall-clock time in <paramref name="zone"/> stands for.</summary>
    public static DateTimeOffset Resolve(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // The clocks jumped over this time: open the moment the gap ends. Gaps end on a whole minute (an hour or
            // half an hour in practice; a whole day where a zone once skipped one), so a minute step finds the end.
            var end = local;
            do
            {
                end = end.AddMinutes(1);
            }
            while (zone.IsInvalidTime(end));

            return new DateTimeOffset(end, zone.GetUtcOffset(end));
        }

        if (zone.IsAmbiguousTime(local))
        {
            // The time happens twice; the larger offset is the earlier instant.
            return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max());
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
