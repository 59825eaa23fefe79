using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;

namespace PmoBot.Digest;

/// <summary>
/// The weekly digest: one card per recipient and week. Each section lists its lines; selecting a line sends the command
/// that opens its card (<c>status PRJ-101</c>, <c>warnings PRJ-101</c>, <c>blockers PRJ-101</c>, ...). A quiet week is one line.
/// </summary>
public static class DigestCards
{
    public const string QuietLine = "A quiet week: nothing turned red or amber, no critical warnings, no old blockers, missed reviews, slipped milestones or PMs on leave.";

    public const string SelectHint = "Select a line to open its card.";

    public static string Title(DigestContent digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return $"Weekly digest, week {digest.Week}";
    }

    /// <summary>What the notification and a client without cards show.</summary>
    public static string Summary(DigestContent digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return digest.IsQuiet
            ? $"{Title(digest)}: a quiet week"
            : string.Create(CultureInfo.InvariantCulture, $"{Title(digest)}: {digest.LineCount} {(digest.LineCount == 1 ? "item" : "items")} need your attention");
    }

    public static JsonObject Card(DigestContent digest, int maxLinesPerSection)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(Title(digest)),
            AdaptiveCard.Text($"What changed or needs action since {DigestFacts.Local(digest.Since, digest.Zone)}, on {digest.Scope}.", subtle: true),
        };
        if (digest.IsQuiet)
        {
            body.Add(AdaptiveCard.Text(QuietLine, color: "Good"));
            return AdaptiveCard.Create(body);
        }

        foreach (var section in digest.Sections)
        {
            body.Add(AdaptiveCard.Subheading(string.Create(CultureInfo.InvariantCulture, $"{section.Title} ({section.Lines.Count})")));
            foreach (var line in section.Lines.Take(maxLinesPerSection))
            {
                var item = AdaptiveCard.Container([AdaptiveCard.Text(line.Text)]);
                item["selectAction"] = AdaptiveCard.SendMessage(line.Command, line.Command);
                body.Add(item);
            }

            if (section.Lines.Count > maxLinesPerSection)
            {
                body.Add(AdaptiveCard.Text(string.Create(CultureInfo.InvariantCulture, $"and {section.Lines.Count - maxLinesPerSection} more: type **{section.ListCommand}**."), subtle: true));
            }
        }

        body.Add(AdaptiveCard.Text(SelectHint, subtle: true));
        return AdaptiveCard.Create(body);
    }
}
