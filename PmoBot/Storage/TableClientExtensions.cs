using Azure;
using Azure.Data.Tables;

namespace PmoBot.Storage;

/// <summary>What every store repeats: read one partition whole, insert a row only if it is new, and delete a row that may already be gone.</summary>
public static class TableClientExtensions
{
    public static async Task<IReadOnlyList<TResult>> QueryPartitionAsync<TEntity, TResult>(
        this TableClient table, string partitionKey, Func<TEntity, TResult> map, CancellationToken cancellationToken, IEnumerable<string>? select = null)
        where TEntity : class, ITableEntity, new()
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        var results = new List<TResult>();
        await foreach (var entity in table.QueryAsync<TEntity>(filter, select: select, cancellationToken: cancellationToken))
        {
            results.Add(map(entity));
        }

        return results;
    }

    /// <summary>Inserts the row unless one with its keys exists (nothing is overwritten).</summary>
    /// <returns>False when the row was already there: a repeated command, a retried delivery, another instance first.</returns>
    public static async Task<bool> TryAddAsync(this TableClient table, ITableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Deletes the row if it is there: deleting twice (a repeated command, a retried delivery) is not an error.</summary>
    public static async Task DeleteIfExistsAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }
}
