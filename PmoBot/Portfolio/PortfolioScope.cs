using Microsoft.Extensions.Options;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Portfolio;

/// <summary>
/// What one person may see of the portfolio: everything (PMO, admins, leaders not limited in configuration), the
/// business units configured for a leader, and the projects they manage or deputise on.
/// </summary>
public sealed record PortfolioVisibility(string UserKey, bool Everything, IReadOnlySet<string> BusinessUnits, bool OwnProjects) : IProjectView
{
    /// <summary>True when the person sees the projects they manage and nothing else.</summary>
    public bool OnlyOwnProjects => !Everything && BusinessUnits.Count == 0 && OwnProjects;

    public bool CanSee(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Everything || BusinessUnits.Contains(project.BusinessUnit.Trim()) || (OwnProjects && project.IsManagedBy(UserKey));
    }

    public bool CanSeeBusinessUnit(string businessUnit) => Everything || BusinessUnits.Contains((businessUnit ?? string.Empty).Trim());

    /// <summary>"the whole portfolio", "Digital and Retail, and your own projects", "your own projects".</summary>
    public string Describe()
    {
        if (Everything)
        {
            return "the whole portfolio";
        }

        var parts = new List<string>();
        if (BusinessUnits.Count > 0)
        {
            parts.Add("business unit" + (BusinessUnits.Count == 1 ? " " : "s ") + string.Join(", ", BusinessUnits.Order(StringComparer.OrdinalIgnoreCase)));
        }

        if (OwnProjects)
        {
            parts.Add("the projects you manage");
        }

        return parts.Count == 0 ? "no projects" : string.Join(" and ", parts);
    }
}

/// <summary>
/// Works out each caller's <see cref="PortfolioVisibility"/> from their roles and <see cref="PortfolioOptions"/>; as
/// the app's <see cref="IProjectVisibility"/> it limits every project read, not only the portfolio views.
/// </summary>
public sealed class PortfolioScope(IOptions<PortfolioOptions> options) : IProjectVisibility
{
    public PortfolioVisibility For(PmoUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var everything = user.HasAny(Roles.PmoOrAdmin);
        IReadOnlySet<string> units = new HashSet<string>();
        if (!everything && user.Has(Role.Leader))
        {
            var configured = options.Value.BusinessUnitsOf(user);
            everything = configured is null;
            units = configured ?? units;
        }

        // Anyone may manage a project (the register names people, not roles), so their own projects are always theirs to see.
        return new PortfolioVisibility(user.UserKey, everything, units, OwnProjects: true);
    }

    IProjectView IProjectVisibility.ViewOf(PmoUser caller) => For(caller);
}
