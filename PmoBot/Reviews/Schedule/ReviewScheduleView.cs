namespace PmoBot.Reviews.Schedule;

/// <summary>A PM's review schedule as they see it: when their next review opens, is reminded and counts as missed.</summary>
/// <param name="Slot">The slot in force: the PM's own, or the PMO's default.</param>
/// <param name="IsDefault">True when the PM follows the PMO's default.</param>
/// <param name="Zone">The PM's time zone, UTC when <paramref name="TimeZoneKnown"/> is false.</param>
/// <param name="NextOpening">When the next review opens (zero offset).</param>
/// <param name="IsScheduled">True when that opening is filed in the due-review index (false: it will be once the PM runs a project).</param>
public sealed record ReviewScheduleView(
    string UserKey,
    WeeklySlot Slot,
    bool IsDefault,
    TimeZoneInfo Zone,
    bool TimeZoneKnown,
    DateTimeOffset NextOpening,
    ReviewPeriod Period,
    DateTimeOffset ReminderAt,
    DateTimeOffset DeadlineAt,
    bool IsScheduled)
{
    public DateTimeOffset NextOpeningLocal => Local(NextOpening);

    public DateTimeOffset ReminderLocal => Local(ReminderAt);

    public DateTimeOffset DeadlineLocal => Local(DeadlineAt);

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}
