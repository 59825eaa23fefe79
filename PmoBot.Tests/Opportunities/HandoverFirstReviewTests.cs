using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.Schedule;
using PmoBot.Tests.Projects;

namespace PmoBot.Tests.Opportunities;

/// <summary>The handover's first weekly review: the PM's review slot in the project's first full week, as the weekly round asks it.</summary>
public sealed class HandoverFirstReviewTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    // Sunday 6 Dec 2026 at noon; the PM's slot is Monday 09:00 London, so the next opening is Monday 7 Dec.
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_project_starting_next_month_has_its_first_review_in_the_first_slot_on_or_after_its_start()
    {
        // Starts Sunday 10 Jan 2027: the first Monday 09:00 on or after it is 11 Jan, not tomorrow.
        var first = OpportunityHandover.FirstReviewLocal(ProjectStarting(new DateOnly(2027, 1, 10)), Schedule(), Now);

        Assert.Equal(new DateTimeOffset(2027, 1, 11, 9, 0, 0, TimeSpan.Zero), first);
    }

    [Fact]
    public void A_project_starting_mid_week_is_first_reviewed_in_the_week_after_and_the_round_agrees()
    {
        // Starts Wednesday 13 Jan 2027: its first full week begins Monday 18 Jan.
        var project = ProjectStarting(new DateOnly(2027, 1, 13));

        var first = OpportunityHandover.FirstReviewLocal(project, Schedule(), Now);

        Assert.Equal(new DateTimeOffset(2027, 1, 18, 9, 0, 0, TimeSpan.Zero), first);
        Assert.False(ReviewCadenceRule.IsDue(project, ReviewPeriod.Of(new DateOnly(2027, 1, 11))));
        Assert.True(ReviewCadenceRule.IsDue(project, ReviewPeriod.Of(new DateOnly(2027, 1, 18))));
    }

    [Fact]
    public void A_project_already_started_has_its_first_review_at_the_next_opening()
    {
        var first = OpportunityHandover.FirstReviewLocal(ProjectStarting(new DateOnly(2026, 11, 2)), Schedule(), Now);

        Assert.Equal(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero), first);
    }

    [Fact]
    public void A_project_starting_on_its_review_day_has_its_first_review_that_day()
    {
        var first = OpportunityHandover.FirstReviewLocal(ProjectStarting(new DateOnly(2027, 1, 11)), Schedule(), Now);

        Assert.Equal(new DateTimeOffset(2027, 1, 11, 9, 0, 0, TimeSpan.Zero), first);
    }

    private static ReviewScheduleView Schedule()
    {
        var slot = new WeeklySlot(DayOfWeek.Monday, 9);
        var next = ReviewScheduleCalculator.NextOpening(slot, London, Now);
        return new ReviewScheduleView("u-pm", slot, true, London, true, next, ReviewPeriod.Of(DateOnly.FromDateTime(next.UtcDateTime)), next.AddDays(1), next.AddDays(2), true);
    }

    private static Project ProjectStarting(DateOnly start)
    {
        var pm = new PmoUser("u-pm", "Megan Bowen", null, null, "Europe/London", new HashSet<Role>(), false, null);
        return ProjectsHarness.Valid("PRJ-301", pm) with { Start = start, PlannedEnd = start.AddMonths(6) };
    }
}
