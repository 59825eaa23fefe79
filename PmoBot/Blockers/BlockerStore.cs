using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Blockers;

/// <summary>
/// Table <c>Blockers</c>: PartitionKey <c>blockers</c>, RowKey <c>{escaped code}|{id}</c>. The register's open items are
/// one partition query filtered on the state (<c>blockers</c>, the digest, the owners' reminders); a project's are a
/// key range within it (the review's carry-over, the warning rule). Changes are ETag-guarded; adding is idempotent by id.
/// </summary>
public sealed class BlockerStore(TableServiceClient service, string tableName = BlockerStore.TableName)
{
    public const string TableName = "Blockers";

    private const string Partition = "blockers";

    private readonly TableClient table = service.GetTableClient(tableName);

    /// <returns>False when a blocker with that id was already there (nothing changed).</returns>
    public async Task<bool> AddAsync(Blocker blocker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blocker);
        return await table.TryAddAsync(BlockerEntity.From(blocker), cancellationToken);
    }

    /// <summary>
    /// Adds several at once: one transaction (they share the partition), so a review's issues and decisions cost one
    /// round trip. When one of them is there already (the same review sent again), each is added on its own instead.
    /// </summary>
    /// <returns>The ones added now, in order.</returns>
    public async Task<IReadOnlyList<Blocker>> AddManyAsync(IReadOnlyList<Blocker> blockers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blockers);
        if (blockers.Count <= 1)
        {
            return blockers.Count == 1 && await AddAsync(blockers[0], cancellationToken) ? [blockers[0]] : [];
        }

        try
        {
            await TableBatch.SubmitAsync(table, blockers.Select(b => new TableTransactionAction(TableTransactionActionType.Add, BlockerEntity.From(b))), cancellationToken);
            return blockers;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            var added = new List<Blocker>();
            foreach (var blocker in blockers)
            {
                if (await AddAsync(blocker, cancellationToken))
                {
                    added.Add(blocker);
                }
            }

            return added;
        }
    }

    public async Task<Blocker?> GetAsync(string code, string id, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<BlockerEntity>(Partition, RowKeyFor(code, id), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToBlocker() : null;
    }

    /// <summary>Applies <paramref name="change"/> under the row's ETag (re-applied when someone changed it first); null when the blocker is unknown.</summary>
    public async Task<Blocker?> UpdateAsync(string code, string id, Func<Blocker, Blocker?> change, CancellationToken cancellationToken)
    {
        var stored = await OptimisticConcurrency.UpdateAsync<BlockerEntity>(
            table,
            Partition,
            RowKeyFor(code, id),
            current => current is null ? null : change(current.ToBlocker()) is { } next ? BlockerEntity.From(next) : null,
            cancellationToken);
        return stored?.ToBlocker();
    }

    /// <summary>Every open blocker of the portfolio (escalated ones included).</summary>
    public async Task<IReadOnlyList<Blocker>> ListOpenAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and State ne {nameof(BlockerState.Closed)}");
        return await QueryAsync(filter, cancellationToken);
    }

    /// <summary>A project's blockers, open and closed.</summary>
    public async Task<IReadOnlyList<Blocker>> ListForProjectAsync(string code, CancellationToken cancellationToken)
    {
        var prefix = TableKey.Escape(code) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        return await QueryAsync(filter, cancellationToken);
    }

    private async Task<IReadOnlyList<Blocker>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var found = new List<Blocker>();
        await foreach (var entity in table.QueryAsync<BlockerEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(entity.ToBlocker());
        }

        return found;
    }

    private static string RowKeyFor(string code, string id) => $"{TableKey.Escape(code)}|{TableKey.Escape(id)}";

    private sealed class BlockerEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string Code { get; set; } = string.Empty;

        public string Id { get; set; } = string.Empty;

        public string ProjectName { get; set; } = string.Empty;

        public string BusinessUnit { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public string Text { get; set; } = string.Empty;

        public string RaisedByKey { get; set; } = string.Empty;

        public string RaisedByName { get; set; } = string.Empty;

        public DateTimeOffset RaisedAt { get; set; }

        public string OwnerKey { get; set; } = string.Empty;

        public string OwnerName { get; set; } = string.Empty;

        public DateTime? DueDate { get; set; }

        public string State { get; set; } = string.Empty;

        public bool NeedsHelp { get; set; }

        public string? ClosedByName { get; set; }

        public DateTimeOffset? ClosedAt { get; set; }

        public static BlockerEntity From(Blocker b) => new()
        {
            RowKey = RowKeyFor(b.ProjectCode, b.Id),
            Code = b.ProjectCode,
            Id = b.Id,
            ProjectName = b.ProjectName,
            BusinessUnit = b.BusinessUnit,
            Kind = b.Kind.ToString(),
            Text = b.Text,
            RaisedByKey = b.RaisedByKey,
            RaisedByName = b.RaisedByName,
            RaisedAt = b.RaisedAt,
            OwnerKey = b.OwnerKey,
            OwnerName = b.OwnerName,
            DueDate = b.DueDate is { } due ? DateTime.SpecifyKind(due.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc) : null,
            State = b.State.ToString(),
            NeedsHelp = b.NeedsHelp,
            ClosedByName = b.ClosedByName,
            ClosedAt = b.ClosedAt,
        };

        public Blocker ToBlocker() => new(
            Code,
            Id,
            ProjectName,
            BusinessUnit,
            Enum.Parse<BlockerKind>(Kind),
            Text,
            RaisedByKey,
            RaisedByName,
            RaisedAt,
            OwnerKey,
            OwnerName,
            DueDate is { } due ? DateOnly.FromDateTime(due) : null,
            Enum.Parse<BlockerState>(State),
            NeedsHelp,
            ClosedByName,
            ClosedAt);
    }
}
