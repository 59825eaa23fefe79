using System.Text.RegularExpressions;

namespace PmoBot.Reviews.Templates;

/// <summary>
/// Reads a list of risks typed in chat: entries on separate lines or separated by <c>;</c>, each a description
/// with its probability and impact as L/M/H or low/medium/high, written as <c>Vendor late (H/M)</c>,
/// <c>Vendor late - high/medium</c>, <c>Vendor late P:H I:M</c>, <c>Vendor late, probability high, impact medium</c>,
/// <c>Vendor late (high probability, medium impact)</c> or <c>(H/M) Vendor late</c>. Probability comes first wherever the two are not labelled. Bullets and numbering
/// in front of an entry are dropped.
/// </summary>
internal static partial class RiskText
{
    public const int MaxRisks = 20;
    public const int MaxDescriptionLength = 300;
    public const string Example = "Vendor delivers late (H/M); Key engineer leaves (L/H)";
    public const string Guidance = "Write each risk as a description with its probability/impact as L, M or H, e.g. " + Example + ". Type none if there are no risks.";

    private static readonly HashSet<string> NoRisks = new(StringComparer.OrdinalIgnoreCase) { "none", "no risks", "no risk", "no", "n/a", "nothing", "nil" };

    public static bool MeansNone(string text) => NoRisks.Contains(text.Trim().TrimEnd('.', '!'));

    /// <returns>Null when every entry reads as a risk, otherwise what was wrong with which entries.</returns>
    public static string? TryRead(string text, out IReadOnlyList<RiskEntry> risks)
    {
        risks = [];
        var entries = text.Split([';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => Bullet().Replace(e, string.Empty).Trim())
            .Where(e => e.Length > 0)
            .ToList();
        if (entries.Count > MaxRisks)
        {
            return $"That is {entries.Count} risks; name the top {MaxRisks} at most, the ones the PMO should watch. {Guidance}";
        }

        var read = new List<RiskEntry>();
        var problems = new List<string>();
        foreach (var entry in entries)
        {
            if (ReadEntry(entry) is not { } risk)
            {
                problems.Add($"\"{AnswerParser.Quote(entry)}\" has no probability and impact.");
            }
            else if (risk.Description.Length == 0)
            {
                problems.Add($"\"{AnswerParser.Quote(entry)}\" has no description: say what might happen.");
            }
            else if (risk.Description.Length > MaxDescriptionLength)
            {
                problems.Add($"\"{AnswerParser.Quote(entry)}\" is {risk.Description.Length:N0} characters long; keep each risk to {MaxDescriptionLength} and put detail in the summary.");
            }
            else
            {
                read.Add(risk);
            }
        }

        if (problems.Count > 0)
        {
            return string.Join(" ", problems) + " " + Guidance;
        }

        risks = read;
        return null;
    }

    /// <summary>"high probability, medium impact".</summary>
    public static string Describe(RiskEntry risk) =>
        $"{risk.Probability.ToString().ToLowerInvariant()} probability, {risk.Impact.ToString().ToLowerInvariant()} impact";

    private static RiskEntry? ReadEntry(string entry)
    {
        var match = Labelled().Match(entry);
        if (!match.Success)
        {
            match = LevelsFirst().Match(entry);
        }

        if (!match.Success)
        {
            match = TrailingPair().Match(entry);
        }

        if (!match.Success)
        {
            match = LeadingPair().Match(entry);
        }

        if (!match.Success)
        {
            return null;
        }

        var description = match.Groups["desc"].Value.Trim().TrimEnd('-', '–', '—', ':', ',', ';', '(', '[').Trim();
        return new RiskEntry(description, Level(match.Groups["p"].Value), Level(match.Groups["i"].Value));
    }

    private static RiskLevel Level(string word) => char.ToLowerInvariant(word[0]) switch
    {
        'h' => RiskLevel.High,
        'm' => RiskLevel.Medium,
        _ => RiskLevel.Low,
    };

    private const string LevelPattern = @"(?:high|medium|med|low|h|m|l)";

    [GeneratedRegex(@"^(?<desc>.*?)[\s,;:(\[-]*\b(?:probability|prob|p)\s*[:=]?\s*(?<p>" + LevelPattern + @")\b[\s,;/]*\b(?:impact|imp|i)\s*[:=]?\s*(?<i>" + LevelPattern + @")\b[\s)\]]*\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex Labelled();

    /// <summary>"high probability, medium impact", as <see cref="AnswerFormatter"/> shows risks, so a shown answer can be typed back.</summary>
    [GeneratedRegex(@"^(?<desc>.*?)[\s,;:(\[-]*\b(?<p>" + LevelPattern + @")\s+(?:probability|prob)\b[\s,;/]*\b(?<i>" + LevelPattern + @")\s+(?:impact|imp)\b[\s)\]]*\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex LevelsFirst();

    [GeneratedRegex(@"^(?<desc>.*?)[\s,:;–—-]*[(\[]?\s*\b(?<p>" + LevelPattern + @")\s*[/,|]\s*(?<i>" + LevelPattern + @")\b\s*[)\]]?\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingPair();

    [GeneratedRegex(@"^[(\[]\s*(?<p>" + LevelPattern + @")\s*[/,|]\s*(?<i>" + LevelPattern + @")\s*[)\]]\s*[-–—:]?\s*(?<desc>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingPair();

    [GeneratedRegex(@"^(?:[-*•·]|[0-9]{1,2}[.)])\s+")]
    private static partial Regex Bullet();
}
