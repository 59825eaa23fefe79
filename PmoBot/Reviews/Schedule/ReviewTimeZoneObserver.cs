using PmoBot.People;

namespace PmoBot.Reviews.Schedule;

/// <summary>A PM who picks another time zone gets their next review at their hour in the new zone, not the old one.</summary>
public sealed class ReviewTimeZoneObserver(ReviewScheduler scheduler) : ITimeZoneChangeObserver
{
    public Task TimeZoneChangedAsync(string userKey, CancellationToken cancellationToken) => scheduler.RescheduleAsync(userKey, cancellationToken);
}
