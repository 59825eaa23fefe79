using PmoBot.Reviews.Templates;
using PmoBot.Risks;

namespace PmoBot.Portfolio;

/// <summary>A risk of a project, from its latest review (owned by the PM) or logged separately (owned by whoever it names).</summary>
public sealed record PortfolioRisk(string ProjectCode, string ProjectName, RiskEntry Risk, string Owner, bool Logged)
{
    /// <summary>The review's top risks and the logged ones, highest probability × impact first.</summary>
    public static IReadOnlyList<PortfolioRisk> Of(PortfolioEntry entry, IEnumerable<LoggedRisk> logged)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(logged);
        var project = entry.Project;
        var fromReview = (entry.Reviewed?.TopRisks ?? []).Select(r => new PortfolioRisk(project.Code, project.Name, r, project.Manager.Name, Logged: false));
        var fromLog = logged
            .Where(r => string.Equals(r.ProjectCode, project.Code, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(r => r.LoggedAt)
            .Select(r => new PortfolioRisk(project.Code, project.Name, r.AsEntry(), r.Owner, Logged: true));
        return Ranked(fromReview.Concat(fromLog));
    }

    /// <summary>Highest score first; on a tie, the higher impact, then the project code (stable, so pages do not shuffle).</summary>
    public static IReadOnlyList<PortfolioRisk> Ranked(IEnumerable<PortfolioRisk> risks) =>
        risks.OrderByDescending(r => r.Risk.Score)
            .ThenByDescending(r => r.Risk.Impact)
            .ThenBy(r => r.ProjectCode, Projects.ProjectText.CodeOrder)
            .ToList();

    public string Describe() => $"{Risk.Description} · {(Logged ? "owner" : "PM")} {Owner}{(Logged ? " (logged)" : string.Empty)}";
}
