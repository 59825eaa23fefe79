using PmoBot.People;

namespace PmoBot.Projects;

/// <summary>Who sees and who changes which projects: the PMO, leaders and admins see the portfolio; a PM sees the projects they manage or deputise on; the PMO and admins change them.</summary>
public static class ProjectAccess
{
    public static readonly IReadOnlySet<Role> AnyRole = Roles.All.ToHashSet();

    public static readonly IReadOnlySet<Role> PortfolioRoles = new HashSet<Role> { Role.Pmo, Role.Leader, Role.Admin };

    public static bool SeesPortfolio(PmoUser user) => user.HasAny(PortfolioRoles);

    public static bool CanSee(PmoUser user, Project project) => SeesPortfolio(user) || project.IsManagedBy(user.UserKey);

    public static bool CanChange(PmoUser user) => user.HasAny(Roles.PmoOrAdmin);
}
