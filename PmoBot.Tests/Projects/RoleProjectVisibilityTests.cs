using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Tests.Projects;

/// <summary>The rule by role alone, for hosts without the Portfolio feature: the PMO, leaders and admins see every project, anyone else their own.</summary>
public sealed class RoleProjectVisibilityTests
{
    private static readonly PmoUser Megan = Person(Role.ProjectManager);
    private static readonly PmoUser Adele = Person(Role.ProjectManager);

    [Theory]
    [InlineData(Role.Pmo)]
    [InlineData(Role.Leader)]
    [InlineData(Role.Admin)]
    public void The_portfolio_roles_see_every_project(Role role)
    {
        var view = new RoleProjectVisibility().ViewOf(Person(role));

        Assert.True(view.Everything);
        Assert.False(view.OnlyOwnProjects);
        Assert.True(view.CanSee(ProjectsHarness.Valid(ProjectsHarness.NewCode(), Adele)));
        Assert.Equal("the whole portfolio", view.Describe());
    }

    [Fact]
    public void Anyone_else_sees_the_projects_they_manage_or_deputise_on()
    {
        var view = new RoleProjectVisibility().ViewOf(Megan);

        Assert.False(view.Everything);
        Assert.True(view.OnlyOwnProjects);
        Assert.Equal(Megan.UserKey, view.UserKey);
        Assert.True(view.CanSee(ProjectsHarness.Valid(ProjectsHarness.NewCode(), Megan)));
        Assert.True(view.CanSee(ProjectsHarness.Valid(ProjectsHarness.NewCode(), Adele, Megan)));
        Assert.False(view.CanSee(ProjectsHarness.Valid(ProjectsHarness.NewCode(), Adele)));
        Assert.Equal("the projects you manage", view.Describe());
    }

    private static PmoUser Person(Role role) =>
        new(Guid.NewGuid().ToString(), $"Person {role}", null, null, null, new HashSet<Role> { role }, false, null);
}
