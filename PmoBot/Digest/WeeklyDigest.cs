using Microsoft.Extensions.Options;
using PmoBot.Alerts;
using PmoBot.Delivery;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.Schedule;

namespace PmoBot.Digest;

/// <summary>A week's digest as sent: the PMO's content and the outbox's record of every copy (the PMO's and each subscriber's).</summary>
public sealed record DigestRun(ReviewPeriod Week, DigestContent Pmo, IReadOnlyList<DeliveryRecord> Copies);

/// <summary>
/// Builds and sends the weekly digest of exceptions: one card to the PMO (its alert channel, or each PMO member's
/// personal chat while there is none) and one to each subscriber's personal chat, scoped to what they may see. Every
/// copy goes through the outbox keyed <c>digest|{week}|{recipient}</c>, so two instances or a restart never send two
/// digests for one week; the week is recorded once its copies are queued, and the next digest lists what changed since.
/// </summary>
public sealed partial class WeeklyDigest(
    DigestReader reader,
    DigestStore store,
    PmoNotifier pmo,
    Outbox outbox,
    PeopleDirectory people,
    IProjectVisibility visibility,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<WeeklyDigest> logger)
{
    /// <summary>Who may receive the digest in their personal chat: leaders, and the PMO and admins who ask for their own copy.</summary>
    public static readonly IReadOnlySet<Role> SubscriberRoles = ProjectAccess.PortfolioRoles;

    /// <summary>
    /// How long after its hour a week's digest is still sent (an instance down at the hour, a restart): later, the week
    /// is left out rather than a Monday digest arriving on Thursday, or on the day a new installation first starts.
    /// </summary>
    public static readonly TimeSpan CatchUp = TimeSpan.FromDays(1);

    private DigestOptions Settings => options.Value;

    /// <summary>The digest's week: the ISO week of the PMO's local date.</summary>
    public ReviewPeriod WeekOf(DateTimeOffset instant) => ReviewPeriod.Of(instant, Settings.Zone);

    /// <summary>When <paramref name="week"/>'s digest is due: the configured weekday and hour of that week, in the PMO's zone.</summary>
    public DateTimeOffset DueAt(ReviewPeriod week)
    {
        var day = week.Monday.AddDays(((int)Settings.Day - (int)DayOfWeek.Monday + 7) % 7);
        return ReviewScheduleCalculator.Resolve(day.ToDateTime(new TimeOnly(Settings.Hour, 0)), Settings.Zone).ToUniversalTime();
    }

    /// <summary>"Monday 08:00 (Europe/London)".</summary>
    public string When => $"{Slot} ({Settings.Zone.Id})";

    /// <summary>"Monday 08:00", in the PMO's zone.</summary>
    private string Slot => $"{WeeklySlot.Name(Settings.Day)} {Settings.Hour:D2}:00";

    /// <summary>
    /// <see cref="When"/>, and for a reader whose clock shows another time then, the next digest in their own zone:
    /// "Monday 08:00 (Europe/London; Monday 09:00 in Europe/Berlin)".
    /// </summary>
    public string WhenFor(string? readerZone)
    {
        var zone = UserTimeZones.Resolve(readerZone);
        var now = time.GetUtcNow();
        var due = DueAt(WeekOf(now));
        due = due > now ? due : DueAt(WeekOf(now).Next);
        return zone.GetUtcOffset(due) == Settings.Zone.GetUtcOffset(due)
            ? When
            : $"{Slot} ({Settings.Zone.Id}; {TimeZoneInfo.ConvertTime(due, zone).ToString("dddd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} in {zone.Id})";
    }

    /// <summary>Sends this week's digest if its hour has come (within <see cref="CatchUp"/>) and it has not been built yet; null otherwise.</summary>
    public async Task<DigestRun?> RunIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var week = WeekOf(now);
        var due = DueAt(week);
        if (now < due || now >= due + CatchUp || await store.GetRoundAsync(week, cancellationToken) is not null)
        {
            return null;
        }

        return await SendWeekAsync(week, now, cancellationToken);
    }

    /// <summary>
    /// Builds <paramref name="week"/>'s digest from what changed since the previous week's and queues every copy. Safe
    /// to repeat (another instance, a crash before the week was recorded): the outbox keys send each copy once.
    /// </summary>
    public async Task<DigestRun> SendWeekAsync(ReviewPeriod week, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = await SinceAsync(week, cancellationToken);
        var facts = await reader.ReadAsync(week, since, now, cancellationToken);
        var key = $"digest|{week}";
        var forPmo = facts.For(DigestScope.WholePortfolio);
        var copies = new List<DeliveryRecord>(await pmo.NotifyAsync(key, DigestCards.Summary(forPmo), DigestCards.Card(forPmo, Settings.MaxLinesPerSection), cancellationToken));
        foreach (var subscription in await store.ListSubscriptionsAsync(cancellationToken))
        {
            var user = await people.GetAsync(subscription.UserKey, cancellationToken);
            if (user is null || !user.HasAny(SubscriberRoles))
            {
                LogSubscriberWithoutRole(subscription.UserKey);
                continue;
            }

            var content = facts.For(new DigestScope(visibility.ViewOf(user), subscription.BusinessUnit));
            copies.Add(await outbox.EnqueueAsync(
                new DeliveryRequest($"{key}|{user.UserKey}", DeliveryTarget.PersonalChat(user.UserKey), DigestCards.Summary(content), DigestCards.Card(content, Settings.MaxLinesPerSection)),
                cancellationToken));
        }

        await store.RecordRoundAsync(week, now, cancellationToken);
        LogSent(week, forPmo.LineCount, copies.Count);
        return new DigestRun(week, forPmo, copies);
    }

    /// <summary>
    /// <c>digest now</c>: this week's digest for the PMO at once, where PMO alerts go: what changed since the last week's
    /// digest (or in the last seven days before the first), as the weekly one lists it. It does not count as the week's
    /// digest: the scheduled one still goes out, to everyone.
    /// </summary>
    public async Task<(DigestContent Content, PmoNotice Notice)> SendNowAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var week = WeekOf(now);
        var since = await SinceAsync(week, cancellationToken);
        var content = (await reader.ReadAsync(week, since, now, cancellationToken)).For(DigestScope.WholePortfolio);
        var notice = await pmo.PostAsync($"digest-now|{week}|{now.UtcTicks}", DigestCards.Summary(content), DigestCards.Card(content, Settings.MaxLinesPerSection), cancellationToken);
        return (content, notice);
    }

    /// <summary>When the digest of a week before <paramref name="week"/> was last built; a week before this week's hour before the first.</summary>
    private async Task<DateTimeOffset> SinceAsync(ReviewPeriod week, CancellationToken cancellationToken) =>
        await store.LastRoundBeforeAsync(week, cancellationToken) ?? DueAt(week).AddDays(-7);

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly digest {Week}: {Lines} lines for the PMO, {Copies} copies queued")]
    private partial void LogSent(ReviewPeriod week, int lines, int copies);

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly digest: subscriber {UserKey} no longer holds a leader, PMO or admin role (or is unknown); no copy sent")]
    private partial void LogSubscriberWithoutRole(string userKey);
}
