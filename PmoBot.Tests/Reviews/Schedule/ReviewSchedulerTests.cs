using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.Schedule;
using PmoBot.Tests.Projects;
using static PmoBot.Tests.Reviews.Schedule.ReviewScheduleHarness;

namespace PmoBot.Tests.Reviews.Schedule;

public sealed class ReviewSchedulerTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly WeeklySlot Friday14 = new(DayOfWeek.Friday, 14);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, TimeSpan.Zero);

    private static (DateTimeOffset, string) Opening(DateTimeOffset dueAt, string period) => (dueAt, period);

    [Fact]
    public async Task Ensure_files_the_next_opening_of_the_default_in_each_pms_time_zone()
    {
        var harness = await CreateAsync();
        var london = await harness.PersonAsync("Megan", "Europe/London");
        var newYork = await harness.PersonAsync("Adele", "America/New_York");

        await harness.Scheduler.EnsureScheduledAsync(london.UserKey, None);
        await harness.Scheduler.EnsureScheduledAsync(newYork.UserKey, None);

        Assert.Equal([Opening(NextMondayLondon, "2025-W50")], await harness.OpeningsOfAsync(london.UserKey));
        Assert.Equal([Opening(Utc(12, 8, 14), "2025-W50")], await harness.OpeningsOfAsync(newYork.UserKey));
        var schedule = (await harness.Schedules.GetAsync(london.UserKey, None))!;
        Assert.Equal((null, new PendingOpening(NextMondayLondon, ReviewPeriod.Parse("2025-W50"))), (schedule.Slot, schedule.Pending));
        Assert.Empty((await harness.EntriesOfAsync(london.UserKey)).Single().ProjectCodes);
    }

    [Fact]
    public async Task Ensure_files_one_opening_however_often_and_concurrently_it_is_called()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None)));
        harness.Time.SetUtcNow(NextMondayLondon.AddMinutes(30));
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);

        // The opening came due but was not handed over yet: it is still the one, not joined by next week's.
        Assert.Equal([Opening(NextMondayLondon, "2025-W50")], await harness.OpeningsOfAsync(pm.UserKey));
    }

    [Fact]
    public async Task Ensure_refiles_an_opening_whose_index_entry_was_lost()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
        await harness.Index.RemoveAsync((await harness.EntriesOfAsync(pm.UserKey)).Single(), None);

        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);

        Assert.Equal([Opening(NextMondayLondon, "2025-W50")], await harness.OpeningsOfAsync(pm.UserKey));
    }

    [Fact]
    public async Task Setting_a_slot_moves_the_filed_opening_and_reset_moves_it_back_to_the_default()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);

        await harness.Scheduler.SetSlotAsync(pm.UserKey, Friday14, None);

        Assert.Equal([Opening(Utc(12, 5, 14), "2025-W49")], await harness.OpeningsOfAsync(pm.UserKey));
        Assert.Equal(Friday14, (await harness.Schedules.GetAsync(pm.UserKey, None))!.Slot);

        await harness.Scheduler.SetSlotAsync(pm.UserKey, null, None);

        Assert.Equal([Opening(NextMondayLondon, "2025-W50")], await harness.OpeningsOfAsync(pm.UserKey));
        Assert.Null((await harness.Schedules.GetAsync(pm.UserKey, None))!.Slot);
    }

    [Fact]
    public async Task A_slot_is_read_in_the_pms_own_time_zone()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Adele", "America/New_York");

        await harness.Scheduler.SetSlotAsync(pm.UserKey, Friday14, None);

        Assert.Equal([Opening(Utc(12, 5, 19), "2025-W49")], await harness.OpeningsOfAsync(pm.UserKey));
    }

    [Fact]
    public async Task Changing_the_default_moves_its_followers_but_not_pms_with_their_own_slot()
    {
        var harness = await CreateAsync();
        var follower = await harness.PersonAsync("Megan", "Europe/London");
        var ownSlot = await harness.PersonAsync("Adele", "Europe/London");
        var later = await harness.PersonAsync("Lee", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(follower.UserKey, None);
        await harness.Scheduler.SetSlotAsync(ownSlot.UserKey, Friday14, None);

        var moved = await harness.Scheduler.SetDefaultSlotAsync(new WeeklySlot(DayOfWeek.Tuesday, 10), None);

        Assert.Equal(1, moved);
        Assert.Equal(new WeeklySlot(DayOfWeek.Tuesday, 10), await harness.Scheduler.GetDefaultSlotAsync(None));
        Assert.Equal([Opening(Utc(12, 9, 10), "2025-W50")], await harness.OpeningsOfAsync(follower.UserKey));
        Assert.Equal([Opening(Utc(12, 5, 14), "2025-W49")], await harness.OpeningsOfAsync(ownSlot.UserKey));

        await harness.Scheduler.EnsureScheduledAsync(later.UserKey, None);

        Assert.Equal([Opening(Utc(12, 9, 10), "2025-W50")], await harness.OpeningsOfAsync(later.UserKey));
    }

    [Fact]
    public async Task A_pm_who_moved_west_gets_the_opening_refiled_at_their_new_local_time()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
        await harness.ChangeTimeZoneAsync(pm, "America/New_York");
        harness.Time.SetUtcNow(NextMondayLondon);
        var filed = (await harness.EntriesOfAsync(pm.UserKey)).Single();

        Assert.Equal(Utc(12, 8, 14), (await harness.Scheduler.GetAsync(pm.UserKey, None)).NextOpening);
        Assert.Equal(OpeningCheck.Refiled, await harness.Scheduler.CheckOpeningAsync(filed, None));
        Assert.Equal([Opening(Utc(12, 8, 14), "2025-W50")], await harness.OpeningsOfAsync(pm.UserKey));

        harness.Time.SetUtcNow(Utc(12, 8, 14));

        Assert.Equal(OpeningCheck.Open, await harness.Scheduler.CheckOpeningAsync((await harness.EntriesOfAsync(pm.UserKey)).Single(), None));
    }

    [Fact]
    public async Task A_pm_who_moved_east_has_the_filed_opening_open_at_once_and_next_week_at_the_new_local_time()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
        await harness.ChangeTimeZoneAsync(pm, "Asia/Kolkata");
        harness.Time.SetUtcNow(NextMondayLondon);
        var filed = (await harness.EntriesOfAsync(pm.UserKey)).Single();

        Assert.Equal(OpeningCheck.Open, await harness.Scheduler.CheckOpeningAsync(filed, None));
        await harness.Scheduler.ScheduleNextAsync(pm.UserKey, filed.DueAt, None);

        Assert.Equal([Opening(Utc(12, 15, 3, 30), "2025-W51")], await harness.OpeningsOfAsync(pm.UserKey));
    }

    [Fact]
    public async Task Reschedule_after_a_time_zone_change_moves_the_filed_opening_at_once()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        var unscheduled = await harness.PersonAsync("Lee", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
        await harness.ChangeTimeZoneAsync(pm, "Asia/Kolkata");

        await harness.Scheduler.RescheduleAsync(pm.UserKey, None);
        await harness.Scheduler.RescheduleAsync(unscheduled.UserKey, None);

        Assert.Equal([Opening(Utc(12, 8, 3, 30), "2025-W50")], await harness.OpeningsOfAsync(pm.UserKey));
        Assert.Empty(await harness.EntriesOfAsync(unscheduled.UserKey));
    }

    [Fact]
    public async Task Schedule_next_files_the_following_week_once_and_remembers_the_week_that_opened()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
        harness.Time.SetUtcNow(NextMondayLondon.AddSeconds(30));

        await harness.Scheduler.ScheduleNextAsync(pm.UserKey, NextMondayLondon, None);
        await harness.Scheduler.ScheduleNextAsync(pm.UserKey, NextMondayLondon, None);

        Assert.Equal([Opening(Utc(12, 15, 9), "2025-W51")], await harness.OpeningsOfAsync(pm.UserKey));
        Assert.Equal(ReviewPeriod.Parse("2025-W50"), (await harness.Schedules.GetAsync(pm.UserKey, None))!.LastOpened);
    }

    [Fact]
    public async Task A_slot_moved_later_in_a_week_whose_reviews_opened_waits_for_next_week()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
        harness.Time.SetUtcNow(NextMondayLondon.AddSeconds(30));
        await harness.Scheduler.ScheduleNextAsync(pm.UserKey, NextMondayLondon, None);
        harness.Time.SetUtcNow(Utc(12, 9, 12));

        await harness.Scheduler.SetSlotAsync(pm.UserKey, Friday14, None);

        Assert.Equal([Opening(Utc(12, 19, 14), "2025-W51")], await harness.OpeningsOfAsync(pm.UserKey));
    }

    [Fact]
    public async Task An_opening_handled_late_is_followed_by_the_next_one_from_now_not_by_the_weeks_missed()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
        harness.Time.SetUtcNow(Utc(12, 24, 12));

        await harness.Scheduler.ScheduleNextAsync(pm.UserKey, NextMondayLondon, None);

        Assert.Equal([Opening(Utc(12, 29, 9), "2026-W01")], await harness.OpeningsOfAsync(pm.UserKey));
    }

    [Fact]
    public async Task A_stray_open_entry_is_dropped_when_it_comes_due_and_the_filed_one_stays()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
        var stray = Entry(Utc(12, 5, 10), ReviewDueKind.Open, pm.UserKey);
        await harness.Index.AddAsync(stray, None);
        harness.Time.SetUtcNow(Utc(12, 5, 10));

        Assert.Equal(OpeningCheck.Superseded, await harness.Scheduler.CheckOpeningAsync(stray, None));
        Assert.Equal([Opening(NextMondayLondon, "2025-W50")], await harness.OpeningsOfAsync(pm.UserKey));
    }

    [Fact]
    public async Task The_view_gives_the_next_opening_with_its_reminder_and_deadline_in_utc_and_local_time()
    {
        var harness = await CreateAsync(o =>
        {
            o.ReminderAfter = TimeSpan.FromHours(30);
            o.DeadlineAfter = TimeSpan.FromHours(72);
        });
        var pm = await harness.PersonAsync("Adele", "America/New_York");

        var before = await harness.Scheduler.GetAsync(pm.UserKey, None);
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
        var view = await harness.Scheduler.GetAsync(pm.UserKey, None);

        Assert.False(before.IsScheduled);
        Assert.True(view.IsScheduled);
        Assert.Equal(
            (new WeeklySlot(DayOfWeek.Monday, 9), true, "America/New_York", true, Utc(12, 8, 14), ReviewPeriod.Parse("2025-W50"), Utc(12, 9, 20), Utc(12, 11, 14)),
            (view.Slot, view.IsDefault, view.Zone.Id, view.TimeZoneKnown, view.NextOpening, view.Period, view.ReminderAt, view.DeadlineAt));
        Assert.Equal(new DateTimeOffset(2025, 12, 8, 9, 0, 0, TimeSpan.FromHours(-5)), view.NextOpeningLocal);
        Assert.Equal(new DateTime(2025, 12, 9, 15, 0, 0), view.ReminderLocal.DateTime);
        Assert.Equal(new DateTime(2025, 12, 11, 9, 0, 0), view.DeadlineLocal.DateTime);
        Assert.Equal(view.NextOpening, before.NextOpening);
    }

    [Fact]
    public async Task A_pm_whose_time_zone_is_unknown_is_scheduled_in_utc()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Nestor", timeZone: null);

        var view = await harness.Scheduler.GetAsync(pm.UserKey, None);

        Assert.Equal((TimeZoneInfo.Utc, false, NextMondayLondon), (view.Zone, view.TimeZoneKnown, view.NextOpening));
    }

    [Fact]
    public async Task Reminders_and_deadlines_are_filed_as_given_but_openings_only_come_from_the_schedule()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        var reminder = Entry(Utc(12, 9, 9), ReviewDueKind.Remind, pm.UserKey, "PRJ-1");

        await harness.Scheduler.AddAsync(reminder, None);

        Assert.Equal([(reminder.DueAt, ReviewDueKind.Remind, "PRJ-1")], (await harness.EntriesOfAsync(pm.UserKey)).Select(e => (e.DueAt, e.Kind, string.Join(',', e.ProjectCodes))));
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Scheduler.AddAsync(reminder with { Kind = ReviewDueKind.Open }, None));
    }

    [Fact]
    public async Task Reconcile_schedules_the_pms_of_active_projects_only()
    {
        var harness = await CreateAsync();
        var active = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        var deputy = await harness.Projects.PersonAsync("Dee", Role.ProjectManager);
        var closed = await harness.Projects.PersonAsync("Carl", Role.ProjectManager);
        await harness.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), active, deputy));
        await harness.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), closed) with { Status = ProjectStatus.Closed });

        var checkedCount = await harness.Scheduler.ReconcileAsync(None);

        Assert.True(checkedCount >= 1);
        Assert.Equal([Opening(NextMondayLondon, "2025-W50")], await harness.OpeningsOfAsync(active.UserKey));
        Assert.Empty(await harness.EntriesOfAsync(deputy.UserKey));
        Assert.Empty(await harness.EntriesOfAsync(closed.UserKey));
    }
}
