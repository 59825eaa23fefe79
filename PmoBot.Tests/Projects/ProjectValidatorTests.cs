using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Tests.Projects;

public sealed class ProjectValidatorTests
{
    private static readonly PmoUser Megan = new("megan-key", "Megan Bowen", null, null, null, new HashSet<Role>(), false, null);
    private static readonly PmoUser Adele = new("adele-key", "Adele Vance", null, null, null, new HashSet<Role>(), false, null);
    private static readonly Project Good = ProjectsHarness.Valid("PRJ-042", Megan, Adele);

    [Fact]
    public void A_complete_project_is_valid() => Assert.Empty(ProjectValidator.Validate(Good));

    [Fact]
    public void A_planned_end_before_the_start_is_refused_with_both_dates() =>
        AssertSingleError(
            Good with { PlannedEnd = new DateOnly(2025, 12, 1), Baseline = [], Milestones = [] },
            "The planned end (1 Dec 2025) is before the start (1 Jan 2026).");

    [Fact]
    public void A_planned_end_on_the_start_day_is_refused() =>
        AssertSingleError(Good with { PlannedEnd = Good.Start, Baseline = [], Milestones = [] }, "The planned end is the start date (1 Jan 2026); it must come after it.");

    [Fact]
    public void A_negative_budget_is_refused() =>
        AssertSingleError(Good with { BudgetAtCompletion = -5_000m, Baseline = [] }, "The budget at completion cannot be negative (-5,000 EUR).");

    [Fact]
    public void A_zero_budget_is_refused() =>
        Assert.Contains(ProjectValidator.Validate(Good with { BudgetAtCompletion = 0m, Baseline = [] }), e => e.StartsWith("The budget at completion must be more than zero", StringComparison.Ordinal));

    [Fact]
    public void A_baseline_that_goes_down_is_refused_naming_both_points() =>
        AssertSingleError(
            Good with { Baseline = [new(new(2026, 1, 31), 150_000m), new(new(2026, 2, 28), 120_000m)] },
            "The baseline is cumulative, so it cannot go down: 120,000 EUR on 28 Feb 2026 is less than 150,000 EUR on 31 Jan 2026.");

    [Fact]
    public void Baseline_dates_out_of_order_are_refused() =>
        AssertSingleError(
            Good with { Baseline = [new(new(2026, 3, 31), 50_000m), new(new(2026, 2, 28), 120_000m)] },
            "The baseline's dates must increase: 28 Feb 2026 comes after 31 Mar 2026.");

    [Fact]
    public void A_baseline_beyond_the_budget_at_completion_is_refused() =>
        AssertSingleError(
            Good with { Baseline = [new(new(2026, 6, 30), 600_000m), new(new(2026, 12, 31), 1_300_000m)] },
            "The baseline reaches 1,300,000 EUR on 31 Dec 2026, beyond the budget at completion (1,200,000 EUR).");

    [Fact]
    public void A_baseline_point_outside_the_project_dates_is_refused() =>
        AssertSingleError(
            Good with { Baseline = [new(new(2025, 12, 31), 0m), new(new(2026, 6, 30), 600_000m)] },
            "The baseline point 31 Dec 2025 is outside the project (1 Jan 2026 to 31 Dec 2026).");

    [Fact]
    public void A_milestone_due_outside_the_project_and_duplicate_names_are_refused()
    {
        var errors = ProjectValidator.Validate(Good with
        {
            Milestones = [new("Go-live", new(2027, 2, 1), new(2027, 2, 1), false), new("go-live", new(2026, 9, 30), new(2026, 9, 30), false)],
        });

        Assert.Equal(
            [
                "Milestone \"Go-live\" is due 1 Feb 2027, outside the project (1 Jan 2026 to 31 Dec 2026).",
                "Milestone \"Go-live\" appears more than once; give each milestone its own name.",
            ],
            errors);
    }

    [Fact]
    public void The_pm_cannot_also_be_the_deputy() =>
        AssertSingleError(Good with { Deputy = Good.Manager }, "Megan Bowen cannot be both the PM and the deputy PM.");

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = ProjectValidator.Validate(Good with { Code = "PRJ42", Name = " ", Currency = "EURO", Sponsor = "" });

        Assert.Equal(
            [
                "\"PRJ42\" is not a project code: letters and digits, a dash and a number, like PRJ-042.",
                "The name is missing.",
                "The sponsor is missing.",
                "\"EURO\" is not a currency code: use three letters such as EUR, USD or GBP.",
            ],
            errors);
    }

    private static void AssertSingleError(Project project, string expected) =>
        Assert.Equal(expected, Assert.Single(ProjectValidator.Validate(project)));
}
