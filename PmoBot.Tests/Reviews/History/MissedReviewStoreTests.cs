using PmoBot.Reviews;
using PmoBot.Reviews.History;
using static PmoBot.Tests.Reviews.History.ReviewHistoryHarness;

namespace PmoBot.Tests.Reviews.History;

[Collection(OverdueListHead.Name)]
public sealed class MissedReviewStoreTests
{
    /// <summary>
    /// Far in the future, so these rows sort before every other test's (newest first) except the overdue command
    /// tests', which use year 9998 and never run at the same time (one collection): rows other tests add meanwhile sort
    /// after these, so positions up to here stay put between two reads.
    /// </summary>
    private const int Year = 9997;

    [Fact]
    public async Task Missed_reviews_list_newest_week_first_and_page_without_gaps()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        var other = NewProject();
        var added = new List<MissedReview>();
        foreach (var (code, week) in new[] { (project.Code, 3), (project.Code, 1), (other.Code, 2), (project.Code, 2), (other.Code, 4) })
        {
            var entry = new MissedReview(code, "Name", "pm-key", "Megan", new ReviewPeriod(Year, week), DeadlineOf(new ReviewPeriod(2026, week)));
            await harness.Missed.AddAsync(entry, None);
            added.Add(entry);
        }

        try
        {
            var everything = (await harness.Missed.ListAsync(0, 10_000, None)).Items.ToList();
            var mine = everything.Where(m => m.ProjectCode == project.Code || m.ProjectCode == other.Code).ToList();
            var at = everything.IndexOf(mine[0]);
            var page = await harness.Missed.ListAsync(at, 3, None);
            var next = await harness.Missed.ListAsync(at + 3, 2, None);

            // Within a week, rows follow the code.
            Assert.Equal(added.OrderByDescending(m => m.Period).ThenBy(m => m.ProjectCode, StringComparer.Ordinal), mine);
            Assert.Equal(everything.Skip(at).Take(5), page.Items.Concat(next.Items));
            Assert.True(page.HasMore);
        }
        finally
        {
            // Far-future rows would otherwise sit at the head of the list for a later run on the same storage.
            foreach (var entry in added)
            {
                await harness.Missed.RemoveAsync(entry.ProjectCode, entry.Period, None);
            }
        }
    }

    [Fact]
    public async Task Adding_and_removing_twice_is_harmless()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        var entry = new MissedReview(project.Code, project.Name, project.Manager.UserKey, project.Manager.Name, Week10, DeadlineOf(Week10));

        await harness.Missed.AddAsync(entry, None);
        await harness.Missed.AddAsync(entry, None);
        var stored = await harness.Missed.GetAsync(project.Code, Week10, None);
        await harness.Missed.RemoveAsync(project.Code, Week10, None);
        await harness.Missed.RemoveAsync(project.Code, Week10, None);

        Assert.Equal(entry, stored);
        Assert.Null(await harness.Missed.GetAsync(project.Code, Week10, None));
        Assert.Empty(await harness.MissedOfAsync(project.Code));
    }
}

/// <summary>Tests that page through the head of the shared <c>missed</c> partition, which they write far-future rows to: one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class OverdueListHead
{
    public const string Name = "Overdue list head";
}
