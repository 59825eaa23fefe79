using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Tests.Reviews.History;

public sealed class EarnedValueCalculatorTests
{
    /// <summary>
    /// Starts 2026-03-01, BAC 1,000,000 EUR; planned 100,000 by 03-11 (10 days in), 500,000 by 03-31 (20 days later),
    /// 800,000 by 04-30.
    /// </summary>
    private static readonly Project Plan = ReviewHistoryHarness.NewProject() with
    {
        Start = new DateOnly(2026, 3, 1),
        PlannedEnd = new DateOnly(2026, 5, 31),
        BudgetAtCompletion = 1_000_000m,
        Currency = "EUR",
        Baseline = [new(new DateOnly(2026, 3, 11), 100_000m), new(new DateOnly(2026, 3, 31), 500_000m), new(new DateOnly(2026, 4, 30), 800_000m)],
    };

    [Fact]
    public void Every_figure_matches_the_hand_computed_example()
    {
        var answers = ReviewHistoryHarness.Answers(Rag.Amber, percentComplete: 25, actualCost: 200_000, estimateAtCompletion: 950_000);

        var ev = EarnedValueCalculator.Compute(Plan, answers, new DateOnly(2026, 3, 21));

        // PV: 10 of the 20 days from 03-11 to 03-31: 100,000 + (500,000 - 100,000) × 10 / 20 = 300,000
        // EV: 25 / 100 × 1,000,000 = 250,000
        // SPI: 250,000 / 300,000 = 0.83333.. = 0.8333;  CPI: 250,000 / 200,000 = 1.25
        // EAC: 1,000,000 / 1.25 = 800,000;  VAC: 1,000,000 - 800,000 = 200,000
        Assert.Equal(
            new EarnedValue(new DateOnly(2026, 3, 21), "EUR", 1_000_000m, 25m, 250_000m, 300_000m, 200_000m, 0.8333m, 1.25m, 800_000m, 950_000m, 200_000m),
            ev);
    }

    [Fact]
    public void Figures_that_do_not_divide_evenly_are_rounded_at_the_end_only()
    {
        // The register's usual example: starts 2026-01-01, BAC 1,200,000; 50,000 by 01-31, 600,000 by 06-30.
        var project = ReviewHistoryHarness.NewProject();
        var answers = ReviewHistoryHarness.Answers(Rag.Green, percentComplete: 30, actualCost: 400_000);

        var ev = EarnedValueCalculator.Compute(project, answers, new DateOnly(2026, 4, 15));

        // PV: 01-31 to 06-30 is 150 days, to 04-15 is 74: 50,000 + 550,000 × 74 / 150 = 321,333.333.. = 321,333.33
        // EV: 0.30 × 1,200,000 = 360,000;  SPI: 360,000 / 321,333.333.. = 1.12033.. = 1.1203
        // CPI: 360,000 / 400,000 = 0.9;  EAC: 1,200,000 / 0.9 = 1,333,333.33;  VAC: 1,200,000 - 1,333,333.333.. = -133,333.33
        Assert.Equal(
            (360_000m, 321_333.33m, 1.1203m, 0.9m, 1_333_333.33m, -133_333.33m, (decimal?)null),
            (ev.Ev, ev.Pv, ev.Spi, ev.Cpi, ev.Eac, ev.Vac, ev.ManagerEac));
    }

