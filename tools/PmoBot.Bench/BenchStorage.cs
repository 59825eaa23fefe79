using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Bench;

/// <summary>
/// The benchmark's side of storage, through PmoBot's own stores: seeds conversation references, enqueues through
/// the real <see cref="Outbox"/>, and reads back what became of every delivery.
/// </summary>
internal sealed class BenchStorage
{
    private const int Parallelism = 32;

    private readonly TableServiceClient tables;
    private readonly QueueServiceClient queues;

    public BenchStorage(string connectionString)
    {
        try
        {
            tables = new TableServiceClient(connectionString);
            queues = new QueueServiceClient(connectionString);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"--storage is not a storage connection string: {ex.Message}", ex);
        }

        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>Creates what the workload writes to (the bot creates the rest when it starts), seeds the conversations, and enqueues every delivery.</summary>
    public async Task PrepareAsync(DeliveryWorkload workload, CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            new[] { ConversationReferenceStore.TableName, DeliveryStore.TableName, DeliveryLogStore.TableName }
                .Select(name => tables.CreateTableIfNotExistsAsync(name, cancellationToken)));
        await Task.WhenAll(
            new[] { workload.QueueName, workload.DeadLetterQueueName }
                .Select(name => queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));

        var conversations = new ConversationReferenceStore(tables);
        await Parallel.ForEachAsync(
            workload.Conversations,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (address, token) => await conversations.SaveAsync(address, token));

        var outbox = new Outbox(new DeliveryStore(tables), new DeliveryLogStore(tables), OutboxQueuesFor(workload), TimeProvider.System);
        await Parallel.ForEachAsync(
            workload.Deliveries,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (delivery, token) => await outbox.EnqueueAsync(delivery, token));
    }

    /// <summary>
    /// Where every delivery of the workload stands. The delivery log answers for most in one query; the delivery
    /// record, which is authoritative, is read for those the log does not show as final.
    /// </summary>
    public async Task<DeliveryStates> ReadStatesAsync(DeliveryWorkload workload, DateTimeOffset since, int maxRecordReads, CancellationToken cancellationToken)
    {
        var logged = (await new DeliveryLogStore(tables).ListSinceAsync(since, DateTimeOffset.UtcNow, cancellationToken))
            .Where(e => workload.Keys.Contains(e.IdempotencyKey))
            .ToDictionary(e => e.IdempotencyKey, e => new DeliveryState(e.Status, e.StatusCode, e.Reason), StringComparer.Ordinal);
        var unsettled = workload.Keys.Where(k => !logged.TryGetValue(k, out var state) || !state.IsFinal).ToList();
        if (unsettled.Count > maxRecordReads)
        {
            return new DeliveryStates(logged, unsettled.Count, LogBehind: []);
        }

        var store = new DeliveryStore(tables);
        var records = new System.Collections.Concurrent.ConcurrentDictionary<string, DeliveryState>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            unsettled,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (key, token) =>
            {
                if (await store.GetAsync(key, token) is { } record)
                {
                    records[key] = new DeliveryState(record.Status, record.LastStatusCode, record.LastError);
                }
            });

        var logBehind = records
            .Where(r => r.Value.IsFinal && logged.ContainsKey(r.Key))
            .Select(r => $"{r.Key} (log: {logged[r.Key].Status}, record: {r.Value.Status})")
            .ToList();
        foreach (var (key, state) in records)
        {
            logged[key] = state;
        }

        return new DeliveryStates(logged, workload.Keys.Count(k => !logged.TryGetValue(k, out var state) || !state.IsFinal), logBehind);
    }

    public async Task<int> CountDeadLettersAsync(DeliveryWorkload workload, CancellationToken cancellationToken) =>
        await OutboxQueuesFor(workload).CountDeadLettersAsync(cancellationToken);

    private OutboxQueues OutboxQueuesFor(DeliveryWorkload workload) =>
        new(queues, Options.Create(new DeliveryOptions { QueueName = workload.QueueName, DeadLetterQueueName = workload.DeadLetterQueueName }));
}

internal sealed record DeliveryState(DeliveryStatus Status, int? StatusCode, string? Reason)
{
    public bool IsFinal => Status is DeliveryStatus.Sent or DeliveryStatus.Failed;
}

/// <summary>
/// The status of each delivery, how many are not final yet, and the final records that the delivery log still
/// showed as unfinished (a sender that died between writing the record and its log row leaves the log behind).
/// </summary>
internal sealed record DeliveryStates(IReadOnlyDictionary<string, DeliveryState> ByKey, int Unsettled, IReadOnlyList<string> LogBehind)
{
    public bool AllFinal => Unsettled == 0;

    public IEnumerable<KeyValuePair<string, DeliveryState>> Failed => ByKey.Where(s => s.Value.Status == DeliveryStatus.Failed);
}
