using System.Globalization;
using System.Text.Json;
using PmoBot.Commands;

namespace PmoBot.Reviews.Templates;

/// <summary>
/// A review's answers by question id, each in one canonical spelling whatever the PM typed: RAG as
/// <c>Red|Amber|Green</c>, numbers, percents and money as invariant decimals (percent 0 to 100), dates as
/// <c>yyyy-MM-dd</c>, risks as one line per risk (<c>High|Medium|description</c>), a choice as the choice's own
/// text. A question that was skipped has no entry. Immutable: every change returns a new instance.
/// </summary>
public sealed class ReviewAnswers
{
    public static readonly ReviewAnswers Empty = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    private readonly Dictionary<string, string> values;

    private ReviewAnswers(Dictionary<string, string> values) => this.values = values;

    public int Count => values.Count;

    /// <summary>Every answer by question id.</summary>
    public IReadOnlyDictionary<string, string> All => values;

    public static ReviewAnswers From(IEnumerable<KeyValuePair<string, string>> answers) =>
        new(new Dictionary<string, string>(answers, StringComparer.OrdinalIgnoreCase));

    public static ReviewAnswers FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? Empty : From(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []);

    public string ToJson() => JsonSerializer.Serialize(values);

    public ReviewAnswers With(string id, string canonical) => new(new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase) { [id] = canonical });

    public ReviewAnswers Without(string id)
    {
        var copy = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
        copy.Remove(id);
        return new(copy);
    }

    public bool Has(string id) => values.ContainsKey(id);

    public string? Text(string id) => values.TryGetValue(id, out var value) && value.Length > 0 ? value : null;

    public Rag? Rag(string id) => Text(id) is { } value && Enum.TryParse<Rag>(value, ignoreCase: true, out var rag) ? rag : null;

    public decimal? Number(string id) =>
        Text(id) is { } value && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? number : null;

    public DateOnly? Date(string id) =>
        Text(id) is { } value && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public IReadOnlyList<RiskEntry> Risks(string id) => Text(id) is { } value ? DecodeRisks(value) : [];

    public ComplianceAnswer? Compliance(string id) => ComplianceAnswer.Decode(Text(id));

    public static string Canonical(decimal number) => number.ToString(CultureInfo.InvariantCulture);

    public static string Canonical(DateOnly date) => DateText.Iso(date);

    public static string Canonical(Rag rag) => rag.ToString();

    public static string Canonical(IEnumerable<RiskEntry> risks) =>
        string.Join('\n', risks.Select(r => $"{r.Probability}|{r.Impact}|{r.Description.ReplaceLineEndings(" ").Trim()}"));

    public static IReadOnlyList<RiskEntry> DecodeRisks(string canonical) =>
        canonical.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('|', 3))
            .Where(parts => parts.Length == 3
                && Enum.TryParse<RiskLevel>(parts[0], out _)
                && Enum.TryParse<RiskLevel>(parts[1], out _))
            .Select(parts => new RiskEntry(parts[2], Enum.Parse<RiskLevel>(parts[0]), Enum.Parse<RiskLevel>(parts[1])))
            .ToList();
}
