using Microsoft.Extensions.Options;
using PmoBot.Hosting;
using PmoBot.People;

namespace PmoBot.Development.Events;

/// <summary>
/// Every <see cref="EventsOptions.ReminderSweepInterval"/>: reminds the registered people of events in the coming week
/// at <see cref="EventsOptions.ReminderHour"/> in their own time zone, and re-asks for promotion notices of the last
/// day (in case the instance that promoted someone died before telling them). Every instance may sweep; the outbox
/// keys make each message go once.
/// </summary>
public sealed partial class EventReminderSweeper(
    EventStore events,
    RegistrationStore registrations,
    EventNotices notices,
    PeopleDirectory people,
    IOptions<EventsOptions> options,
    TimeProvider time,
    ILogger<EventReminderSweeper> logger) : ISweep
{
    public TimeSpan Interval => options.Value.ReminderSweepInterval;

    public bool Enabled => options.Value.BackgroundEnabled;

    /// <summary>A week ahead, and a day more for the time zones ahead of the event's.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(8);

    /// <returns>How many reminders were asked for.</returns>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hour = options.Value.ReminderHour;
        var zones = new Dictionary<string, string?>(StringComparer.Ordinal);
        var reminded = 0;
        foreach (var learningEvent in await events.ListUpcomingAsync(now, cancellationToken))
        {
            if (learningEvent.HasStarted(now))
            {
                continue;
            }

            var seated = await registrations.ListAsync(learningEvent.Id, cancellationToken, RegistrationStatus.Registered);
            foreach (var registration in seated)
            {
                try
                {
                    if (registration.PromotedAt is { } promotedAt && promotedAt <= now && now - promotedAt < TimeSpan.FromDays(1))
                    {
                        await notices.PromotedAsync(learningEvent, registration, cancellationToken);
                    }

                    if (learningEvent.Start - now > Horizon)
                    {
                        continue;
                    }

                    if (!zones.TryGetValue(registration.UserKey, out var zone))
                    {
                        zone = zones[registration.UserKey] = (await people.GetAsync(registration.UserKey, cancellationToken))?.TimeZone ?? learningEvent.TimeZone;
                    }

                    if (ReminderPlan.Due(learningEvent, zone, registration.RespondedAt, now, hour) is { } kind)
                    {
                        await notices.RemindAsync(learningEvent, registration, kind, cancellationToken);
                        reminded++;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // One person's failure must not stop the others; the next sweep asks again (the key dedupes).
                    LogPersonFailed(ex, learningEvent.Id, registration.UserKey);
                }
            }
        }

        return reminded;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder for {EventId} to {UserKey} failed; retrying at the next sweep")]
    private partial void LogPersonFailed(Exception exception, string eventId, string userKey);
}
