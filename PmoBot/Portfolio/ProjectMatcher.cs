using PmoBot.Commands;
using PmoBot.Projects;

namespace PmoBot.Portfolio;

/// <summary>
/// Finds projects among those a person may see by what they typed: a code, part of a name, a PM's name or a business
/// unit, case-insensitive, best first (exact code, code prefix, name, then PM and business unit).
/// </summary>
public static class ProjectMatcher
{
    private enum Rank
    {
        ExactCode,
        CodePrefix,
        Name,
        CodeContains,
        ManagerOrUnit,
        None,
    }

    /// <summary>Matches by code or name only, as <c>status</c> reads its argument.</summary>
    public static IReadOnlyList<PortfolioEntry> ByCodeOrName(IEnumerable<PortfolioEntry> visible, string query) =>
        Ranked(visible, query, includePeople: false);

    /// <summary>Matches by code, name, PM (or deputy) or business unit, as the messaging extension searches; an empty query lists all.</summary>
    public static IReadOnlyList<PortfolioEntry> Search(IEnumerable<PortfolioEntry> visible, string query) =>
        string.IsNullOrWhiteSpace(query) ? visible.OrderBy(e => e.Code, ProjectText.CodeOrder).ToList() : Ranked(visible, query, includePeople: true);

    /// <summary>The visible project whose code or name is closest to <paramref name="query"/> (edit distance), or null when none is visible.</summary>
    public static PortfolioEntry? Closest(IEnumerable<PortfolioEntry> visible, string query)
    {
        var typed = query.Trim();
        return visible
            .Select(e => (Entry: e, Distance: Math.Min(CommandText.Distance(typed, e.Code), CommandText.Distance(typed, e.Project.Name))))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Entry.Code, ProjectText.CodeOrder)
            .Select(x => x.Entry)
            .FirstOrDefault();
    }

    /// <summary>The visible project whose code is one edit from <paramref name="code"/> (PRJ-100 for PRJ-10O), or null.</summary>
    public static PortfolioEntry? OneEditFromCode(IEnumerable<PortfolioEntry> visible, string code) =>
        visible
            .Where(e => CommandText.Distance(code, ProjectText.NormalizeCode(e.Code)) <= 1)
            .OrderBy(e => e.Code, ProjectText.CodeOrder)
            .FirstOrDefault();

    private static List<PortfolioEntry> Ranked(IEnumerable<PortfolioEntry> visible, string query, bool includePeople)
    {
        var typed = query.Trim();
        return visible
            .Select(e => (Entry: e, Rank: RankOf(e.Project, typed, includePeople)))
            .Where(x => x.Rank != Rank.None)
            .OrderBy(x => x.Rank)
            .ThenBy(x => x.Entry.Code, ProjectText.CodeOrder)
            .Select(x => x.Entry)
            .ToList();
    }

    private static Rank RankOf(Project project, string typed, bool includePeople)
    {
        bool Contains(string? text) => text is not null && text.Contains(typed, StringComparison.OrdinalIgnoreCase);
        return typed.Length == 0 ? Rank.None
            : string.Equals(project.Code, typed, StringComparison.OrdinalIgnoreCase) ? Rank.ExactCode
            : project.Code.StartsWith(typed, StringComparison.OrdinalIgnoreCase) ? Rank.CodePrefix
            : Contains(project.Name) ? Rank.Name
            : Contains(project.Code) ? Rank.CodeContains
            : includePeople && (Contains(project.Manager.Name) || Contains(project.Deputy?.Name) || Contains(project.BusinessUnit)) ? Rank.ManagerOrUnit
            : Rank.None;
    }
}
