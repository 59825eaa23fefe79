using PmoBot.Reviews;
using PmoBot.Reviews.Schedule;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Reviews.Schedule;

public sealed class ReviewDueIndexTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Monday = new(2025, 12, 8, 9, 0, 0, TimeSpan.Zero);

    private static async Task<ReviewDueIndex> FreshIndexAsync()
    {
        var table = ReviewScheduleHarness.FreshTableName("Due");
        return new ReviewDueIndex(await AzuriteStorage.WithTablesAsync(table), table);
    }

    private static ReviewDueEntry Entry(DateTimeOffset dueAt, ReviewDueKind kind = ReviewDueKind.Open, string? userKey = null, params string[] codes) =>
        ReviewScheduleHarness.Entry(dueAt, kind, userKey ?? Guid.NewGuid().ToString(), codes);

    private static IEnumerable<(DateTimeOffset, ReviewDueKind, string, ReviewPeriod, string)> Keys(IEnumerable<ReviewDueEntry> entries) =>
        entries.Select(e => (e.DueAt, e.Kind, e.UserKey, e.Period, string.Join(',', e.ProjectCodes)));

    [Fact]
    public async Task Lists_what_is_due_by_now_oldest_first_and_nothing_later()
    {
        var index = await FreshIndexAsync();
        var later = Entry(Monday.AddTicks(1));
        var atNow = Entry(Monday);
        var earlier = Entry(Monday.AddDays(-3), ReviewDueKind.Deadline, null, "PRJ-1", "PRJ-2");
        var earliest = Entry(Monday.AddDays(-4), ReviewDueKind.Remind, null, "PRJ-3");
        foreach (var entry in new[] { later, atNow, earlier, earliest })
        {
            await index.AddAsync(entry, None);
        }

        var due = await index.ListDueAsync(Monday, 10, None);

        Assert.Equal(Keys([earliest, earlier, atNow]), Keys(due));
        Assert.Equal(TimeSpan.Zero, due[0].DueAt.Offset);
    }

    [Fact]
    public async Task Lists_at_most_the_number_asked_for()
    {
        var index = await FreshIndexAsync();
        var entries = Enumerable.Range(0, 5).Select(i => Entry(Monday.AddMinutes(-i))).ToList();
        foreach (var entry in entries)
        {
            await index.AddAsync(entry, None);
        }

        var due = await index.ListDueAsync(Monday, 3, None);

        Assert.Equal(Keys(entries.OrderBy(e => e.DueAt).Take(3)), Keys(due));
    }

    [Fact]
    public async Task Filing_an_entry_twice_keeps_one_and_the_same_pm_may_have_entries_of_each_kind()
    {
        var index = await FreshIndexAsync();
        var userKey = $"29:{Guid.NewGuid():N}/#";
        var open = Entry(Monday, ReviewDueKind.Open, userKey);
        var remind = Entry(Monday, ReviewDueKind.Remind, userKey, "PRJ-7");

        await index.AddAsync(open, None);
        await index.AddAsync(open, None);
        await index.AddAsync(remind, None);

        Assert.Equal(Keys([open, remind]), Keys(await index.ListDueAsync(Monday, 10, None)));
    }

    [Fact]
    public async Task Removing_takes_the_entry_out_and_removing_it_again_is_fine()
    {
        var index = await FreshIndexAsync();
        var kept = Entry(Monday);
        var removed = Entry(Monday);
        await index.AddAsync(kept, None);
        await index.AddAsync(removed, None);

        await index.RemoveAsync(removed, None);
        await index.RemoveAsync(removed, None);

        Assert.Equal(Keys([kept]), Keys(await index.ListDueAsync(Monday, 10, None)));
    }

    [Fact]
    public void Row_keys_sort_by_due_time_and_name_the_kind_the_pm_and_the_period()
    {
        var entry = new ReviewDueEntry(Monday, ReviewDueKind.Remind, "29:a/b", ReviewPeriod.Parse("2025-W50"), []);

        Assert.Equal($"{Monday.UtcTicks:D19}|Remind|29:a%2Fb|2025-W50", ReviewDueIndex.RowKeyOf(entry));
        Assert.True(string.CompareOrdinal(ReviewDueIndex.RowKeyOf(entry with { DueAt = Monday.AddSeconds(-1) }), ReviewDueIndex.RowKeyOf(entry)) < 0);
    }
}
