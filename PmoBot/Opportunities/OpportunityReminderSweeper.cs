using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PmoBot.Alerts;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.Development;
using PmoBot.Hosting;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>
/// Reminds the sales owner and the PMO, through the outbox, of an open opportunity that has come within
/// <see cref="OpportunitiesOptions.ReminderDays"/> of its expected close without a review at its current stage. The
/// keys name the deal and its stage, so each stage is reminded once however often the sweep runs, on however many
/// instances; a deal that moves to another stage unreviewed is reminded again. "Within N days" is counted from the
/// sales owner's own date, the one their calendar shows when the reminder arrives.
/// </summary>
public sealed partial class OpportunityReminderSweeper(
    OpportunityStore opportunities,
    PeopleDirectory people,
    Outbox outbox,
    PmoNotifier pmo,
    IOptions<OpportunitiesOptions> options,
    TimeProvider time,
    ILogger<OpportunityReminderSweeper> logger) : ISweep
{
    public TimeSpan Interval => options.Value.ReminderSweepInterval;

    public bool Enabled => options.Value.ReminderSweepEnabled;

    public static string ReminderKey(string code, OpportunityStage stage) => $"opportunity-reminder|{ProjectText.NormalizeCode(code)}|{stage}";

    /// <summary>The open opportunities due a reminder on <paramref name="today"/>.</summary>
    public static IEnumerable<Opportunity> Due(IEnumerable<Opportunity> pipeline, DateOnly today, int reminderDays) =>
        pipeline.Where(o => IsDue(o, today, reminderDays));

    private static bool IsDue(Opportunity o, DateOnly today, int reminderDays) =>
        !o.IsClosed && !o.ReviewedAtCurrentStage && o.ExpectedClose.DayNumber - today.DayNumber <= reminderDays;

    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Every calendar is within a day of UTC's, so a deal due a reminder on UTC's tomorrow is the most any owner's
        // date can make due: only those read their owner's zone, one profile read per owner however many deals they hold.
        var utcToday = UserTimeZones.DateAt(now, null);
        var ownersToday = new Dictionary<string, DateOnly>(StringComparer.OrdinalIgnoreCase);
        var sent = 0;
        foreach (var o in Due((await opportunities.ListAsync(cancellationToken)).Select(s => s.Opportunity), utcToday.AddDays(1), options.Value.ReminderDays))
        {
            if (!ownersToday.TryGetValue(o.SalesOwner.UserKey, out var today))
            {
                today = UserTimeZones.DateAt(now, (await people.GetAsync(o.SalesOwner.UserKey, cancellationToken))?.TimeZone);
                ownersToday[o.SalesOwner.UserKey] = today;
            }

            if (!IsDue(o, today, options.Value.ReminderDays))
            {
                continue;
            }

            // The PMO's copy says the same as the owner's: the deal's days to close as its owner counts them.
            var key = ReminderKey(o.Code, o.Stage);
            var card = Card(o, today);
            var text = Overdue(o, today)
                ? $"{o.Code}'s expected close, {DateText.Display(o.ExpectedClose)}, has passed without a delivery-risk review at {EnumText.Describe(o.Stage)}: review it, or update its stage or close date."
                : $"{o.Code} closes {OpportunityCards.Days(o.ExpectedClose.DayNumber - today.DayNumber)} without a delivery-risk review at {EnumText.Describe(o.Stage)}.";
            await outbox.EnqueueAsync(new DeliveryRequest($"{key}|owner", DeliveryTarget.PersonalChat(o.SalesOwner.UserKey), text, card), cancellationToken);
            await pmo.NotifyAsync(key, text, card, cancellationToken);
            sent++;
        }

        if (sent > 0)
        {
            LogReminded(sent);
        }

        return sent;
    }

    /// <summary>
    /// Open past its expected close: reminded in other words (a deal imported late, or left open after its date); the
    /// sales owner should review it or say what changed.
    /// </summary>
    private static bool Overdue(Opportunity o, DateOnly today) => o.ExpectedClose < today;

    public static JsonObject Card(Opportunity o, DateOnly today)
    {
        var since = o.LatestReview is { } last ? $" (the last one was at {EnumText.Describe(last.Stage)})" : string.Empty;
        var (heading, text) = Overdue(o, today)
            ? ($"Review overdue · {o.Code} · {o.Name}", $"Its expected close, {DateText.Display(o.ExpectedClose)}, was {OpportunityCards.Days(o.ExpectedClose.DayNumber - today.DayNumber)} and it is still open at {EnumText.Describe(o.Stage)} with no delivery-risk review at that stage{since}. Review it before we commit to deliver, or update its stage or close date.")
            : ($"Review due · {o.Code} · {o.Name}", $"It closes {OpportunityCards.Days(o.ExpectedClose.DayNumber - today.DayNumber)} ({DateText.Display(o.ExpectedClose)}) and has no delivery-risk review at its stage, {EnumText.Describe(o.Stage)}{since}. Review it before we commit to deliver.");
        return AdaptiveCard.Create(
        [
            AdaptiveCard.Heading(heading),
            AdaptiveCard.Text(text, color: "Warning"),
            AdaptiveCard.Facts([("Account", o.Account), ("Value", OpportunityText.Money(o)), ("Sales owner", o.SalesOwner.Name), ("Proposed PM", o.ProposedPm?.Name ?? "not named yet")]),
        ],
        [AdaptiveCard.SendMessage("Review now", $"opportunity review {o.Code}"), AdaptiveCard.SendMessage("Opportunity card", $"opportunity {o.Code}")]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opportunity reminders: {Count} deals due a review")]
    private partial void LogReminded(int count);
}