    [Theory]
    [InlineData("2026-02-20", "0")] // before the start nothing is planned
    [InlineData("2026-03-01", "0")] // the start
    [InlineData("2026-03-06", "50000")] // 5 of the 10 days from the start to the first point: 0 + 100,000 × 5 / 10
    [InlineData("2026-03-11", "100000")] // on the first point
    [InlineData("2026-03-26", "400000")] // 15 of 20 days: 100,000 + 400,000 × 15 / 20
    [InlineData("2026-03-31", "500000")] // on a point
    [InlineData("2026-04-10", "600000")] // 10 of 30 days: 500,000 + 300,000 × 10 / 30
    [InlineData("2026-04-30", "800000")] // the last point
    [InlineData("2026-09-15", "800000")] // after the last point its value holds
    public void Planned_value_follows_the_baseline_linearly_between_points(string asOf, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), EarnedValueCalculator.PlannedValue(Plan, DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_first_point_on_the_start_date_needs_no_ramp_from_zero()
    {
        var project = Plan with { Baseline = [new(Plan.Start, 100_000m), new(new DateOnly(2026, 3, 11), 300_000m)] };

        // 5 of 10 days: 100,000 + 200,000 × 5 / 10 = 200,000
        Assert.Equal(200_000m, EarnedValueCalculator.PlannedValue(project, new DateOnly(2026, 3, 6)));
        Assert.Equal(100_000m, EarnedValueCalculator.PlannedValue(project, Plan.Start));
    }

    [Fact]
    public void Without_a_baseline_there_is_no_planned_value_nor_spi_but_cost_figures_remain()
    {
        var answers = ReviewHistoryHarness.Answers(Rag.Green, percentComplete: 50, actualCost: 400_000, estimateAtCompletion: 900_000);

        var ev = EarnedValueCalculator.Compute(Plan with { Baseline = [] }, answers, new DateOnly(2026, 3, 21));

        // EV 500,000; CPI 500,000 / 400,000 = 1.25; EAC 800,000; VAC 200,000
        Assert.Equal((null, null), (ev.Pv, ev.Spi));
        Assert.Equal((500_000m, 1.25m, 800_000m, 200_000m, 900_000m), (ev.Ev, ev.Cpi, ev.Eac, ev.Vac, ev.ManagerEac));
    }

    [Fact]
    public void Dividing_by_zero_gives_no_figure()
    {
        var noCostYet = EarnedValueCalculator.Compute(Plan, ReviewHistoryHarness.Answers(Rag.Green, percentComplete: 10, actualCost: 0), new DateOnly(2026, 3, 21));
        var nothingEarned = EarnedValueCalculator.Compute(Plan, ReviewHistoryHarness.Answers(Rag.Red, percentComplete: 0, actualCost: 50_000), new DateOnly(2026, 3, 21));
        var nothingPlanned = EarnedValueCalculator.Compute(Plan, ReviewHistoryHarness.Answers(Rag.Green, percentComplete: 1, actualCost: 1_000), Plan.Start);

        // AC = 0: CPI = EV / 0, so no CPI, EAC or VAC.
        Assert.Equal((100_000m, null, null, null), (noCostYet.Ev, noCostYet.Cpi, noCostYet.Eac, noCostYet.Vac));

        // EV = 0: CPI is 0 and EAC = BAC / 0.
        Assert.Equal((0m, 0m, null, null, 0m), (nothingEarned.Ev, nothingEarned.Cpi, nothingEarned.Eac, nothingEarned.Vac, nothingEarned.Spi));

        // PV = 0 at the start: SPI = EV / 0.
        Assert.Equal((0m, null), (nothingPlanned.Pv, nothingPlanned.Spi));
    }

    [Fact]
    public void Missing_or_impossible_answers_leave_their_figures_empty()
    {
        var none = EarnedValueCalculator.Compute(Plan, ReviewAnswers.Empty, new DateOnly(2026, 3, 21));
        var overHundred = EarnedValueCalculator.Compute(
            Plan,
            ReviewAnswers.Empty.With(WellKnownQuestions.PercentComplete, "120").With(WellKnownQuestions.ActualCost, "-5").With(WellKnownQuestions.EstimateAtCompletion, "1000"),
            new DateOnly(2026, 3, 21));

        Assert.Equal(new EarnedValue(new DateOnly(2026, 3, 21), "EUR", 1_000_000m, null, null, 300_000m, null, null, null, null, null, null), none);
        Assert.Equal((null, null, null, null, 1_000m), (overHundred.PercentComplete, overHundred.Ev, overHundred.Ac, overHundred.Spi, overHundred.ManagerEac));
    }
}
