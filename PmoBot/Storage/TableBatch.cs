using Azure.Data.Tables;

namespace PmoBot.Storage;

/// <summary>
/// Entity group transactions: Table Storage commits up to 100 operations atomically, but only within one
/// partition, so writes are grouped by partition key and chunked.
/// </summary>
public static class TableBatch
{
    public const int MaxOperationsPerTransaction = 100;

    public static async Task<int> SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var transactions = actions
            .GroupBy(action => action.Entity.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxOperationsPerTransaction));
        var submitted = 0;
        foreach (var transaction in transactions)
        {
            await table.SubmitTransactionAsync(transaction, cancellationToken);
            submitted += transaction.Length;
        }

        return submitted;
    }

    public static Task<int> UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken) =>
        SubmitAsync(table, entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
}
