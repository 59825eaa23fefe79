using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PmoBot.Storage;

namespace PmoBot.Delivery;

/// <summary>One sending instance's heartbeat as stored: the counter it moves on every beat.</summary>
public sealed record InstanceHeartbeat(string InstanceId, long Beat);

/// <summary>A batch of outbox messages an instance received: what it takes to make them visible again without it.</summary>
public sealed record ReceivedBatch(string InstanceId, long Batch, IReadOnlyList<(string MessageId, string PopReceipt)> Messages);

/// <summary>
/// Table <c>DeliveryInstances</c>: the instances sending from the outbox. Partition <c>live|{queue name}</c> holds one
/// row per instance (RowKey = instance id) whose beat counter moves every <see cref="DeliveryOptions.HeartbeatInterval"/>;
/// partition <c>received|{instance id}</c> holds one row per batch of queue messages the instance received
/// (RowKey = batch number) with their pop receipts, so that when the instance dies another can make its messages
/// visible again at once instead of after their visibility timeout. Every read is one partition.
/// </summary>
public sealed class SenderInstanceStore(TableServiceClient service, IOptions<DeliveryOptions> options)
{
    public const string TableName = "DeliveryInstances";

    private readonly TableClient table = service.GetTableClient(TableName);

    /// <summary>The instances that share one outbox queue are the ones that share its rate and its messages.</summary>
    private readonly string livePartition = $"live|{options.Value.QueueName}";

    public Task BeatAsync(InstanceHeartbeat heartbeat, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(livePartition, heartbeat.InstanceId) { ["Beat"] = heartbeat.Beat },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<IReadOnlyList<InstanceHeartbeat>> ListAsync(CancellationToken cancellationToken)
    {
        var heartbeats = new List<InstanceHeartbeat>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == livePartition, select: ["RowKey", "Beat"], cancellationToken: cancellationToken))
        {
            heartbeats.Add(new InstanceHeartbeat(row.RowKey, row.GetInt64("Beat") ?? 0));
        }

        return heartbeats;
    }

    public Task RemoveAsync(string instanceId, CancellationToken cancellationToken) =>
        DeleteAsync(livePartition, instanceId, cancellationToken);

    public Task RecordReceivedAsync(ReceivedBatch batch, CancellationToken cancellationToken)
    {
        var messages = new StringBuilder();
        foreach (var (id, receipt) in batch.Messages)
        {
            messages.Append(id).Append(' ').Append(receipt).Append('\n');
        }

        return table.UpsertEntityAsync(
            new TableEntity(ReceivedPartition(batch.InstanceId), BatchKey(batch.Batch)) { ["Messages"] = messages.ToString() },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task<IReadOnlyList<ReceivedBatch>> ListReceivedAsync(string instanceId, CancellationToken cancellationToken)
    {
        var partition = ReceivedPartition(instanceId);
        var batches = new List<ReceivedBatch>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            var messages = (row.GetString("Messages") ?? string.Empty)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', 2))
                .Where(parts => parts.Length == 2)
                .Select(parts => (parts[0], parts[1]))
                .ToList();
            batches.Add(new ReceivedBatch(instanceId, long.Parse(row.RowKey, CultureInfo.InvariantCulture), messages));
        }

        return batches;
    }

    public Task ForgetReceivedAsync(string instanceId, long batch, CancellationToken cancellationToken) =>
        DeleteAsync(ReceivedPartition(instanceId), BatchKey(batch), cancellationToken);

    private async Task DeleteAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone: another instance cleaned up first.
        }
    }

    private static string ReceivedPartition(string instanceId) => $"received|{TableKey.Escape(instanceId)}";

    private static string BatchKey(long batch) => batch.ToString("D19", CultureInfo.InvariantCulture);
}
