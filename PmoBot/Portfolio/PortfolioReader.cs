using PmoBot.Projects;
using PmoBot.Reviews.History;

namespace PmoBot.Portfolio;

/// <summary>
/// Reads what portfolio views show: the register (one partition) joined with the latest statuses (one partition),
/// never the review history. The register is the truth for who manages a project and where it belongs; the status row
/// carries the latest review.
/// </summary>
public sealed class PortfolioReader(ProjectRegister register, LatestStatusStore statuses)
{
    /// <summary>Every project <paramref name="visibility"/> allows, closed ones included, by code.</summary>
    public async Task<IReadOnlyList<PortfolioEntry>> ListAsync(PortfolioVisibility visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        var projectsTask = register.ListStoredAsync(cancellationToken);
        var statusesTask = statuses.ListAsync(cancellationToken);
        var projects = await projectsTask;
        var byCode = (await statusesTask).ToDictionary(s => s.ProjectCode, StringComparer.OrdinalIgnoreCase);
        return projects.Values
            .Select(p => p.Project)
            .Where(visibility.CanSee)
            .OrderBy(p => p.Code, ProjectText.CodeOrder)
            .Select(p => new PortfolioEntry(p, byCode.GetValueOrDefault(p.Code)))
            .ToList();
    }

    /// <summary>
    /// The open projects <paramref name="userKey"/> manages or deputises on: their own index (one partition) and two point
    /// reads per project, rather than the whole register. The register row has the last word on who manages it.
    /// </summary>
    public async Task<IReadOnlyList<PortfolioEntry>> ListManagedAsync(PortfolioVisibility visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        var managed = await register.ListManagedAsync(visibility.UserKey, cancellationToken);
        var entries = await Task.WhenAll(managed.Select(m => GetAsync(visibility, m.Project.Code, cancellationToken)));
        return entries
            .OfType<PortfolioEntry>()
            .Where(e => e.IsOpen && e.Project.IsManagedBy(visibility.UserKey))
            .DistinctBy(e => e.Code, StringComparer.OrdinalIgnoreCase)
            .OrderBy(e => e.Code, ProjectText.CodeOrder)
            .ToList();
    }

    /// <summary>One project by code (two point reads), or null when it does not exist or <paramref name="visibility"/> does not allow it.</summary>
    public async Task<PortfolioEntry?> GetAsync(PortfolioVisibility visibility, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        var normalized = ProjectText.NormalizeCode(code);
        if (!ProjectText.IsCode(normalized))
        {
            return null;
        }

        var projectTask = register.GetAsync(normalized, cancellationToken);
        var statusTask = statuses.GetAsync(normalized, cancellationToken);
        var stored = await projectTask;
        var status = await statusTask;
        return stored is not null && visibility.CanSee(stored.Project) ? new PortfolioEntry(stored.Project, status) : null;
    }
}
