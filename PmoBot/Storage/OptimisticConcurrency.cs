using Azure;
using Azure.Data.Tables;

namespace PmoBot.Storage;

/// <summary>
/// Read-modify-write of one entity guarded by its ETag. Two writers racing on the same row never overwrite
/// each other: the loser re-reads and re-applies its change, and after a few lost races the conflict is
/// reported to the caller instead of being silently resolved.
/// </summary>
public static class OptimisticConcurrency
{
    public const int MaxAttempts = 5;

    /// <param name="change">Gets the stored entity (null when absent) and returns what to store, or null to store nothing.</param>
    /// <param name="known">
    /// The row as the caller has just read or written it (with its ETag; null inside for "absent"): the first attempt
    /// starts from it instead of reading the row again. If the row changed since, the write is refused and the next
    /// attempt reads it, as after any lost race.
    /// </param>
    /// <returns>The entity as stored (with its new ETag), or the unchanged one when <paramref name="change"/> returned null.</returns>
    public static async Task<T?> UpdateAsync<T>(
        TableClient table, string partitionKey, string rowKey, Func<T?, T?> change, CancellationToken cancellationToken, Known<T>? known = null)
        where T : class, ITableEntity, new()
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            T? current;
            if (attempt == 1 && known is { } first)
            {
                current = first.Entity;
            }
            else
            {
                var stored = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken);
                current = stored.HasValue ? stored.Value : null;
            }

            var updated = change(current);
            if (updated is null)
            {
                return current;
            }

            updated.PartitionKey = partitionKey;
            updated.RowKey = rowKey;
            try
            {
                var response = current is null
                    ? await table.AddEntityAsync(updated, cancellationToken)
                    : await table.UpdateEntityAsync(updated, current.ETag, TableUpdateMode.Replace, cancellationToken);
                updated.ETag = response.Headers.ETag ?? updated.ETag;
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Someone else wrote the row between our read and our write: re-read and re-apply.
            }
        }

        throw new ConcurrencyConflictException(table.Name, partitionKey, rowKey, MaxAttempts);
    }
}

/// <summary>A row as its caller last saw it (null: absent), with the ETag it had, to start an update from.</summary>
public readonly record struct Known<T>(T? Entity)
    where T : class, ITableEntity;

public sealed class ConcurrencyConflictException(string table, string partitionKey, string rowKey, int attempts)
    : Exception($"Row {partitionKey}/{rowKey} in table {table} kept changing under {attempts} attempts to update it.");
