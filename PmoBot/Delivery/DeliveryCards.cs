using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.People;

namespace PmoBot.Delivery;

public static class DeliveryCards
{
    public const int FailuresShown = 15;

    public static JsonObject Status(DeliveryStatusReport report, TimeZoneInfo viewerZone)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Proactive delivery, last 24 hours"),
            Outcomes(report),
            AdaptiveCard.Facts(
            [
                ("Messages in the outbox queue", report.QueueLength.ToString("N0", CultureInfo.InvariantCulture)),
                ("Dead letters (need a look)", report.DeadLetters.ToString("N0", CultureInfo.InvariantCulture)),
            ]),
        };
        if (report.Failures.Count == 0)
        {
            body.Add(AdaptiveCard.Text("No failures.", subtle: true));
        }
        else
        {
            body.Add(AdaptiveCard.Subheading("Failures"));
            body.Add(AdaptiveCard.Text(UserTimeZones.TimesIn(viewerZone), subtle: true));
            body.Add(AdaptiveCard.Facts(report.Failures.Take(FailuresShown).Select(f => (
                $"{f.Target} ({Local(f.UpdatedAt, viewerZone)})",
                $"{(f.StatusCode is > 0 ? $"{f.StatusCode}: " : string.Empty)}{f.Reason ?? "no reason recorded"}"))));
            if (report.Failures.Count > FailuresShown)
            {
                body.Add(AdaptiveCard.Text($"{report.Failures.Count - FailuresShown:N0} older failures are not shown.", subtle: true));
            }
        }

        return AdaptiveCard.Create(body, [AdaptiveCard.SendMessage("Refresh", "delivery status")]);
    }

    /// <summary>Where the day's messages stand: a donut where Teams draws one, the counts as facts elsewhere (and always in its legend).</summary>
    private static JsonObject Outcomes(DeliveryStatusReport report)
    {
        var outcomes = new (DeliveryStatus Status, string Label, string? Color)[]
        {
            (DeliveryStatus.Queued, "Queued", null),
            (DeliveryStatus.Sending, "Sending", null),
            (DeliveryStatus.Retrying, "Retrying", Charts.Warning),
            (DeliveryStatus.Sent, "Sent", Charts.Good),
            (DeliveryStatus.Failed, "Failed", Charts.Attention),
            (DeliveryStatus.Dropped, "Dropped (updates of messages that never arrived)", Charts.Neutral),
        };
        var facts = AdaptiveCard.Facts(outcomes.Select(o => (o.Label, Count(report, o.Status))));
        var slices = outcomes
            .Where(o => report.Counts.GetValueOrDefault(o.Status) > 0)
            .Select(o => new ChartSlice($"{o.Label.Split(" (")[0]}: {Count(report, o.Status)}", report.Counts.GetValueOrDefault(o.Status), o.Color))
            .ToList();
        return slices.Count == 0 ? facts : Charts.Donut("Messages by outcome", slices, facts);
    }

    private static string Count(DeliveryStatusReport report, DeliveryStatus status) =>
        report.Counts.GetValueOrDefault(status).ToString("N0", CultureInfo.InvariantCulture);

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("d MMM HH:mm", CultureInfo.InvariantCulture);
}
