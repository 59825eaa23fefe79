using System.Text.Json.Nodes;
using PmoBot.People;
using PmoBot.Risks;

namespace PmoBot.Portfolio;

/// <summary>Finds projects and builds their status cards for the people allowed to see them (commands, card refresh and the messaging extension alike).</summary>
public sealed class ProjectStatusLookup(PortfolioScope scope, PortfolioReader reader, LoggedRiskStore loggedRisks) : IProjectStatusLookup
{
    public async Task<IReadOnlyList<ProjectSearchResult>> SearchAsync(PmoUser caller, string query, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var visible = await reader.ListAsync(scope.For(caller), cancellationToken);
        return ProjectMatcher.Search(visible, query ?? string.Empty)
            .Take(Math.Max(0, take))
            .Select(e => new ProjectSearchResult(e.Code, e.Project.Name, e.Project.BusinessUnit, e.Project.Manager.Name, e.Reviewed?.Overall))
            .ToList();
    }

    public async Task<JsonObject?> StatusCardAsync(PmoUser caller, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var entry = await reader.GetAsync(scope.For(caller), code ?? string.Empty, cancellationToken);
        return entry is null ? null : await CardAsync(entry, caller, cancellationToken);
    }

    /// <summary>The status card of a project the caller may see, with its logged risks beside the review's.</summary>
    public async Task<JsonObject> CardAsync(PortfolioEntry entry, PmoUser viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var logged = await loggedRisks.ListForProjectAsync(entry.Code, cancellationToken);
        return StatusCard.Build(entry, PortfolioRisk.Of(entry, logged), viewer);
    }
}
