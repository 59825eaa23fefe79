using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PmoBot.People;
using PmoBot.Reviews;
using PmoBot.Reviews.Schedule;
using PmoBot.Storage;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Reviews.Schedule.ReviewScheduleHarness;

namespace PmoBot.Tests.Reviews.Schedule;

public sealed class ReviewSweeperTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset FollowingMonday = NextMondayLondon.AddDays(7);
    private static readonly DateTimeOffset Tuesday = NextMondayLondon.AddDays(1);

    private static (DateTimeOffset, string) Opening(DateTimeOffset dueAt, string period) => (dueAt, period);

    private static IEnumerable<(DateTimeOffset, ReviewDueKind)> Handed(IEnumerable<ReviewDueEntry> entries) => entries.Select(e => (e.DueAt, e.Kind));

    private static async Task<(ReviewScheduleHarness Harness, PmoUser Pm)> ScheduledPmAsync()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
        await harness.Scheduler.AddAsync(Entry(Tuesday, ReviewDueKind.Remind, pm.UserKey, "PRJ-1"), None);
        return (harness, pm);
    }

    [Fact]
    public async Task Nothing_is_handed_over_before_it_is_due()
    {
        var (harness, pm) = await ScheduledPmAsync();
        var handler = new RecordingDueHandler();
        harness.Time.SetUtcNow(NextMondayLondon.AddTicks(-1));

        Assert.Equal(0, await harness.Sweeper(handler).SweepOnceAsync(None));
        Assert.Empty(handler.Handled);
        Assert.Equal(2, (await harness.EntriesOfAsync(pm.UserKey)).Count);
    }

    [Fact]
    public async Task A_due_entry_is_handed_over_once_and_removed_and_an_opening_files_next_week()
    {
        var (harness, pm) = await ScheduledPmAsync();
        var handler = new RecordingDueHandler();
        var sweeper = harness.Sweeper(handler);
        harness.Time.SetUtcNow(NextMondayLondon);

        Assert.Equal(1, await sweeper.SweepOnceAsync(None));
        Assert.Equal(0, await sweeper.SweepOnceAsync(None));

        var opened = Assert.Single(handler.Handled);
        Assert.Equal((NextMondayLondon, ReviewDueKind.Open, pm.UserKey, "2025-W50"), (opened.DueAt, opened.Kind, opened.UserKey, opened.Period.ToString()));
        Assert.Equal([Opening(FollowingMonday, "2025-W51")], await harness.OpeningsOfAsync(pm.UserKey));
        Assert.Equal(ReviewPeriod.Parse("2025-W50"), (await harness.Schedules.GetAsync(pm.UserKey, None))!.LastOpened);
    }

    [Fact]
    public async Task A_reminder_is_handed_over_with_its_projects_and_removed_without_filing_anything()
    {
        var (harness, pm) = await ScheduledPmAsync();
        var handler = new RecordingDueHandler();
        var sweeper = harness.Sweeper(handler);
        harness.Time.SetUtcNow(NextMondayLondon);
        await sweeper.SweepOnceAsync(None);
        harness.Time.SetUtcNow(Tuesday);

        Assert.Equal(1, await sweeper.SweepOnceAsync(None));

        var reminded = handler.Handled[^1];
        Assert.Equal((Tuesday, ReviewDueKind.Remind, "PRJ-1"), (reminded.DueAt, reminded.Kind, string.Join(',', reminded.ProjectCodes)));
        Assert.Equal([(FollowingMonday, ReviewDueKind.Open)], Handed(await harness.EntriesOfAsync(pm.UserKey)));
    }

    [Fact]
    public async Task A_failing_entry_is_logged_and_left_for_the_next_sweep_while_the_others_are_handed_over()
    {
        var harness = await CreateAsync();
        var failing = await harness.PersonAsync("Megan", "Europe/London");
        var fine = await harness.PersonAsync("Adele", "Europe/London");
        await harness.Scheduler.EnsureScheduledAsync(failing.UserKey, None);
        await harness.Scheduler.EnsureScheduledAsync(fine.UserKey, None);
        var handler = new RecordingDueHandler();
        handler.FailingUsers[failing.UserKey] = true;
        var log = new RecordingLogger<ReviewSweeper>();
        var sweeper = harness.Sweeper(handler, log);
        harness.Time.SetUtcNow(NextMondayLondon);

        Assert.Equal(1, await sweeper.SweepOnceAsync(None));

        Assert.Equal([Opening(NextMondayLondon, "2025-W50")], await harness.OpeningsOfAsync(failing.UserKey));
        Assert.Equal([Opening(FollowingMonday, "2025-W51")], await harness.OpeningsOfAsync(fine.UserKey));
        var error = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(failing.UserKey, error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.Exception);

        handler.FailingUsers.Clear();

        Assert.Equal(1, await sweeper.SweepOnceAsync(None));
        Assert.Equal([(NextMondayLondon, ReviewDueKind.Open)], Handed(handler.HandledFor(failing.UserKey)));
        Assert.Equal([Opening(FollowingMonday, "2025-W51")], await harness.OpeningsOfAsync(failing.UserKey));
    }

    [Fact]
    public async Task An_opening_refiled_after_a_time_zone_change_is_handed_over_at_the_new_local_time()
    {
        var (harness, pm) = await ScheduledPmAsync();
        await harness.ChangeTimeZoneAsync(pm, "America/New_York");
        var handler = new RecordingDueHandler();
        var sweeper = harness.Sweeper(handler);
        harness.Time.SetUtcNow(NextMondayLondon);

        Assert.Equal(0, await sweeper.SweepOnceAsync(None));
        Assert.Empty(handler.Handled);

        harness.Time.SetUtcNow(NextMondayLondon.AddHours(5));

        Assert.Equal(1, await sweeper.SweepOnceAsync(None));
        Assert.Equal([(NextMondayLondon.AddHours(5), ReviewDueKind.Open)], Handed(handler.Handled));
        Assert.Equal([Opening(FollowingMonday.AddHours(5), "2025-W51")], await harness.OpeningsOfAsync(pm.UserKey));
    }

    [Fact]
    public async Task Two_sweepers_racing_hand_every_entry_over_and_leave_one_next_opening_per_pm()
    {
        var harness = await CreateAsync();
        var pms = new List<PmoUser>();
        for (var i = 0; i < 8; i++)
        {
            var pm = await harness.PersonAsync($"Pm{i}", "Europe/London");
            await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
            await harness.Scheduler.AddAsync(Entry(NextMondayLondon.AddMinutes(-i), ReviewDueKind.Deadline, pm.UserKey, $"PRJ-{i}"), None);
            pms.Add(pm);
        }

        var (first, second) = (new RecordingDueHandler(), new RecordingDueHandler());
        harness.Time.SetUtcNow(NextMondayLondon);

        await Task.WhenAll(harness.Sweeper(first).SweepOnceAsync(None), harness.Sweeper(second).SweepOnceAsync(None));

        var handed = first.Handled.Concat(second.Handled).ToList();
        foreach (var pm in pms)
        {
            Assert.Equal(
                [ReviewDueKind.Open, ReviewDueKind.Deadline],
                handed.Where(e => e.UserKey == pm.UserKey).Select(e => e.Kind).Distinct().Order());
            Assert.Equal([(FollowingMonday, ReviewDueKind.Open)], Handed(await harness.EntriesOfAsync(pm.UserKey)));
        }
    }

    [Fact]
    public async Task Without_a_handler_nothing_is_handed_over_or_removed_and_that_is_logged_once()
    {
        var (harness, pm) = await ScheduledPmAsync();
        var log = new RecordingLogger<ReviewSweeper>();
        var sweeper = harness.Sweeper(handler: null, log);
        harness.Time.SetUtcNow(Tuesday);

        Assert.Equal(0, await sweeper.SweepOnceAsync(None));
        Assert.Equal(0, await sweeper.SweepOnceAsync(None));

        Assert.Equal(2, (await harness.EntriesOfAsync(pm.UserKey)).Count);
        Assert.Contains("No IReviewDueHandler is registered", Assert.Single(log.MessagesAtLeast(LogLevel.Warning)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_waits_for_storage_then_reconciles_and_sweeps_every_interval()
    {
        var harness = await CreateAsync();
        var pm = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        await harness.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), pm));
        await harness.Scheduler.AddAsync(Entry(Now, ReviewDueKind.Remind, pm.UserKey, "PRJ-9"), None);
        var handler = new RecordingDueHandler();
        var readiness = new StorageReadiness();
        var sweeper = harness.Sweeper(handler, readiness: readiness);

        await sweeper.StartAsync(None);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            harness.Time.Advance(harness.Settings.SweepInterval);
            await Task.Delay(TimeSpan.FromMilliseconds(300));

            Assert.Empty(handler.Handled);
            Assert.Empty(await harness.OpeningsOfAsync(pm.UserKey));

            readiness.MarkReady();

            // At start: the PM of an active project is scheduled and the reminder already due is handed over.
            await EventuallyAsync(harness.Time, harness.Settings.SweepInterval, async () =>
                handler.HandledFor(pm.UserKey).Count == 1 && (await harness.OpeningsOfAsync(pm.UserKey)).Count == 1);
            Assert.Equal([Opening(NextMondayLondon, "2025-W50")], await harness.OpeningsOfAsync(pm.UserKey));

            harness.Time.SetUtcNow(NextMondayLondon);

            await EventuallyAsync(harness.Time, harness.Settings.SweepInterval, async () =>
                handler.HandledFor(pm.UserKey).Count == 2 && (await harness.OpeningsOfAsync(pm.UserKey)) is [var next] && next.DueAt == FollowingMonday);
            Assert.Equal([(Now, ReviewDueKind.Remind), (NextMondayLondon, ReviewDueKind.Open)], Handed(handler.HandledFor(pm.UserKey)));
        }
        finally
        {
            await sweeper.StopAsync(None);
        }

        Assert.True(sweeper.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Storage_being_down_is_logged_and_the_sweep_is_retried_at_the_next_tick()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London");
        var missingTable = FreshTableName("Due");
        var service = new TableServiceClient(AzuriteStorage.ConnectionString);
        var unreachable = new ReviewDueIndex(service, missingTable);
        var handler = new RecordingDueHandler();
        var log = new RecordingLogger<ReviewSweeper>();
        var sweeper = harness.Sweeper(handler, log, index: unreachable);

        await sweeper.StartAsync(None);
        try
        {
            await EventuallyAsync(harness.Time, TimeSpan.Zero, () => Task.FromResult(log.MessagesAtLeast(LogLevel.Warning).Any(m => m.Contains("could not be swept", StringComparison.Ordinal))));
            Assert.False(sweeper.ExecuteTask!.IsCompleted);

            await service.CreateTableIfNotExistsAsync(missingTable);
            await unreachable.AddAsync(Entry(Now, ReviewDueKind.Deadline, pm.UserKey, "PRJ-5"), None);

            await EventuallyAsync(harness.Time, harness.Settings.SweepInterval, () => Task.FromResult(handler.HandledFor(pm.UserKey).Count == 1));
            Assert.Empty(await unreachable.ListDueAsync(harness.Time.GetUtcNow(), 10, None));
        }
        finally
        {
            await sweeper.StopAsync(None);
        }

        Assert.True(sweeper.ExecuteTask!.IsCompletedSuccessfully);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, moving the fake clock on by <paramref name="step"/> each time so the service's waits end.</summary>
    private static async Task EventuallyAsync(FakeTimeProvider time, TimeSpan step, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The sweeper did not get there within a minute.");
            time.Advance(step);
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
