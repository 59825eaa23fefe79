using Azure;
using Azure.Data.Tables;
using Moq;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Storage;

public sealed class OptimisticConcurrencyTests
{
    private const string TestTable = "OptimisticConcurrencyTests";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_writers_racing_on_one_row_both_keep_their_change(bool rowExistsBefore)
    {
        var table = await TableAsync();
        var key = Guid.NewGuid().ToString("N");
        if (rowExistsBefore)
        {
            await table.AddEntityAsync(new ListEntity { PartitionKey = key, RowKey = "list", Items = "start" });
        }

        // Both writers read the row before either writes, so one of them must lose the race and retry.
        using var bothHaveRead = new CountdownEvent(2);
        var alice = new RacingWriter("alice", bothHaveRead);
        var bob = new RacingWriter("bob", bothHaveRead);

        await Task.WhenAll(
            Task.Run(() => OptimisticConcurrency.UpdateAsync<ListEntity>(table, key, "list", alice.Append, CancellationToken.None)),
            Task.Run(() => OptimisticConcurrency.UpdateAsync<ListEntity>(table, key, "list", bob.Append, CancellationToken.None)));

        var stored = (await table.GetEntityAsync<ListEntity>(key, "list")).Value;
        var items = stored.Items.Split(',', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("alice", items);
        Assert.Contains("bob", items);
        Assert.Equal(rowExistsBefore ? 3 : 2, items.Length);
        Assert.Equal(3, alice.Calls + bob.Calls);
    }

    [Fact]
    public async Task A_change_that_keeps_losing_is_reported_as_a_conflict()
    {
        var table = await TableAsync();
        var key = Guid.NewGuid().ToString("N");
        await table.AddEntityAsync(new ListEntity { PartitionKey = key, RowKey = "list", Items = "start" });
        var calls = 0;

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => OptimisticConcurrency.UpdateAsync<ListEntity>(
            table,
            key,
            "list",
            current =>
            {
                calls++;

                // Someone else writes the row between our read and our write, every time.
                table.UpsertEntity(new ListEntity { PartitionKey = key, RowKey = "list", Items = $"intruder {calls}" }, TableUpdateMode.Replace);
                return new ListEntity { Items = current!.Items + ",mine" };
            },
            CancellationToken.None));

        Assert.Equal(OptimisticConcurrency.MaxAttempts, calls);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(TestTable, error.Message, StringComparison.Ordinal);
        var stored = (await table.GetEntityAsync<ListEntity>(key, "list")).Value;
        Assert.Equal($"intruder {OptimisticConcurrency.MaxAttempts}", stored.Items);
    }

    [Fact]
    public async Task An_update_from_the_row_as_last_seen_starts_from_it_without_reading_and_a_stale_one_is_read_again()
    {
        var table = await TableAsync();
        var key = Guid.NewGuid().ToString("N");
        var added = await table.AddEntityAsync(new ListEntity { PartitionKey = key, RowKey = "list", Items = "start" });
        var seen = new ListEntity { PartitionKey = key, RowKey = "list", Items = "start", ETag = added.Headers.ETag!.Value };
        var given = new List<string>();
        ListEntity? Append(ListEntity? current, string item)
        {
            given.Add(current?.Items ?? "(none)");
            return new ListEntity { Items = current!.Items + "," + item };
        }

        // Up to date: the change is given the row as last seen, and written under its ETag.
        var first = await OptimisticConcurrency.UpdateAsync<ListEntity>(table, key, "list", current => Append(current, "first"), CancellationToken.None, new Known<ListEntity>(seen));
        Assert.Equal(["start"], given);
        Assert.Equal("start,first", (await table.GetEntityAsync<ListEntity>(key, "list")).Value.Items);

        // Stale (the row was written since it was seen): the write is refused, and the change re-applied to the row as it is.
        given.Clear();
        var second = await OptimisticConcurrency.UpdateAsync<ListEntity>(table, key, "list", current => Append(current, "second"), CancellationToken.None, new Known<ListEntity>(seen));
        Assert.Equal(["start", "start,first"], given);
        Assert.Equal("start,first,second", (await table.GetEntityAsync<ListEntity>(key, "list")).Value.Items);

        // Each result carries the ETag it was stored under, so the next update can start from it in turn.
        Assert.NotEqual(first!.ETag, second!.ETag);
        given.Clear();
        await OptimisticConcurrency.UpdateAsync<ListEntity>(table, key, "list", current => Append(current, "third"), CancellationToken.None, new Known<ListEntity>(second));
        Assert.Equal(["start,first,second"], given);
        Assert.Equal("start,first,second,third", (await table.GetEntityAsync<ListEntity>(key, "list")).Value.Items);
    }

