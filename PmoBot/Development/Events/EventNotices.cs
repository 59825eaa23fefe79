using System.Globalization;
using PmoBot.Delivery;
using PmoBot.People;

namespace PmoBot.Development.Events;

public enum ReminderKind
{
    WeekBefore,
    DayBefore,
}

/// <summary>
/// The messages an event sends people through the outbox: "a place freed up, you're in" and the reminders. Keys name
/// the event, the person and the occasion, so asking twice (a sweep after a crash) sends once.
/// </summary>
public sealed class EventNotices(Outbox outbox, PeopleDirectory people, RegistrationStore registrations, TimeProvider time)
{
    public static string PromotedKey(Registration promoted)
    {
        ArgumentNullException.ThrowIfNull(promoted);
        return $"event-promoted|{promoted.EventId}|{promoted.UserKey}|{promoted.PromotedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture)}";
    }

    public static string ReminderKey(string eventId, string userKey, ReminderKind kind) =>
        $"event-reminder|{eventId}|{userKey}|{(kind == ReminderKind.WeekBefore ? "week" : "day")}";

    public async Task PromotedAsync(LearningEvent learningEvent, Registration promoted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(promoted);
        var text = $"Good news: a place freed up for {learningEvent.Title}, {EventCards.When(learningEvent)}, and you were next on the waitlist, so you're registered.";
        await SendAsync(learningEvent, promoted, PromotedKey(promoted), text, cancellationToken);
    }

    public async Task RemindAsync(LearningEvent learningEvent, Registration registered, ReminderKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(registered);
        var person = await people.GetAsync(registered.UserKey, cancellationToken);
        var when = kind == ReminderKind.WeekBefore ? "in a week" : "tomorrow";
        var text = $"Reminder: {learningEvent.Title} is {when}, {EventCards.InZone(learningEvent.Start, person?.TimeZone ?? learningEvent.TimeZone)} your time, {learningEvent.Where}. If you can't go, press **Can't go** so someone on the waitlist gets your place.";
        await SendAsync(learningEvent, registered, ReminderKey(learningEvent.Id, registered.UserKey, kind), text, cancellationToken, person);
    }

    private async Task SendAsync(LearningEvent learningEvent, Registration registration, string key, string text, CancellationToken cancellationToken, PmoUser? person = null)
    {
        person ??= await people.GetAsync(registration.UserKey, cancellationToken);
        var counts = (await registrations.GetCountsAsync(learningEvent.Id, cancellationToken))?.Counts ?? RegistrationCounts.Empty;
        var viewer = person ?? new PmoUser(registration.UserKey, registration.Name, registration.TeamsUserId, null, learningEvent.TimeZone, new HashSet<Role>(), false, null);
        var card = EventCards.ForViewer(learningEvent, counts, registration, null, viewer, time.GetUtcNow(), text);
        await outbox.EnqueueAsync(new DeliveryRequest(key, DeliveryTarget.PersonalChat(registration.UserKey), text, card), cancellationToken);
    }
}

/// <summary>When a registrant's reminders are due: a week and a day before the event's date in their own time zone, at a sensible local hour.</summary>
public static class ReminderPlan
{
    public static DateTimeOffset DueAt(LearningEvent learningEvent, string? timeZone, ReminderKind kind, int hour)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        var zone = UserTimeZones.Resolve(timeZone);
        var startDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(learningEvent.Start, zone).DateTime);
        var local = startDate.AddDays(kind == ReminderKind.WeekBefore ? -7 : -1).ToDateTime(new TimeOnly(hour, 0));
        while (zone.IsInvalidTime(local))
        {
            // The hour does not exist that day (clocks going forward): the first minute that does.
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>
    /// The reminder due now for someone registered at <paramref name="registeredAt"/>, if any: the day-before one once
    /// it is due (it supersedes the other), otherwise the week-before one. A reminder whose time passed before the
    /// person registered is not sent: they have just seen the event.
    /// </summary>
    public static ReminderKind? Due(LearningEvent learningEvent, string? timeZone, DateTimeOffset registeredAt, DateTimeOffset now, int hour)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        if (now >= learningEvent.Start)
        {
            return null;
        }

        var day = DueAt(learningEvent, timeZone, ReminderKind.DayBefore, hour);
        if (now >= day)
        {
            return registeredAt < day ? ReminderKind.DayBefore : null;
        }

        var week = DueAt(learningEvent, timeZone, ReminderKind.WeekBefore, hour);
        return now >= week && registeredAt < week ? ReminderKind.WeekBefore : null;
    }
}
