using PmoBot.Projects;

namespace PmoBot.Tests.Projects;

public sealed class ProjectTextTests
{
    [Theory]
    [InlineData("prj-042", "PRJ-042", true)]
    [InlineData("  A1-1 ", "A1-1", true)]
    [InlineData("ABCDEFGHIJ-123456", "ABCDEFGHIJ-123456", true)]
    [InlineData("ABCDEFGHIJK-1", "ABCDEFGHIJK-1", false)]
    [InlineData("P-1", "P-1", false)]
    [InlineData("1RJ-1", "1RJ-1", false)]
    [InlineData("PRJ-1234567", "PRJ-1234567", false)]
    [InlineData("PRJ 42", "PRJ 42", false)]
    [InlineData("PRJ-٤٢", "PRJ-٤٢", false)]
    public void Codes_are_upper_cased_then_checked_against_the_pattern(string typed, string normalized, bool valid)
    {
        var code = ProjectText.NormalizeCode(typed);

        Assert.Equal(normalized, code);
        Assert.Equal(valid, ProjectText.IsCode(code));
    }

    [Fact]
    public void Codes_sort_by_prefix_then_by_number()
    {
        string[] codes = ["PRJ-10", "ABC-2", "PRJ-9", "PRJ-100", "ABC-10"];

        Assert.Equal(["ABC-2", "ABC-10", "PRJ-9", "PRJ-10", "PRJ-100"], codes.Order(ProjectText.CodeOrder));
    }

    [Fact]
    public void Milestones_read_names_baseline_and_forecast_dates_and_completion()
    {
        var errors = new List<string>();

        var milestones = ProjectText.ParseMilestones("Design sign-off:2026-03-31; Phase 2: build:2026-06-30:2026-07-15\nKick-off:2026-01-15:done", errors);

        Assert.Empty(errors);
        Assert.Equal(
            [
                new Milestone("Design sign-off", new DateOnly(2026, 3, 31), new DateOnly(2026, 3, 31), false),
                new Milestone("Phase 2: build", new DateOnly(2026, 6, 30), new DateOnly(2026, 7, 15), false),
                new Milestone("Kick-off", new DateOnly(2026, 1, 15), new DateOnly(2026, 1, 15), true),
            ],
            milestones);
    }

    [Theory]
    [InlineData("Go-live")]
    [InlineData("Go-live:2026-13-01")]
    [InlineData("Go-live:31/12/2026")]
    [InlineData("2026-09-30")]
    public void A_milestone_without_a_name_and_an_iso_date_is_an_error_that_quotes_it(string item)
    {
        var errors = new List<string>();

        ProjectText.ParseMilestones(item, errors);

        var error = Assert.Single(errors);
        Assert.Contains($"\"{item}\"", error, StringComparison.Ordinal);
        Assert.Contains("name:yyyy-MM-dd", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Baseline_points_accept_thousands_separators_and_decimals()
    {
        var errors = new List<string>();

        var points = ProjectText.ParseBaseline("2026-01-31:50000;2026-02-28:120,000.50\n2026-03-31: 1,200,000", errors);

        Assert.Empty(errors);
        Assert.Equal([new(new DateOnly(2026, 1, 31), 50_000m), new(new DateOnly(2026, 2, 28), 120_000.50m), new BaselinePoint(new DateOnly(2026, 3, 31), 1_200_000m)], points);
    }

    [Theory]
    [InlineData("2026-01-31")]
    [InlineData("2026-01-31:fifty")]
    [InlineData("31.01.2026:50000")]
    [InlineData("2026-01-31:50.000,00")]
    public void A_baseline_point_that_is_not_date_colon_amount_is_an_error(string item)
    {
        var errors = new List<string>();

        ProjectText.ParseBaseline(item, errors);

        Assert.Contains($"\"{item}\"", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Milestones_and_baseline_written_as_text_read_back_the_same()
    {
        Milestone[] milestones = [new("Design", new(2026, 3, 31), new(2026, 4, 10), false), new("Go-live", new(2026, 9, 30), new(2026, 9, 30), true)];
        BaselinePoint[] baseline = [new(new(2026, 1, 31), 50_000.25m), new(new(2026, 2, 28), 1_120_000m)];
        var errors = new List<string>();

        Assert.Equal(milestones, ProjectText.ParseMilestones(ProjectText.FormatMilestones(milestones), errors));
        Assert.Equal(baseline, ProjectText.ParseBaseline(ProjectText.FormatBaseline(baseline, "\n"), errors));
        Assert.Empty(errors);
    }
}
