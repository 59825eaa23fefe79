using Microsoft.Extensions.Options;
using PmoBot.Delivery;
using PmoBot.Development.Certifications;
using PmoBot.Hosting;
using PmoBot.People;

namespace PmoBot.Development.Mentoring;

/// <summary>
/// Monthly check-in prompts: on each month's anniversary of the pairing, at the notice hour in each person's zone, both
/// sides get the check-in card (unless they answered it already). Only the latest month is prompted: a sweep after an
/// outage does not send a backlog.
/// </summary>
public sealed partial class MentoringSweeper(
    MentoringStore store,
    PeopleDirectory people,
    Outbox outbox,
    IOptions<CertificationsOptions> options,
    TimeProvider time,
    ILogger<MentoringSweeper> logger) : ISweep
{
    public TimeSpan Interval => options.Value.SweepInterval;

    public bool Enabled => options.Value.SweepEnabled;

    public static string CheckInKey(string pairId, int month, MentoringSide side) => $"mentoring-checkin|{pairId}|{month}|{side}";

    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        foreach (var pair in (await store.ListAsync(cancellationToken)).Where(p => p.Active))
        {
            try
            {
                var answered = await store.ListCheckInsAsync(pair.Id, cancellationToken);
                foreach (var side in Enum.GetValues<MentoringSide>())
                {
                    var person = await people.GetAsync(pair.KeyOf(side), cancellationToken);
                    var local = TimeZoneInfo.ConvertTime(now, UserTimeZones.Resolve(person?.TimeZone));
                    var today = DateOnly.FromDateTime(local.Hour < options.Value.NoticeHour ? local.DateTime.AddDays(-1) : local.DateTime);
                    var month = pair.CheckInsDue(today);
                    if (month < 1 || answered.Any(a => a.Month == month && a.Side == side))
                    {
                        continue;
                    }

                    await outbox.EnqueueAsync(
                        new DeliveryRequest(CheckInKey(pair.Id, month, side), DeliveryTarget.PersonalChat(pair.KeyOf(side)), $"Mentoring check-in, month {month}: how is it going with {pair.NameOf(side == MentoringSide.Mentor ? MentoringSide.Mentee : MentoringSide.Mentor)}?", MentoringCards.CheckIn(pair, month, side)),
                        cancellationToken);
                    sent++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogPairFailed(ex, pair.Id);
            }
        }

        return sent;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Check-in prompts for mentoring pair {PairId} failed; retrying at the next sweep")]
    private partial void LogPairFailed(Exception exception, string pairId);
}
