using PmoBot.Blockers;
using PmoBot.People;
using PmoBot.Tests.Projects;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;

namespace PmoBot.Tests.Blockers;

/// <summary><c>blocker-age</c> at its boundaries: open exactly N days is fine, N + 1 fires, 2N + 1 is critical; a decision is late the day after its date.</summary>
public sealed class BlockerAgeRuleTests
{
    private static readonly DateOnly Today = new(2026, 12, 15);
    private static readonly WarningsOptions Options = new();
    private static readonly PmoUser Pm = new("pm-key", "Megan Bowen", null, null, null, new HashSet<Role>(), false, default);

    [Theory]
    [InlineData(14, null)]
    [InlineData(15, WarningSeverity.Watch)]
    [InlineData(28, WarningSeverity.Watch)]
    [InlineData(29, WarningSeverity.Critical)]
    public void An_issue_fires_only_once_open_longer_than_the_threshold(int daysOpen, WarningSeverity? expected)
    {
        var signal = Evaluate(Issue(daysOpen));

        Assert.Equal(expected, signal?.Severity);
        if (signal is not null)
        {
            Assert.StartsWith($"One open more than 14 days (oldest {daysOpen} days: Vendor API is late)", signal.Headline, StringComparison.Ordinal);
            Assert.Contains("Owned by Olga", signal.Trend, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_decision_needed_is_late_the_day_after_its_date_not_on_it()
    {
        var onTheDay = Issue(3) with { Kind = BlockerKind.Decision, DueDate = Today };
        var dayAfter = onTheDay with { DueDate = Today.AddDays(-1) };

        Assert.Null(Evaluate(onTheDay));
        var signal = Evaluate(dayAfter)!;
        Assert.Equal(WarningSeverity.Watch, signal.Severity);
        Assert.Equal("One decision needed past its date", signal.Headline);
    }

    [Fact]
    public void An_escalated_item_is_critical_and_a_closed_one_is_ignored()
    {
        Assert.Equal(WarningSeverity.Critical, Evaluate(Issue(20) with { State = BlockerState.Escalated })!.Severity);
        Assert.Null(Evaluate(Issue(40) with { State = BlockerState.Closed, ClosedAt = DateTimeOffset.UtcNow }));
    }

    private static WarningSignal? Evaluate(Blocker blocker) =>
        new BlockerAgeRule(Options).Evaluate(new WarningContext(ProjectsHarness.Valid("PRJ-7", Pm), [], Today, [blocker]));

    private static Blocker Issue(int daysOpen) => new(
        "PRJ-7", "2026-W40-i1", "Mobile banking", "Digital", BlockerKind.Issue, "Vendor API is late", "pm-key", "Megan Bowen",
        new DateTimeOffset(Today.AddDays(-daysOpen).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero), "olga-key", "Olga", null, BlockerState.Open);
}
