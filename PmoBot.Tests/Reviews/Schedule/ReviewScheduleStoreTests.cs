using PmoBot.Reviews;
using PmoBot.Reviews.Schedule;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Reviews.Schedule;

public sealed class ReviewScheduleStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<ReviewScheduleStore> FreshStoreAsync()
    {
        var table = ReviewScheduleHarness.FreshTableName("Schedules");
        return new ReviewScheduleStore(await AzuriteStorage.WithTablesAsync(table), table);
    }

    private static string NewUserKey() => Guid.NewGuid().ToString();

    [Fact]
    public async Task A_schedule_reads_back_as_it_was_stored()
    {
        var store = await FreshStoreAsync();
        var userKey = NewUserKey();
        var schedule = new ReviewSchedule(
            userKey,
            new WeeklySlot(DayOfWeek.Friday, 14),
            new PendingOpening(new DateTimeOffset(2025, 12, 5, 14, 0, 0, TimeSpan.Zero), ReviewPeriod.Parse("2025-W49")),
            ReviewPeriod.Parse("2025-W48"));

        await store.UpdateAsync(userKey, _ => schedule, None);

        Assert.Equal(schedule, await store.GetAsync(userKey, None));
        Assert.Null(await store.GetAsync(NewUserKey(), None));
    }

    [Fact]
    public async Task A_pm_who_follows_the_default_has_no_slot_and_one_with_odd_characters_in_the_key_is_kept_apart()
    {
        var store = await FreshStoreAsync();
        var odd = $"29:{Guid.NewGuid():N}/#?%";

        await store.UpdateAsync(odd, _ => ReviewSchedule.Empty(odd), None);

        Assert.Equal(ReviewSchedule.Empty(odd), await store.GetAsync(odd, None));
    }

    [Fact]
    public async Task Concurrent_changes_to_one_schedule_are_all_applied()
    {
        var store = await FreshStoreAsync();
        var userKey = NewUserKey();
        var first = ReviewPeriod.Parse("2025-W40");
        await store.UpdateAsync(userKey, _ => ReviewSchedule.Empty(userKey) with { LastOpened = first }, None);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.UpdateAsync(userKey, current => current! with { LastOpened = current.LastOpened!.Value.Next }, None)));

        Assert.Equal(ReviewPeriod.Parse("2025-W44"), (await store.GetAsync(userKey, None))!.LastOpened);
    }

    [Fact]
    public async Task The_default_is_absent_until_the_pmo_sets_it()
    {
        var store = await FreshStoreAsync();

        Assert.Null(await store.GetDefaultAsync(None));
        await store.SetDefaultAsync(new WeeklySlot(DayOfWeek.Tuesday, 10), None);
        await store.SetDefaultAsync(new WeeklySlot(DayOfWeek.Thursday, 8), None);

        Assert.Equal(new WeeklySlot(DayOfWeek.Thursday, 8), await store.GetDefaultAsync(None));
    }

    [Fact]
    public async Task Followers_of_the_default_are_those_with_an_opening_filed_and_no_slot_of_their_own()
    {
        var store = await FreshStoreAsync();
        var pending = new PendingOpening(new DateTimeOffset(2025, 12, 8, 9, 0, 0, TimeSpan.Zero), ReviewPeriod.Parse("2025-W50"));
        var (follower, ownSlot, unscheduled) = (NewUserKey(), NewUserKey(), NewUserKey());
        await store.UpdateAsync(follower, _ => ReviewSchedule.Empty(follower) with { Pending = pending }, None);
        await store.UpdateAsync(ownSlot, _ => new ReviewSchedule(ownSlot, new WeeklySlot(DayOfWeek.Friday, 14), pending, null), None);
        await store.UpdateAsync(unscheduled, _ => ReviewSchedule.Empty(unscheduled), None);
        await store.SetDefaultAsync(new WeeklySlot(DayOfWeek.Tuesday, 10), None);

        Assert.Equal([follower], await store.ListFollowingDefaultAsync(None));
    }
}
