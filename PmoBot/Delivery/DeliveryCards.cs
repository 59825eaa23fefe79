using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;

namespace PmoBot.Delivery;

public static class DeliveryCards
{
    public const int FailuresShown = 15;

    public static JsonObject Status(DeliveryStatusReport report, TimeZoneInfo viewerZone)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Proactive delivery, last 24 hours"),
            AdaptiveCard.Facts(
            [
                ("Queued", Count(report, DeliveryStatus.Queued)),
                ("Sending", Count(report, DeliveryStatus.Sending)),
                ("Retrying", Count(report, DeliveryStatus.Retrying)),
                ("Sent", Count(report, DeliveryStatus.Sent)),
                ("Failed", Count(report, DeliveryStatus.Failed)),
                ("Dropped (updates of messages that never arrived)", Count(report, DeliveryStatus.Dropped)),
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

    private static string Count(DeliveryStatusReport report, DeliveryStatus status) =>
        report.Counts.GetValueOrDefault(status).ToString("N0", CultureInfo.InvariantCulture);

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("d MMM HH:mm", CultureInfo.InvariantCulture);
}
