using Azure.Data.Tables;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Storage;

public sealed class TableBatchTests
{
    private const string TestTable = "TableBatchTests";

    [Fact]
    public async Task Upserting_250_entities_across_3_partitions_stores_every_one()
    {
        var table = await TableAsync();
        var run = Guid.NewGuid().ToString("N");
        var sizes = new Dictionary<string, int> { [$"{run}-a"] = 130, [$"{run}-b"] = 100, [$"{run}-c"] = 20 };
        var entities = sizes
            .SelectMany(p => Enumerable.Range(0, p.Value).Select(i => Entity(p.Key, i, "v1")))
            .OrderBy(e => e.RowKey, StringComparer.Ordinal)
            .ToList();

        var submitted = await TableBatch.UpsertAsync(table, entities, CancellationToken.None);

        Assert.Equal(250, submitted);
        foreach (var (partition, size) in sizes)
        {
            var stored = await RowsAsync(table, partition);
            Assert.Equal(size, stored.Count);
            Assert.All(stored, e => Assert.Equal("v1", e.GetString("Value")));
        }
    }

    [Fact]
    public async Task Upserting_again_replaces_instead_of_failing()
    {
        var table = await TableAsync();
        var partition = Guid.NewGuid().ToString("N");
        await TableBatch.UpsertAsync(table, Enumerable.Range(0, 10).Select(i => Entity(partition, i, "v1")), CancellationToken.None);

        await TableBatch.UpsertAsync(table, Enumerable.Range(0, 10).Select(i => Entity(partition, i, "v2")), CancellationToken.None);

        var stored = await RowsAsync(table, partition);
        Assert.Equal(10, stored.Count);
        Assert.All(stored, e => Assert.Equal("v2", e.GetString("Value")));
    }

    [Fact]
    public async Task A_conflicting_insert_rolls_back_its_whole_transaction_and_only_that_one()
    {
        var table = await TableAsync();
        var run = Guid.NewGuid().ToString("N");
        var clean = $"{run}-clean";
        var conflicted = $"{run}-conflicted";
        await table.AddEntityAsync(Entity(conflicted, 120, "already there"));

        // "clean" is submitted first (one transaction); "conflicted" holds 150 inserts, so two transactions of
        // 100 and 50, and the conflict (row 120) is in the second.
        var actions = Enumerable.Range(0, 30).Select(i => Insert(clean, i))
            .Concat(Enumerable.Range(0, 150).Select(i => Insert(conflicted, i)));

        await Assert.ThrowsAsync<TableTransactionFailedException>(() => TableBatch.SubmitAsync(table, actions, CancellationToken.None));

        Assert.Equal(30, (await RowsAsync(table, clean)).Count);
        var stored = await RowsAsync(table, conflicted);
        var storedRows = stored.Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        Assert.All(Enumerable.Range(0, 100), i => Assert.Contains(RowKey(i), storedRows));
        Assert.All(Enumerable.Range(100, 50).Where(i => i != 120), i => Assert.DoesNotContain(RowKey(i), storedRows));
        Assert.Equal("already there", stored.Single(e => e.RowKey == RowKey(120)).GetString("Value"));
    }

    [Fact]
    public async Task Nothing_to_submit_is_zero_writes()
    {
        var table = await TableAsync();

        Assert.Equal(0, await TableBatch.SubmitAsync(table, [], CancellationToken.None));
    }

    private static async Task<TableClient> TableAsync() =>
        (await AzuriteStorage.WithTablesAsync(TestTable)).GetTableClient(TestTable);

    private static string RowKey(int i) => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    private static TableEntity Entity(string partition, int i, string value) => new(partition, RowKey(i)) { ["Value"] = value };

    private static TableTransactionAction Insert(string partition, int i) => new(TableTransactionActionType.Add, Entity(partition, i, "new"));

    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(entity);
        }

        return rows;
    }
}
