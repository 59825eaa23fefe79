namespace PmoBot.People;

/// <summary>A feature that keeps times in a person's local time (review openings) and must hear when they choose another zone.</summary>
public interface ITimeZoneChangeObserver
{
    Task TimeZoneChangedAsync(string userKey, CancellationToken cancellationToken);
}
