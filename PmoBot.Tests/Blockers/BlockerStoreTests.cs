using PmoBot.Blockers;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Blockers;

/// <summary>A review's issues and decisions go into the register in one transaction, and a repeat adds nothing twice.</summary>
public sealed class BlockerStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task New_blockers_are_added_in_one_request_and_with_one_already_there_the_others_are_still_added_once()
    {
        var table = $"Blockers{Guid.NewGuid():N}"[..20];
        var requests = new StorageRequestCount();
        await AzuriteStorage.WithTablesAsync(table);
        var store = new BlockerStore(requests.Service(), table);
        var code = $"PRJ-{Guid.NewGuid():N}"[..12];
        var three = new[] { Of(code, "2026-W49-i1"), Of(code, "2026-W49-i2"), Of(code, "2026-W49-d1") };

        var first = await store.AddManyAsync(three, None);
        var writesForThree = requests.Count;
        var fourth = Of(code, "2026-W49-d2");
        var again = await store.AddManyAsync([three[0], fourth], None);

        Assert.Equal(three, first);
        Assert.Equal(1, writesForThree);
        Assert.Equal([fourth], again);
        Assert.Equal(["2026-W49-d1", "2026-W49-d2", "2026-W49-i1", "2026-W49-i2"], (await store.ListForProjectAsync(code, None)).Select(b => b.Id).Order(StringComparer.Ordinal));
        Assert.Empty(await store.AddManyAsync([], None));
    }

    private static Blocker Of(string code, string id) =>
        new(code, id, "Claims portal", "Digital", id.Contains("-d", StringComparison.Ordinal) ? BlockerKind.Decision : BlockerKind.Issue, $"Item {id}", "pm", "Megan Bowen", DateTimeOffset.UtcNow, "pm", "Megan Bowen", null, BlockerState.Open);
}
