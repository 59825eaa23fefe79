namespace PmoBot.Meetings;

/// <summary>The outcome of a search: the earliest common slot, or the nearest options when there is none.</summary>
public sealed record SlotSearch(DateTimeOffset? Slot, IReadOnlyList<DateTimeOffset> NearestOptions);

/// <summary>
/// Finds the earliest 30-minute slot in which both people are inside their own working hours (each in their own
/// time zone) and free. Slots start on the half hour, as Graph's availability view is cut, from
/// <paramref name="from"/> to the end of the organiser's fifth working day.
/// </summary>
public static class SlotFinder
{
    public static readonly TimeSpan SlotLength = TimeSpan.FromMinutes(30);
    public const int WorkingDays = 5;
    public const int NearestOptionsShown = 3;

    public static SlotSearch Find(DateTimeOffset from, PersonSchedule organiser, PersonSchedule attendee)
    {
        var until = EndOfWorkingDays(from, organiser.WorkingHours);
        var nearest = new List<DateTimeOffset>();
        var attendeeOnly = new List<DateTimeOffset>();
        for (var start = AlignUp(from); start + SlotLength <= until; start += SlotLength)
        {
            var end = start + SlotLength;
            var organiserFree = organiser.IsAvailable(start, end);
            var attendeeFree = attendee.IsAvailable(start, end);
            if (organiserFree && attendeeFree)
            {
                return new SlotSearch(start, []);
            }

            // The options worth offering: both at work, one of them free, so one meeting moved makes it work.
            if (organiserFree != attendeeFree && organiser.WorkingHours.Contains(start, end) && attendee.WorkingHours.Contains(start, end) && nearest.Count < NearestOptionsShown)
            {
                nearest.Add(start);
            }

            if (attendeeFree && attendeeOnly.Count < NearestOptionsShown)
            {
                attendeeOnly.Add(start);
            }
        }

        // When their working hours never overlap, the PM's own free time is what the organiser can stretch to.
        return new SlotSearch(null, nearest.Count > 0 ? nearest : attendeeOnly);
    }

    /// <summary>The end of the organiser's fifth working day counted from <paramref name="from"/>'s day (included when it is one), in their zone.</summary>
    public static DateTimeOffset EndOfWorkingDays(DateTimeOffset from, WorkingHours hours)
    {
        var local = TimeZoneInfo.ConvertTime(from, hours.Zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var counted = 0;

        // A week holds at least one working day for anyone with working hours; fourteen weeks bounds a bad set-up.
        for (var i = 0; i < 7 * 14 && counted < WorkingDays; i++, day = day.AddDays(1))
        {
            if (hours.IsWorkingDay(day))
            {
                counted++;
            }
        }

        var endLocal = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(endLocal, hours.Zone.GetUtcOffset(endLocal));
    }

    /// <summary>The next half hour at or after <paramref name="at"/>, in UTC.</summary>
    public static DateTimeOffset AlignUp(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        var ticks = SlotLength.Ticks;
        var aligned = (utc.UtcTicks + ticks - 1) / ticks * ticks;
        return new DateTimeOffset(aligned, TimeSpan.Zero);
    }
}
