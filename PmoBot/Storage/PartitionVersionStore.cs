using Azure;
using Azure.Data.Tables;

namespace PmoBot.Storage;

/// <summary>
/// Table <c>PartitionVersions</c>: PartitionKey = a table's name, RowKey = one of its partitions, and a version that
/// every change to that partition replaces (a new random value, so two writers never agree by accident). A reader
/// that keeps a whole partition (the register, the portfolio's statuses) checks one small row instead of reading
/// thousands again. Writers bump after their write, readers read the version before the rows: a reader can only
/// ever keep rows at least as new as the version it files them under.
/// </summary>
public sealed class PartitionVersionStore(TableServiceClient service)
{
    public const string TableName = "PartitionVersions";

    private readonly TableClient table = service.GetTableClient(TableName);

    public async Task BumpAsync(string tableName, string partitionKey, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(tableName, TableKey.Escape(partitionKey)) { ["Version"] = Guid.NewGuid().ToString("N") };
        try
        {
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A store used before start-up created the table (a tool, a test's own storage): create it and bump.
            await table.CreateIfNotExistsAsync(cancellationToken);
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <returns>The partition's version; null when it was never bumped (or the table does not exist yet).</returns>
    public async Task<string?> GetAsync(string tableName, string partitionKey, CancellationToken cancellationToken)
    {
        try
        {
            var entity = await table.GetEntityIfExistsAsync<TableEntity>(tableName, TableKey.Escape(partitionKey), select: ["Version"], cancellationToken: cancellationToken);
            return entity.HasValue ? entity.Value!.GetString("Version") : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
