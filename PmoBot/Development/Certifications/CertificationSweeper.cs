using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.Development.Events;
using PmoBot.Hosting;
using PmoBot.People;
using PmoBot.Reviews.Templates;

namespace PmoBot.Development.Certifications;

/// <summary>
/// Every <see cref="CertificationsOptions.SweepInterval"/>, from the expiry index only: reminds holders 90, 30 and 7
/// days before a certification expires (the nearest due reminder, at the notice hour in their own zone), and tells a PM
/// whose PDU pace will not make the cycle, once, with six months left, offering upcoming events that earn what is
/// missing. Every instance may sweep; the outbox keys make each notice go once.
/// </summary>
public sealed partial class CertificationSweeper(
    CertificationStore certifications,
    PduLogStore pdus,
    EventStore events,
    EventOffers offers,
    PeopleDirectory people,
    Outbox outbox,
    IOptions<CertificationsOptions> options,
    TimeProvider time,
    ILogger<CertificationSweeper> logger) : ISweep
{
    public TimeSpan Interval => options.Value.SweepInterval;

    public bool Enabled => options.Value.SweepEnabled;

    public const int MaxOfferedEvents = 5;

    public static string ReminderKey(ExpiringCertification c, int days)
    {
        ArgumentNullException.ThrowIfNull(c);
        // The date in the typed ISO form, as in the keys already sent: another form would send each reminder again.
        return $"cert-expiry|{c.UserKey}|{c.CredentialId}|{c.Name}|{CertificationForms.TypedDate(c.ExpiresOn)}|{days}";
    }

    public static string PaceKey(ExpiringCertification c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return $"pdu-pace|{c.UserKey}|{c.CredentialId}|{CertificationForms.TypedDate(c.ExpiresOn)}";
    }

    /// <returns>How many notices were asked for.</returns>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var horizon = Math.Max(settings.ReminderDays.DefaultIfEmpty(0).Max(), (int)settings.PaceWarningBefore.TotalDays) + 1;
        var sent = 0;
        IReadOnlyList<LearningEvent>? upcoming = null;
        foreach (var expiring in await certifications.ListExpiringAsync(today.AddDays(-1), today.AddDays(horizon), cancellationToken))
        {
            try
            {
                var holder = await people.GetAsync(expiring.UserKey, cancellationToken);
                var zone = UserTimeZones.Resolve(holder?.TimeZone);
                var local = TimeZoneInfo.ConvertTime(now, zone);
                if (local.Hour < settings.NoticeHour)
                {
                    // Before the notice hour, today's notices wait: they are due from that hour, local time.
                    local = local.AddDays(-1);
                }

                var localToday = DateOnly.FromDateTime(local.DateTime);
                var daysLeft = expiring.ExpiresOn.DayNumber - localToday.DayNumber;
                var certification = await certifications.GetAsync(expiring.UserKey, Certification.KeyFor(expiring.CredentialId, expiring.Name), cancellationToken);
                var progress = certification is null ? null : PduProgressCalculator.Calculate(certification, await pdus.ListAsync(expiring.UserKey, cancellationToken), localToday);
                if (settings.ReminderDays.Where(d => daysLeft >= 0 && daysLeft <= d).DefaultIfEmpty(-1).Min() is var threshold and >= 0)
                {
                    var text = $"Your {expiring.Name} expires on {DateText.Display(expiring.ExpiresOn)} ({CertificationCards.DaysText(daysLeft)}).";
                    await outbox.EnqueueAsync(new DeliveryRequest(ReminderKey(expiring, threshold), DeliveryTarget.PersonalChat(expiring.UserKey), text, CertificationCards.ExpiryReminder(expiring, daysLeft, progress)), cancellationToken);
                    sent++;
                }

                if (progress is { NeedsWarning: true } && daysLeft > 0 && daysLeft <= settings.PaceWarningBefore.TotalDays)
                {
                    upcoming ??= await events.ListUpcomingAsync(now, cancellationToken);
                    var offered = await offers.ForAsync(Filling(progress, upcoming, now), expiring.UserKey, cancellationToken);
                    var text = $"You are behind on {progress.UnitsName} for your {expiring.Name}: {progress.StillToEarnText()} {CertificationCards.DaysText(daysLeft)}.";
                    await outbox.EnqueueAsync(new DeliveryRequest(PaceKey(expiring), DeliveryTarget.PersonalChat(expiring.UserKey), text, CertificationCards.BehindPace(progress, offered, holder?.TimeZone)), cancellationToken);
                    sent++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogHolderFailed(ex, expiring.UserKey, expiring.Name);
            }
        }

        return sent;
    }

    /// <summary>
    /// Upcoming events still open that earn PDUs in a missing area (or any education PDUs when only the total or education
    /// falls short). None when points can no longer renew the cycle (a CPD year ended short): no event fills that gap.
    /// </summary>
    public static IReadOnlyList<LearningEvent> Filling(PduProgress progress, IReadOnlyList<LearningEvent> upcoming, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(upcoming);
        if (progress.ClosedShortYears.Count > 0)
        {
            return [];
        }

        var missingAreas = TalentAreas.All.Where(a => progress.MissingBars.Any(b => b.Label == TalentAreas.NameOf(a))).ToList();
        return upcoming
            .Where(e => e.IsRegistrationOpen(now) && e.Start.Date <= progress.CycleEnd.ToDateTime(TimeOnly.MinValue))
            .Where(e => missingAreas.Count > 0 ? missingAreas.Any(a => e.Pdus.Of(a) > 0) : e.Pdus.Total > 0)
            .OrderByDescending(e => missingAreas.Sum(a => e.Pdus.Of(a)))
            .ThenBy(e => e.Start)
            .Take(MaxOfferedEvents)
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice about {Name} for {UserKey} failed; retrying at the next sweep")]
    private partial void LogHolderFailed(Exception exception, string userKey, string name);
}
