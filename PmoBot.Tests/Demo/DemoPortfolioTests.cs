using PmoBot.Demo;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Warnings;

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

    /// <summary>
    /// The README's red review of PRJ-101 says 40% complete: on whatever day of the year the demo is seeded and tried,
    /// and for the three days after, that reads as a watch-level schedule index, not a critical one and not none at all.
    /// </summary>
    [Fact]
    public void The_walkthroughs_forty_percent_is_a_watch_level_schedule_index_on_any_day()
    {
        var limits = new WarningsOptions();
        for (var seeded = new DateOnly(2026, 1, 1); seeded < new DateOnly(2028, 1, 1); seeded = seeded.AddDays(1))
        {
            var project = DemoOrganisation.Projects(seeded).Single(p => p.Code == "PRJ-101");
            foreach (var tried in new[] { seeded, seeded.AddDays(3) })
            {
                var spi = 0.40m * project.BudgetAtCompletion / EarnedValueCalculator.PlannedValue(project, tried)!.Value;
                Assert.True(spi >= limits.SpiCritical && spi < limits.SpiThreshold, $"seeded {seeded}, tried {tried}: SPI {spi:0.0000}");
            }
        }
    }
}
