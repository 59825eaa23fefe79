namespace PmoBot.Development;

/// <summary>
/// What a programme, an event or a mentoring pair is about: the PMBOK knowledge areas plus agile and leadership.
/// Ids are stable (stored and typed in commands); names are for people.
/// </summary>
public static class KnowledgeAreas
{
    public static readonly IReadOnlyList<(string Id, string Name)> All =
    [
        ("integration", "Integration"),
        ("scope", "Scope"),
        ("schedule", "Schedule"),
        ("cost", "Cost"),
        ("quality", "Quality"),
        ("resources", "Resources"),
        ("communications", "Communications"),
        ("risk", "Risk"),
        ("procurement", "Procurement"),
        ("stakeholders", "Stakeholders"),
        ("agile", "Agile"),
        ("leadership", "Leadership"),
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["time"] = "schedule",
        ["stakeholder"] = "stakeholders",
        ["stakeholder management"] = "stakeholders",
        ["resource"] = "resources",
        ["communication"] = "communications",
        ["risks"] = "risk",
        ["costs"] = "cost",
    };

    /// <summary>The area's id for a typed id, name or common alias (<c>Time</c> is schedule), or null.</summary>
    public static string? Parse(string? text)
    {
        var typed = (text ?? string.Empty).Trim();
        if (typed.Length == 0)
        {
            return null;
        }

        var match = All.FirstOrDefault(a => string.Equals(a.Id, typed, StringComparison.OrdinalIgnoreCase) || string.Equals(a.Name, typed, StringComparison.OrdinalIgnoreCase));
        return match.Id ?? (Aliases.TryGetValue(typed, out var id) ? id : null);
    }

    public static string NameOf(string id) => All.FirstOrDefault(a => a.Id == id).Name ?? id;

    public static string Describe(IEnumerable<string> ids) => string.Join(", ", ids.Select(NameOf));

    public static string Choices => string.Join(", ", All.Select(a => a.Id));

    /// <summary>Reads a list typed as <c>risk, cost</c> or <c>risk;cost</c>; unknown words are returned apart.</summary>
    public static (IReadOnlyList<string> Areas, IReadOnlyList<string> Unknown) ParseList(string? text)
    {
        var areas = new List<string>();
        var unknown = new List<string>();
        foreach (var word in (text ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Parse(word) is { } id)
            {
                if (!areas.Contains(id))
                {
                    areas.Add(id);
                }
            }
            else
            {
                unknown.Add(word);
            }
        }

        return (areas, unknown);
    }
}
