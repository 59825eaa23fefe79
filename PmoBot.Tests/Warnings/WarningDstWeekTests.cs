using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;

namespace PmoBot.Tests.Warnings;

/// <summary>
/// Rule boundaries around the October clock change in Europe/London (Sunday 31 October 2027, 02:00 BST becomes
/// 01:00 GMT): the review week 2027-W43 is 169 hours long, and the Monday reviews either side of it open at 08:00
/// and 09:00 UTC. Neither may break a streak, double a week, or move a due date by a day.
/// </summary>
public sealed class WarningDstWeekTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeZoneInfo London = UserTimeZones.Resolve("Europe/London");

    /// <summary>Monday 09:00 in London: 08:00 UTC in summer time, 09:00 UTC after the change.</summary>
    private static DateTimeOffset MondayNineInLondon(int month, int day) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2027, month, day, 9, 0, 0, DateTimeKind.Unspecified), London);

    [Fact]
    public async Task Reviews_either_side_of_the_october_change_are_consecutive_weeks_for_the_streak_rules()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync(new Milestone("Go-live", new DateOnly(2027, 12, 20), new DateOnly(2027, 12, 20), false));
        var mondays = new[] { MondayNineInLondon(10, 18), MondayNineInLondon(10, 25), MondayNineInLondon(11, 1) };
        Assert.Equal([8, 8, 9], mondays.Select(m => m.UtcDateTime.Hour));
        Assert.Equal(TimeSpan.FromHours(169), mondays[2] - mondays[1]);

        var periods = new List<ReviewPeriod>();
        foreach (var monday in mondays)
        {
            h.Time.SetUtcNow(monday);
            var period = ReviewPeriod.Of(h.Time.GetUtcNow(), London);
            periods.Add(period);
            Assert.DoesNotContain(await h.Store.ListOpenAsync(project.Code, None), e => e.RuleId == ProgressStalledRule.RuleId);
            await h.SubmitAsync(project, period, cpi: 1m);
        }

        Assert.Equal([new ReviewPeriod(2027, 42), new ReviewPeriod(2027, 43), new ReviewPeriod(2027, 44)], periods);
        var stalled = await h.OpenAsync(project, ProgressStalledRule.RuleId);
        Assert.Equal(WarningSeverity.Info, stalled.Severity);
        Assert.Equal("Percent complete stuck at 40% for three reviews", stalled.Headline);
        Assert.Contains("2027-W42", stalled.Trend, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_milestone_due_on_the_day_of_the_change_is_one_day_overdue_at_the_review_on_the_monday_after()
    {
        var h = await WarningsHarness.CreateAsync();
        var dueOnTheChange = new DateOnly(2027, 10, 31);
        var (_, project) = await h.ProjectAsync(new Milestone("Go-live", dueOnTheChange, dueOnTheChange, false));

        // The last review in summer time, on the Monday of the week with the change: not due yet.
        h.Time.SetUtcNow(MondayNineInLondon(10, 25));
        await h.SubmitAsync(project, ReviewPeriod.Of(h.Time.GetUtcNow(), London), cpi: 1m);
        Assert.DoesNotContain(await h.Store.ListOpenAsync(project.Code, None), e => e.RuleId == MilestoneSlipRule.RuleId);

        // Just after midnight on the Monday after the change (00:30 GMT, the same instant in UTC).
        h.Time.SetUtcNow(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2027, 11, 1, 0, 30, 0, DateTimeKind.Unspecified), London));
        var period = ReviewPeriod.Of(h.Time.GetUtcNow(), London);
        await h.SubmitAsync(project, period, cpi: 1m);

        Assert.Equal(new ReviewPeriod(2027, 44), period);
        var slip = await h.OpenAsync(project, MilestoneSlipRule.RuleId);
        Assert.Equal(WarningSeverity.Critical, slip.Severity);
        Assert.Contains("(1 day ago) and is not done", slip.Headline, StringComparison.Ordinal);
    }
}
