using PmoBot.Development.Mentoring;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Development.Mentoring;

/// <summary>The mentoring pairs against Azurite, on a table of each test's own (their reads are counted).</summary>
public sealed class MentoringStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateOnly Started = new(2026, 1, 5);

    [Fact]
    public async Task A_mentee_s_active_pairs_cost_as_many_requests_with_a_thousand_other_pairs_stored_as_with_none()
    {
        var table = $"Mentoring{Guid.NewGuid():N}"[..20];
        await AzuriteStorage.WithTablesAsync(table);
        var requests = new StorageRequestCount();
        var store = new MentoringStore(requests.Service(), table);
        var mentee = $"mentee-{Guid.NewGuid():N}";
        await PairAsync(store, Pair("MP-1", "mentor-a", mentee, 0));
        await PairAsync(store, Pair("MP-2", "mentor-b", mentee, 1));
        await PairAsync(store, Pair("MP-3", "mentor-c", mentee, 2));
        Assert.True((await store.EndAsync("MP-3", "Alex", Started.AddMonths(2), None))?.Ended);

        async Task<(string Ids, int Requests)> LookUpAsync()
        {
            var before = requests.Count;
            var found = await store.ActiveForMenteeAsync(mentee, None);
            return (string.Join(", ", found.Select(p => p.Id)), requests.Count - before);
        }

        var amongFew = await LookUpAsync();
        // A query's page holds 1,000 rows: reading every pair would take a second request from here on.
        await Parallel.ForEachAsync(Enumerable.Range(0, 1_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) => await PairAsync(store, Pair($"MP-other-{i}", $"mentor-{i}", $"other-{i}", i % 28)));
        var amongMany = await LookUpAsync();

        Assert.Equal(amongFew, amongMany);
        // One query of the mentee's own markers and a point read of each pair they name (the ended one's marker is gone).
        Assert.Equal(("MP-1, MP-2", 3), amongFew);
    }

    private static MentoringPair Pair(string id, string mentor, string mentee, int startedDaysIn) =>
        new(id, mentor, $"Mentor {mentor}", mentee, $"Mentee {mentee}", "cost", "Earned-value reviews", Started.AddDays(startedDaysIn), true, "Alex", DateTimeOffset.UnixEpoch);

    /// <summary>As <c>mentor pair</c> stores a pair: the pair, then its mentor and mentee's active marker.</summary>
    private static async Task PairAsync(MentoringStore store, MentoringPair pair)
    {
        Assert.True(await store.AddAsync(pair, None));
        Assert.Null(await store.ClaimAsync(pair, None));
    }
}
