using PmoBot.Demo;
using PmoBot.Projects;

namespace PmoBot.Tests.Demo;

public sealed class DemoPortfolioTests
{
    [Theory]
    [InlineData("2026-01-31")]
    [InlineData("2026-11-26")]
    [InlineData("2028-02-29")]
    [InlineData("2031-12-01")]
    public void Every_demo_project_is_valid_whenever_it_is_seeded(string today)
    {
        var projects = DemoOrganisation.Projects(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));

        Assert.All(projects, p => Assert.Empty(ProjectValidator.Validate(p)));
    }

    [Fact]
    public void The_demo_portfolio_mixes_units_pms_stages_and_statuses_around_today()
    {
        var today = new DateOnly(2026, 11, 26);

        var projects = DemoOrganisation.Projects(today);

        Assert.Equal(8, projects.Count);
        Assert.Equal(projects.Count, projects.Select(p => p.Code).Distinct().Count());
        Assert.Equal(["Digital", "Infrastructure", "Operations"], projects.Select(p => p.BusinessUnit).Distinct().Order());
        Assert.Equal(["Adele Vance", "Megan Bowen"], projects.Select(p => p.Manager.Name).Distinct().Order());
        Assert.Equal(Enum.GetValues<ProjectStage>(), projects.Select(p => p.Stage).Distinct().Order());
        Assert.Equal(Enum.GetValues<ProjectStatus>(), projects.Select(p => p.Status).Distinct().Order());
        Assert.All(projects, p => Assert.False(string.IsNullOrWhiteSpace(p.Sponsor)));
        Assert.Contains(projects, p => p.Deputy is not null);
        Assert.Contains(projects, p => p.Start <= today && today <= p.PlannedEnd && p.Milestones.Any(m => m.Completed) && p.Milestones.Any(m => m.ForecastDate > m.BaselineDate));
        Assert.All(projects, p => Assert.Equal(p.PlannedEnd, p.Baseline[^1].Date));
        Assert.All(projects, p => Assert.All(p.Baseline.SkipLast(1), point => Assert.Equal(1, point.Date.AddDays(1).Day)));
    }
}
