namespace PmoBot.Lessons;

/// <summary>One category a lesson is filed under: a warning rule id or a knowledge area, and the knowledge area it belongs to.</summary>
public sealed record LessonCategory(string Id, string Title, string Area);

/// <summary>
/// Lesson categories are the early-warning rule ids plus the knowledge areas, so a warning finds the lessons filed
/// under its own rule, and lessons filed under the rule's knowledge area (a <c>cost</c> lesson for <c>cpi-low</c>) next.
/// </summary>
public static class LessonCategories
{
    public const string Scope = "scope";
    public const string Cost = "cost";
    public const string Quality = "quality";
    public const string Time = "time";
    public const string Risk = "risk";
    public const string Integration = "integration";
    public const string Stakeholder = "stakeholder";

    public static readonly IReadOnlyList<LessonCategory> All =
    [
        new("cpi-low", "Cost performance (CPI) low", Cost),
        new("spi-low", "Schedule performance (SPI) low", Time),
        new("dimension-red", "A review dimension turned red", Integration),
        new("amber-streak", "Amber for several reviews", Integration),
        new("rag-worsening", "Overall RAG getting worse", Integration),
        new("eac-overrun", "Estimate at completion over budget", Cost),
        new("milestone-slip", "Milestone slipping", Time),
        new("missed-reviews", "Missed reviews", Stakeholder),
        new("risk-high", "High risk", Risk),
        new("progress-stalled", "Progress stalled", Time),
        new("process-compliance", "Process compliance low", Integration),
        new(Scope, "Scope", Scope),
        new(Cost, "Cost", Cost),
        new(Quality, "Quality", Quality),
        new(Time, "Time", Time),
        new(Risk, "Risk", Risk),
        new(Integration, "Integration", Integration),
        new(Stakeholder, "Stakeholders", Stakeholder),
    ];

    private static readonly Dictionary<string, LessonCategory> ById = All.ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);

    public static bool TryFind(string? id, out LessonCategory category)
    {
        category = null!;
        return id is not null && ById.TryGetValue(id.Trim(), out category!);
    }

    /// <summary>The category's title, or the id itself for one PmoBot does not know (a rule added later).</summary>
    public static string Describe(string id) => TryFind(id, out var category) ? category.Title : id;

    /// <summary>The knowledge area of a category; an unknown id is its own area.</summary>
    public static string AreaOf(string id) => TryFind(id, out var category) ? category.Area : id.Trim().ToLowerInvariant();

    public static string List => string.Join(", ", All.Select(c => c.Id));
}
