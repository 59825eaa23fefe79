using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Warnings.WarningHistories;

namespace PmoBot.Tests.Warnings;

/// <summary>Each rule over hand-made histories: when it fires, when it does not, its severity and what it says.</summary>
public sealed class WarningRulesTests
{
    private static readonly WarningsOptions Defaults = new();

    [Theory]
    [InlineData("0.899", WarningSeverity.Watch)]
    [InlineData("0.80", WarningSeverity.Watch)]
    [InlineData("0.7999", WarningSeverity.Critical)]
    public void Cpi_below_the_threshold_fires_with_severity_by_how_far(string cpi, WarningSeverity severity)
    {
        var signal = Fire(new CpiLowRule(Defaults), Review(0, cpi: decimal.Parse(cpi, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.NotNull(signal);
        Assert.Equal(severity, signal.Severity);
        Assert.Equal(CpiLowRule.RuleId, signal.RuleId);
    }

    [Fact]
    public void Cpi_at_the_threshold_or_unknown_does_not_fire()
    {
        Assert.Null(Fire(new CpiLowRule(Defaults), Review(0, cpi: 0.900m)));
        Assert.Null(Fire(new CpiLowRule(Defaults), Review(0, cpi: null)));
        Assert.Null(Fire(new CpiLowRule(Defaults)));
    }

    [Fact]
    public void Cpi_says_the_figure_and_what_it_was_three_reviews_ago()
    {
        var signal = Fire(new CpiLowRule(Defaults), Review(0, cpi: 0.84m), Review(1, cpi: 0.88m), Review(2, cpi: 0.93m), Review(3, cpi: 0.97m), Review(4, cpi: 1.1m))!;

        Assert.Equal("CPI 0.84 is below 0.90", signal.Headline);
        Assert.Equal("CPI 0.84, was 0.97 in 2026-W45, three reviews ago (falling).", signal.Trend);
    }

    [Fact]
    public void Cpi_on_the_first_review_ever_says_there_is_nothing_to_compare()
    {
        var signal = Fire(new CpiLowRule(Defaults), Review(0, cpi: 0.75m))!;

        Assert.Equal(WarningSeverity.Critical, signal.Severity);
        Assert.Equal("CPI 0.75 is below 0.80", signal.Headline);
        Assert.Contains("no earlier figure", signal.Trend, StringComparison.Ordinal);
    }

    [Fact]
    public void Spi_follows_its_own_thresholds()
    {
        var options = new WarningsOptions { SpiThreshold = 0.95m, SpiCritical = 0.85m };

        Assert.Equal(WarningSeverity.Watch, Fire(new SpiLowRule(options), Review(0, spi: 0.94m))!.Severity);
        Assert.Equal(WarningSeverity.Critical, Fire(new SpiLowRule(options), Review(0, spi: 0.84m))!.Severity);
        Assert.Null(Fire(new SpiLowRule(options), Review(0, spi: 0.95m)));
        Assert.Null(Fire(new SpiLowRule(Defaults), Review(0, cpi: 0.5m, spi: 0.9m)));
    }

    [Fact]
    public void A_figure_just_under_its_limit_never_reads_as_the_limit()
    {
        Assert.Equal("SPI 0.7998 is below 0.80", Fire(new SpiLowRule(Defaults), Review(0, spi: 0.7998m))!.Headline);
        Assert.Equal("SPI 0.79 is below 0.80", Fire(new SpiLowRule(Defaults), Review(0, spi: 0.7915m))!.Headline);
        Assert.Equal("CPI 0.8999 is below 0.90", Fire(new CpiLowRule(Defaults), Review(0, cpi: 0.8999m))!.Headline);
    }

    [Fact]
    public void A_missed_latest_week_keeps_the_last_submitted_figure()
    {
        Assert.NotNull(Fire(new CpiLowRule(Defaults), Missed(0), Review(1, cpi: 0.85m)));
    }

    [Fact]
    public void A_dimension_turning_red_fires_as_watch_and_the_overall_as_critical()
    {
        var cost = Fire(new DimensionRedRule(), Review(0, overall: Rag.Amber, dimensions: Dims((WellKnownQuestions.Cost, Rag.Red))), Review(1, dimensions: Dims((WellKnownQuestions.Cost, Rag.Amber))))!;
        var overall = Fire(new DimensionRedRule(), Review(0, overall: Rag.Red, dimensions: Dims((WellKnownQuestions.Quality, Rag.Red))))!;

        Assert.Equal(WarningSeverity.Watch, cost.Severity);
        Assert.Equal("Cost is red", cost.Headline);
        Assert.Equal("Cost turned red in 2026-W48, was Amber in 2026-W47.", cost.Trend);
        Assert.Equal(WarningSeverity.Critical, overall.Severity);
        Assert.Equal("Overall and Quality are red", overall.Headline);
        Assert.Null(Fire(new DimensionRedRule(), Review(0, overall: Rag.Amber, dimensions: Dims((WellKnownQuestions.Cost, Rag.Amber)))));
    }

    [Fact]
    public void A_dimension_red_for_weeks_says_since_when()
    {
        var signal = Fire(new DimensionRedRule(), Review(0, dimensions: Dims((WellKnownQuestions.Risk, Rag.Red))), Review(1, dimensions: Dims((WellKnownQuestions.Risk, Rag.Red))), Review(2, dimensions: Dims((WellKnownQuestions.Risk, Rag.Green))))!;

        Assert.Equal("Risk red for two reviews since 2026-W47, was Green in 2026-W46.", signal.Trend);
    }

    [Fact]
    public void Amber_three_reviews_in_a_row_fires_as_info_and_twice_as_long_as_watch()
    {
        var rule = new AmberStreakRule(Defaults);

        Assert.Null(Fire(rule, Review(0, overall: Rag.Amber), Review(1, overall: Rag.Amber), Review(2, overall: Rag.Green)));
        var three = Fire(rule, Review(0, overall: Rag.Amber), Review(1, overall: Rag.Amber), Review(2, overall: Rag.Amber), Review(3, overall: Rag.Green))!;
        Assert.Equal(WarningSeverity.Info, three.Severity);
        Assert.Equal("Amber since 2026-W46; Green in 2026-W45 before that.", three.Trend);
        var six = Fire(rule, Enumerable.Range(0, 6).Select(w => Review(w, overall: Rag.Amber)).ToArray())!;
        Assert.Equal(WarningSeverity.Watch, six.Severity);
    }

    [Fact]
    public void Missed_weeks_do_not_break_an_amber_streak_but_a_red_review_does()
    {
        var rule = new AmberStreakRule(Defaults);

        Assert.NotNull(Fire(rule, Review(0, overall: Rag.Amber), Missed(1), Review(2, overall: Rag.Amber), Review(3, overall: Rag.Amber)));
        Assert.Null(Fire(rule, Review(0, overall: Rag.Amber), Review(1, overall: Rag.Red), Review(2, overall: Rag.Amber), Review(3, overall: Rag.Amber)));
    }

    [Fact]
    public void Overall_worse_than_two_reviews_ago_fires_critical_when_red()
    {
        var rule = new RagWorseningRule();

        var amber = Fire(rule, Review(0, overall: Rag.Amber), Review(1, overall: Rag.Green), Review(2, overall: Rag.Green))!;
        var red = Fire(rule, Review(0, overall: Rag.Red), Review(1, overall: Rag.Red), Review(2, overall: Rag.Amber))!;

        Assert.Equal(WarningSeverity.Watch, amber.Severity);
        Assert.Equal("Overall Amber, worse than Green two reviews ago", amber.Headline);
        Assert.Equal("Green (2026-W46) → Green (2026-W47) → Amber (2026-W48).", amber.Trend);
        Assert.Equal(WarningSeverity.Critical, red.Severity);
        Assert.Null(Fire(rule, Review(0, overall: Rag.Amber), Review(1, overall: Rag.Red), Review(2, overall: Rag.Amber)));
        Assert.Null(Fire(rule, Review(0, overall: Rag.Red), Review(1, overall: Rag.Green)));
    }

    [Fact]
    public void The_pms_eac_more_than_ten_percent_over_budget_fires()
    {
        var rule = new EacOverrunRule(Defaults);

        Assert.Null(Fire(rule, Review(0, eac: 1_320_000m)));
        var over = Fire(rule, Review(0, eac: 1_320_001m), Review(1, eac: 1_250_000m))!;
        Assert.Equal(WarningSeverity.Watch, over.Severity);
        Assert.Equal("PM's EAC 1,320,001 EUR is 10% over the budget of 1,200,000 EUR", over.Headline);
        Assert.Equal("The PM's EAC was 1,250,000 EUR (+4.2%) in 2026-W47, the review before.", over.Trend);
        Assert.Equal(WarningSeverity.Critical, Fire(rule, Review(0, eac: 1_500_000m))!.Severity);
    }

    [Fact]
    public void A_milestone_forecast_more_than_fourteen_days_late_fires_as_watch()
    {
        var rule = new MilestoneSlipRule(Defaults);
        var golive = new Milestone("Go-live", new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 15), false);

        Assert.Null(rule.Evaluate(Context([Review(0)], Project(golive))));
        var late = rule.Evaluate(Context([Review(0, milestone: "go-live", milestoneDate: new DateOnly(2027, 3, 16)), Review(2, milestone: "Go-live", milestoneDate: new DateOnly(2027, 3, 1))], Project(golive)))!;
        Assert.Equal(WarningSeverity.Watch, late.Severity);
        Assert.Equal("Go-live forecast 16 Mar 2027, 15 days after its baseline 1 Mar 2027", late.Headline);
        Assert.Contains("the PM forecast 1 Mar 2027 in 2026-W46", late.Trend, StringComparison.Ordinal);
    }

    [Fact]
    public void A_milestone_date_passed_without_completion_fires_critical_and_a_done_one_does_not()
    {
        var rule = new MilestoneSlipRule(Defaults);
        var due = new Milestone("Design sign-off", new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 20), false);

        var passed = rule.Evaluate(Context([], Project(due)))!;
        Assert.Equal(WarningSeverity.Critical, passed.Severity);
        Assert.Equal("Design sign-off was due 20 Nov 2026 (3 days ago) and is not done", passed.Headline);
        Assert.Null(rule.Evaluate(Context([], Project(due with { Completed = true }))));
        Assert.Null(rule.Evaluate(Context([], Project(due), today: new DateOnly(2026, 11, 20))));
    }

    [Fact]
    public void Two_missed_reviews_in_a_row_fire_and_a_third_is_critical()
    {
        var rule = new MissedReviewsRule(Defaults);

        Assert.Null(Fire(rule, Missed(0), Review(1), Missed(2)));
        var two = Fire(rule, Missed(0), Missed(1), Review(2))!;
        Assert.Equal(WarningSeverity.Watch, two.Severity);
        Assert.Equal("Two reviews missed in a row (2026-W47, 2026-W48)", two.Headline);
        Assert.Equal("Last review submitted in 2026-W46.", two.Trend);
        var three = Fire(rule, Missed(0), Missed(1), Missed(2))!;
        Assert.Equal(WarningSeverity.Critical, three.Severity);
        Assert.Equal("No review has been submitted yet.", three.Trend);
    }

    [Fact]
    public void A_new_high_probability_high_impact_risk_fires()
    {
        var rule = new HighRiskRule();

        Assert.Null(Fire(rule, Review(0, risks: "High|Medium|Vendor late\nMedium|High|Key person leaves")));
        var fresh = Fire(rule, Review(0, risks: "High|High|Regulator rejects the design\nLow|Low|Office move"), Review(1, risks: "Low|Low|Office move"))!;
        Assert.Equal(WarningSeverity.Watch, fresh.Severity);
        Assert.Equal("High probability, high impact: Regulator rejects the design", fresh.Headline);
        Assert.Equal("New in 2026-W48.", fresh.Trend);
        var still = Fire(rule, Review(0, risks: "High|High|Regulator rejects the design"), Review(1, risks: "High|High|regulator  rejects the design"))!;
        Assert.StartsWith("Listed as high/high in 2026-W47 too", still.Trend, StringComparison.Ordinal);
        Assert.Equal(WarningSeverity.Critical, Fire(rule, Review(0, risks: "High|High|A\nHigh|High|B"))!.Severity);
    }

    [Fact]
    public void Percent_complete_unchanged_for_three_reviews_fires()
    {
        var rule = new ProgressStalledRule(Defaults);

        Assert.Null(Fire(rule, Review(0, percent: 40m), Review(1, percent: 40m), Review(2, percent: 39m)));
        var stalled = Fire(rule, Review(0, percent: 40m), Review(1, percent: 40m), Review(2, percent: 40m), Review(3, percent: 35m))!;
        Assert.Equal(WarningSeverity.Info, stalled.Severity);
        Assert.Equal("Percent complete stuck at 40% for three reviews", stalled.Headline);
        Assert.Equal("At 40% since 2026-W46; 35% in 2026-W45 before that.", stalled.Trend);
        Assert.Null(Fire(rule, Review(0, percent: 100m), Review(1, percent: 100m), Review(2, percent: 100m)));
        Assert.Null(Fire(rule, Review(0), Review(1), Review(2)));
    }

    [Fact]
    public void Every_rule_has_a_unique_id_a_title_and_a_one_line_explanation()
    {
        var rules = new WarningRules(Defaults);

        Assert.Equal(
            ["cpi-low", "spi-low", "dimension-red", "amber-streak", "rag-worsening", "eac-overrun", "milestone-slip", "missed-reviews", "risk-high", "progress-stalled", "process-compliance", "blocker-age"],
            rules.All.Select(r => r.Id));
        Assert.All(rules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Title)));
        Assert.All(rules.All, r => Assert.DoesNotContain('\n', r.Explanation));
    }

    [Fact]
    public void All_rules_together_list_the_most_severe_first()
    {
        var signals = new WarningRules(Defaults).Evaluate(Context([Review(0, overall: Rag.Red, cpi: 0.7m, percent: 40m, eac: 1_250_000m), Review(1, overall: Rag.Green, percent: 40m), Review(2, overall: Rag.Green, percent: 40m)]));

        Assert.Equal(["cpi-low", "dimension-red", "rag-worsening", "progress-stalled"], signals.Select(s => s.RuleId));
    }

    [Fact]
    public void Options_are_validated()
    {
        var bad = new WarningsOptions { CpiThreshold = 0.8m, CpiCritical = 0.9m, SweepInterval = TimeSpan.FromSeconds(5) };

        var errors = bad.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(bad)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.StartsWith("Warnings:CpiCritical", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.StartsWith("Warnings:SweepInterval", StringComparison.Ordinal));
        Assert.Empty(Defaults.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(Defaults)));
    }

    private static Dictionary<string, Rag> Dims(params (string Id, Rag Rag)[] values) => values.ToDictionary(v => v.Id, v => v.Rag);
}
