using PmoBot.People;

namespace PmoBot.Projects;

/// <summary>
/// Visibility by role alone, for a host without the Portfolio feature (which replaces it with the configured scope):
/// the PMO, leaders and admins see every project; anyone else the projects they manage or deputise on.
/// </summary>
public sealed class RoleProjectVisibility : IProjectVisibility
{
    public IProjectView ViewOf(PmoUser caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new View(caller.UserKey, caller.HasAny(ProjectAccess.PortfolioRoles));
    }

    private sealed record View(string UserKey, bool Everything) : IProjectView
    {
        public bool OnlyOwnProjects => !Everything;

        public bool CanSee(Project project)
        {
            ArgumentNullException.ThrowIfNull(project);
            return Everything || project.IsManagedBy(UserKey);
        }

        public string Describe() => Everything ? "the whole portfolio" : "the projects you manage";
    }
}
