using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Warnings.WarningHistories;

namespace PmoBot.Tests.Warnings;

/// <summary>
/// <c>process-compliance</c> at its boundaries: below the threshold (80%) for three submitted reviews in a row fires,
/// exactly at the threshold or two in a row does not; a review without the process's questions, or only n/a, ends the
/// streak; missed weeks are skipped; critical at twice the streak.
/// </summary>
public sealed class ProcessComplianceRuleTests
{
    private static readonly ProcessComplianceRule Rule = new(new WarningsOptions());

    /// <summary>A review answering the risk-management questions as given (y, n, a for yes, no, n/a).</summary>
    private static ReviewRecord Answered(int weeksAgo, string risk, string? change = null)
    {
        var review = Review(weeksAgo);
        var answers = review.Answers;
        foreach (var (process, pattern) in new[] { ("risk-management", risk), ("change-control", change ?? string.Empty) })
        {
            for (var i = 0; i < pattern.Length; i++)
            {
                answers = answers.With($"{process}--q{i + 1}", pattern[i] switch
                {
                    'y' => ComplianceAnswer.Yes.Canonical,
                    'a' => ComplianceAnswer.NotApplicable.Canonical,
                    _ => new ComplianceAnswer(ComplianceKind.No, "workshop moved", new DateOnly(2026, 12, 4)).Canonical,
                });
            }
        }

        return review with { Answers = answers };
    }

    [Fact]
    public void Three_reviews_in_a_row_below_the_threshold_fire_and_two_do_not()
    {
        // 4 of 5 yes is 80%: on the threshold, not below it. 3 of 4 is 75%.
        Assert.Null(Fire(Rule, Answered(0, "yyyn"), Answered(1, "yyyn"), Answered(2, "yyyyn"), Answered(3, "yyyn")));
        Assert.Null(Fire(Rule, Answered(0, "yyyn"), Answered(1, "yyyn"), Answered(2, "yyyy")));

        var signal = Fire(Rule, Answered(0, "yyyn"), Answered(1, "yn"), Answered(2, "nn"), Answered(3, "yyyy"))!;

        Assert.Equal(ProcessComplianceRule.RuleId, signal.RuleId);
        Assert.Equal(WarningSeverity.Watch, signal.Severity);
        Assert.Equal("Process compliance below 80% for three reviews in a row: Risk management 75%", signal.Headline);
        Assert.Equal("Risk management: 75% in 2026-W48, 50% in 2026-W47, 0% in 2026-W46.", signal.Trend);
    }

    [Fact]
    public void A_review_where_the_process_was_only_not_applicable_or_not_asked_ends_the_streak_and_missed_weeks_are_skipped()
    {
        Assert.Null(Fire(Rule, Answered(0, "n"), Answered(1, "n"), Answered(2, "aa"), Answered(3, "n")));
        Assert.Null(Fire(Rule, Answered(0, "n"), Answered(1, "n"), Answered(2, string.Empty, "y"), Answered(3, "n")));
        Assert.NotNull(Fire(Rule, Answered(0, "n"), Missed(1), Answered(2, "ny"), Answered(3, "na")));
    }

    [Fact]
    public void Only_the_processes_below_the_threshold_are_named_and_twice_the_streak_is_critical()
    {
        var signal = Fire(Rule, [.. Enumerable.Range(0, 6).Select(w => Answered(w, "n", "y"))])!;

        Assert.Equal(WarningSeverity.Critical, signal.Severity);
        Assert.Equal("Process compliance below 80% for six reviews in a row: Risk management 0%", signal.Headline);
        Assert.DoesNotContain("Change control", signal.Trend, StringComparison.Ordinal);
        Assert.Null(Fire(Rule, [.. Enumerable.Range(0, 6).Select(w => Answered(w, string.Empty, "y"))]));
    }

    [Fact]
    public void The_threshold_and_streak_come_from_configuration()
    {
        var strict = new ProcessComplianceRule(new WarningsOptions { ComplianceThreshold = 1.0m, ComplianceStreakReviews = 2 });

        Assert.NotNull(Fire(strict, Answered(0, "yyyyn"), Answered(1, "yyyyyyyyyn")));
        Assert.Null(Fire(strict, Answered(0, "yyyyn"), Answered(1, "y")));
    }
}
