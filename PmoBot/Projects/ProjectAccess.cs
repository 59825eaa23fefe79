using PmoBot.People;

namespace PmoBot.Projects;

/// <summary>
/// The roles of the project commands and who changes projects (the PMO and admins). Who sees which project is
/// <see cref="IProjectVisibility"/>'s question.
/// </summary>
public static class ProjectAccess
{
    public static readonly IReadOnlySet<Role> AnyRole = Roles.All.ToHashSet();

    public static readonly IReadOnlySet<Role> PortfolioRoles = new HashSet<Role> { Role.Pmo, Role.Leader, Role.Admin };

    public static bool CanChange(PmoUser user) => user.HasAny(Roles.PmoOrAdmin);
}
