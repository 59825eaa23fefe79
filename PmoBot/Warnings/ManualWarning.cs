using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Warnings;

/// <summary>
/// A warning raised by hand ("Raise early warning") rather than by a rule. Its rule id is <see cref="RuleId"/> followed
/// by the id of the form that raised it (<c>manual-{form id}</c>): each is its own episode (its own open row, so a
/// project may have several), and the same form sent twice finds the episode it already raised. The chosen severity,
/// the description as the headline and the title ("Raised by the PMO", "Raised by Megan Bowen") as the trend are
/// stored like a rule's signal. Rules evaluation never updates or closes it; the PMO closes it from the card.
/// </summary>
public static class ManualWarning
{
    public const string RuleId = "manual";

    public const string Explanation = "Raised by hand, not by a rule: it stays open until the PMO closes it from this card.";

    private const string Prefix = RuleId + "-";

    public static bool IsManual(string? ruleId) =>
        string.Equals(ruleId, RuleId, StringComparison.OrdinalIgnoreCase) || (ruleId?.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>The episode's rule id for the warning raised by form <paramref name="formId"/>.</summary>
    public static string EpisodeRuleId(string formId) => Prefix + formId;

    /// <summary>Who raised it, as the card's title: the PMO (or an admin) speaks for the PMO; a PM by name.</summary>
    public static string TitleFor(PmoUser raisedBy)
    {
        ArgumentNullException.ThrowIfNull(raisedBy);
        return ProjectAccess.CanChange(raisedBy) ? "Raised by the PMO" : $"Raised by {raisedBy.Name}";
    }

    /// <summary>The full stop a headline needs to end a sentence: none when it already ends like one (a description typed by hand may).</summary>
    public static string FullStop(string text) =>
        text.EndsWith('.') || text.EndsWith('!') || text.EndsWith('?') || text.EndsWith('…') ? string.Empty : ".";

    public static WarningCards.RuleText Text(WarningEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return new(string.IsNullOrWhiteSpace(episode.Trend) ? "Raised by hand" : episode.Trend, Explanation);
    }
}