    [Fact]
    public async Task An_update_from_a_row_last_seen_absent_that_exists_now_is_applied_to_the_row_as_it_is()
    {
        var table = await TableAsync();
        var key = Guid.NewGuid().ToString("N");
        await table.AddEntityAsync(new ListEntity { PartitionKey = key, RowKey = "list", Items = "theirs" });

        await OptimisticConcurrency.UpdateAsync<ListEntity>(
            table, key, "list", current => new ListEntity { Items = (current is null ? "new" : current.Items) + ",mine" }, CancellationToken.None, new Known<ListEntity>(null));

        Assert.Equal("theirs,mine", (await table.GetEntityAsync<ListEntity>(key, "list")).Value.Items);
    }

    [Fact]
    public async Task A_null_change_writes_nothing_and_returns_the_stored_row()
    {
        var table = await TableAsync();
        var key = Guid.NewGuid().ToString("N");
        var added = await table.AddEntityAsync(new ListEntity { PartitionKey = key, RowKey = "list", Items = "start" });

        var result = await OptimisticConcurrency.UpdateAsync<ListEntity>(table, key, "list", _ => null, CancellationToken.None);

        Assert.Equal("start", result!.Items);
        var stored = (await table.GetEntityAsync<ListEntity>(key, "list")).Value;
        Assert.Equal(added.Headers.ETag, stored.ETag);
    }

    [Fact]
    public async Task A_null_change_on_a_missing_row_creates_nothing()
    {
        var table = await TableAsync();
        var key = Guid.NewGuid().ToString("N");

        var result = await OptimisticConcurrency.UpdateAsync<ListEntity>(table, key, "list", _ => null, CancellationToken.None);

        Assert.Null(result);
        Assert.False((await table.GetEntityIfExistsAsync<ListEntity>(key, "list")).HasValue);
    }

    [Fact]
    public async Task The_returned_entity_carries_the_new_etag_so_it_can_be_written_again()
    {
        var table = await TableAsync();
        var key = Guid.NewGuid().ToString("N");
        await table.AddEntityAsync(new ListEntity { PartitionKey = key, RowKey = "list", Items = "start" });

        var updated = await OptimisticConcurrency.UpdateAsync<ListEntity>(table, key, "list", current => new ListEntity { Items = current!.Items + ",next" }, CancellationToken.None);

        var stored = (await table.GetEntityAsync<ListEntity>(key, "list")).Value;
        Assert.Equal("start,next", stored.Items);
        Assert.Equal(stored.ETag, updated!.ETag);
        await table.UpdateEntityAsync(updated, updated.ETag, TableUpdateMode.Replace);
    }

    [Fact]
    public async Task A_storage_failure_other_than_a_conflict_is_not_retried_or_hidden()
    {
        // Azurite cannot be made to fail a write on demand, so this one edge uses a mock.
        var table = new Mock<TableClient>();
        var stored = new ListEntity { PartitionKey = "p", RowKey = "r", Items = "start", ETag = new ETag("\"1\"") };
        table.Setup(t => t.GetEntityIfExistsAsync<ListEntity>("p", "r", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(stored, Mock.Of<Response>()));
        table.Setup(t => t.UpdateEntityAsync(It.IsAny<ListEntity>(), stored.ETag, TableUpdateMode.Replace, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(503, "Server busy"));
        var calls = 0;

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => OptimisticConcurrency.UpdateAsync<ListEntity>(
            table.Object, "p", "r", current => new ListEntity { Items = $"{current!.Items},{++calls}" }, CancellationToken.None));

        Assert.Equal(503, error.Status);
        Assert.Equal(1, calls);
    }

    private static async Task<TableClient> TableAsync() =>
        (await AzuriteStorage.WithTablesAsync(TestTable)).GetTableClient(TestTable);

    /// <summary>Appends its name to the list; the first call waits until the other writer has read the row too.</summary>
    private sealed class RacingWriter(string name, CountdownEvent bothHaveRead)
    {
        private int calls;

        public int Calls => calls;

        public ListEntity Append(ListEntity? current)
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                bothHaveRead.Signal();
                Assert.True(bothHaveRead.Wait(TimeSpan.FromSeconds(10)), "the other writer never read the row");
            }

            return new ListEntity { Items = current is null ? name : $"{current.Items},{name}" };
        }
    }

    private sealed class ListEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Items { get; set; } = string.Empty;
    }
}
