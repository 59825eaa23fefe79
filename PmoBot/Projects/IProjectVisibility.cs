using PmoBot.People;

namespace PmoBot.Projects;

/// <summary>
/// Who sees which projects. Every read of a project (its card, the lists, its review history, its warnings) asks
/// this, so a limit on what someone may see holds everywhere. The Portfolio feature provides the configured scope
/// (leaders limited to business units); <see cref="RoleProjectVisibility"/> is the rule by role alone.
/// </summary>
public interface IProjectVisibility
{
    IProjectView ViewOf(PmoUser caller);
}

/// <summary>What one caller may see of the register.</summary>
public interface IProjectView
{
    /// <summary>The caller's user key: their own projects are found through it.</summary>
    string UserKey { get; }

    /// <summary>True when the caller sees every project (the whole portfolio).</summary>
    bool Everything { get; }

    /// <summary>True when the caller sees the projects they manage or deputise on and nothing else, so their own index lists all they may see.</summary>
    bool OnlyOwnProjects { get; }

    bool CanSee(Project project);

    /// <summary>True when the caller sees the whole of <paramref name="businessUnit"/> (a leader's scope), for things that belong to a unit rather than to a project, such as opportunities.</summary>
    bool CanSeeBusinessUnit(string businessUnit) => Everything;

    /// <summary>What the caller sees, for messages: "the whole portfolio", "business unit Digital and the projects you manage".</summary>
    string Describe();
}

public static class ProjectViews
{
    /// <summary>The words for the caller's kind of view: the whole portfolio, only their own projects, or a part of the portfolio.</summary>
    public static string Choose(this IProjectView view, string everything, string ownProjects, string part)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Everything ? everything : view.OnlyOwnProjects ? ownProjects : part;
    }
}
