using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.People;

namespace PmoBot.Delivery;

public static class DeliveryCards
{
    public const int FailuresShown = 15;

    /// <param name="targetNames">Readable names of the failures' targets (a person, a channel); a target without one shows as logged.</param>
    /// <param name="groups">The report's <see cref="FailureGroups"/>, when the caller has them already.</param>
    public static JsonObject Status(DeliveryStatusReport report, TimeZoneInfo viewerZone, IReadOnlyDictionary<string, string>? targetNames = null, IReadOnlyList<FailureGroup>? groups = null)
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
            groups ??= FailureGroups(report.Failures);
            body.Add(AdaptiveCard.Facts(groups.Take(FailuresShown).Select(g => (
                $"{targetNames?.GetValueOrDefault(g.Target) ?? g.Target} ({Local(g.LastAt, viewerZone)})",
                $"{(g.Messages > 1 ? $"{g.Messages.ToString("N0", CultureInfo.InvariantCulture)} messages · " : string.Empty)}{(g.StatusCode is > 0 ? $"{g.StatusCode}: " : string.Empty)}{g.Reason ?? "no reason recorded"}"))));
            if (groups.Count > FailuresShown)
            {
                var hidden = groups.Skip(FailuresShown).ToList();
                body.Add(AdaptiveCard.Text($"{hidden.Count:N0} older failures ({hidden.Sum(g => g.Messages):N0} messages) are not shown.", subtle: true));
            }
        }

        return AdaptiveCard.Create(body, [AdaptiveCard.SendMessage("Refresh", "delivery status")]);
    }

    /// <summary>
    /// The failures, one per target and cause, newest first: a person who never opened PmoBot misses every message of
    /// the day for the same reason, which is one line to act on, not one per message.
    /// </summary>
    public static IReadOnlyList<FailureGroup> FailureGroups(IEnumerable<DeliveryLogEntry> failures) =>
        failures
            .GroupBy(f => (f.Target, f.Status, f.StatusCode, f.Reason))
            .Select(g => new FailureGroup(g.Key.Target, g.Key.StatusCode, g.Key.Reason, g.Count(), g.Max(f => f.UpdatedAt)))
            .OrderByDescending(g => g.LastAt)
            .ToList();

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
            (DeliveryStatus.Dropped, "Dropped (updates not sent: the message never arrived, or a newer version was sent first)", Charts.Neutral),
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

/// <summary>The day's failed or dropped messages to one target for one cause.</summary>
public sealed record FailureGroup(string Target, int? StatusCode, string? Reason, int Messages, DateTimeOffset LastAt);
