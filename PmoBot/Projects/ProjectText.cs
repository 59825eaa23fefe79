using System.Globalization;
using System.Text.RegularExpressions;
using PmoBot.Commands;

namespace PmoBot.Projects;

/// <summary>
/// How projects are written as text, in the card form and in CSV files alike: codes, ISO dates, invariant
/// amounts with optional thousands separators, and the milestone and baseline lists
/// (<c>Design sign-off:2026-03-31;Go-live:2026-09-30</c>, <c>2026-01-31:50000;2026-02-28:120000</c>).
/// </summary>
public static partial class ProjectText
{
    public const string CodeExample = "PRJ-042";
    public const string DateFormat = "yyyy-MM-dd";
    public const string MilestonesExample = "Design sign-off:2026-03-31;Go-live:2026-09-30";
    public const string BaselineExample = "2026-01-31:50000;2026-02-28:120000";

    /// <summary>Marks a completed milestone: <c>Kick-off:2026-01-15:done</c>.</summary>
    public const string DoneMarker = "done";

    private const NumberStyles AmountStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    private static readonly char[] ItemSeparators = [';', '\n', '\r'];

    public static readonly IComparer<string> CodeOrder = Comparer<string>.Create(CompareCodes);

    public static string NormalizeCode(string? text) => (text ?? string.Empty).Trim().ToUpperInvariant();

    public static bool IsCode(string code) => CodePattern().IsMatch(code);

    /// <summary>Orders codes as people read them: by prefix, then by number (PRJ-9 before PRJ-10).</summary>
    public static int CompareCodes(string? a, string? b)
    {
        var (prefixA, numberA) = SplitCode(a ?? string.Empty);
        var (prefixB, numberB) = SplitCode(b ?? string.Empty);
        var byPrefix = string.CompareOrdinal(prefixA, prefixB);
        return byPrefix != 0 ? byPrefix : numberA != numberB ? numberA.CompareTo(numberB) : string.CompareOrdinal(a, b);
    }

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact((text ?? string.Empty).Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryParseAmount(string? text, out decimal amount) =>
        decimal.TryParse(text, AmountStyle, CultureInfo.InvariantCulture, out amount);

    public const string BudgetNotSet = "not set yet (type **project edit ‹code›** to set it)";

    /// <summary>A budget at completion as cards show it: a project made from a won deal has none until someone sets it.</summary>
    public static string Budget(Project project, Func<decimal, string> money) =>
        project.BudgetAtCompletion > 0 ? money(project.BudgetAtCompletion) : BudgetNotSet.Replace("‹code›", project.Code, StringComparison.Ordinal);

    /// <summary>
    /// A date as people type it and machines read it: the form's date inputs, CSV files, stored entities. Cards and
    /// messages show <see cref="DateText.Display"/> instead, the one format people read dates in.
    /// </summary>
    public static string TypedDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads <c>name:baseline[:forecast][:done]</c> items separated by <c>;</c> or line breaks.</summary>
    public static IReadOnlyList<Milestone> ParseMilestones(string? text, ICollection<string> errors)
    {
        var milestones = new List<Milestone>();
        foreach (var item in Items(text))
        {
            var parts = item.Split(':').ToList();
            var completed = parts.Count > 1 && string.Equals(parts[^1].Trim(), DoneMarker, StringComparison.OrdinalIgnoreCase);
            if (completed)
            {
                parts.RemoveAt(parts.Count - 1);
            }

            if (parts.Count < 2 || !TryParseDate(parts[^1], out var forecast))
            {
                errors.Add($"Milestone \"{item}\" needs a name and a date as name:{DateFormat}, e.g. {MilestonesExample}.");
                continue;
            }

            parts.RemoveAt(parts.Count - 1);
            var baseline = forecast;
            if (parts.Count > 1 && TryParseDate(parts[^1], out var planned))
            {
                baseline = planned;
                parts.RemoveAt(parts.Count - 1);
            }

            milestones.Add(new Milestone(string.Join(':', parts).Trim(), baseline, forecast, completed));
        }

        return milestones;
    }

    /// <summary>Reads <c>date:cumulative planned value</c> items separated by <c>;</c> or line breaks.</summary>
    public static IReadOnlyList<BaselinePoint> ParseBaseline(string? text, ICollection<string> errors)
    {
        var points = new List<BaselinePoint>();
        foreach (var item in Items(text))
        {
            var separator = item.IndexOf(':', StringComparison.Ordinal);
            if (separator < 0 || !TryParseDate(item[..separator], out var date) || !TryParseAmount(item[(separator + 1)..], out var value))
            {
                errors.Add($"Baseline point \"{item}\" is not {DateFormat}:amount, e.g. {BaselineExample}.");
                continue;
            }

            points.Add(new BaselinePoint(date, value));
        }

        return points;
    }

    public static string FormatMilestones(IEnumerable<Milestone> milestones, string separator = ";") =>
        string.Join(separator, milestones.Select(m =>
            $"{m.Name}:{TypedDate(m.BaselineDate)}{(m.ForecastDate != m.BaselineDate ? ":" + TypedDate(m.ForecastDate) : string.Empty)}{(m.Completed ? ":" + DoneMarker : string.Empty)}"));

    public static string FormatBaseline(IEnumerable<BaselinePoint> points, string separator = ";") =>
        string.Join(separator, points.Select(p => $"{TypedDate(p.Date)}:{p.CumulativePlannedValue.ToString(CultureInfo.InvariantCulture)}"));

    private static string[] Items(string? text) =>
        (text ?? string.Empty).Split(ItemSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static (string Prefix, int Number) SplitCode(string code)
    {
        var dash = code.LastIndexOf('-');
        return dash > 0 && int.TryParse(code.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (code[..dash], number)
            : (code, -1);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,9}-[0-9]{1,6}$")]
    private static partial Regex CodePattern();
}
