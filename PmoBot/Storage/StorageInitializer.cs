using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace PmoBot.Storage;

/// <summary>
/// Creates every registered table and queue at start-up. Storage may come up after the bot (Azurite restarting, a
/// transient outage), so this retries in the background instead of failing start-up; /healthz reports
/// storage as unreachable until it succeeds. Tables are asked for by name first and only the missing ones created:
/// after the first start every instance's start would otherwise be thirty-odd creates refused with 409, each a failed
/// dependency in Application Insights and a write on the account's table list.
/// </summary>
public sealed partial class StorageInitializer(
    TableServiceClient tableService,
    QueueServiceClient queueService,
    IEnumerable<TableRegistration> tables,
    IEnumerable<QueueRegistration> queues,
    StorageReadiness readiness,
    TimeProvider time,
    ILogger<StorageInitializer> logger) : BackgroundService
{
    /// <summary>Table names asked for in one query: the Table service allows at most 15 comparisons in a filter.</summary>
    public const int NamesPerQuery = 15;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tableNames = tables.Select(t => t.TableName).Distinct(StringComparer.Ordinal).ToList();
        var queueNames = queues.Select(q => q.QueueName).Distinct(StringComparer.Ordinal).ToList();
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var missing = await MissingTablesAsync(tableNames, stoppingToken);
                await Task.WhenAll(missing.Select(name => tableService.CreateTableIfNotExistsAsync(name, stoppingToken)));
                await Task.WhenAll(queueNames.Select(name => queueService.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: stoppingToken)));
                LogReady(tableNames.Count, queueNames.Count);
                readiness.MarkReady();
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRetry(ex, attempt, RetryDelay.TotalSeconds);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    /// <summary>
    /// The names without a table. Created since the query or by another instance at once, a table is still created
    /// "if not exists", so a race costs a 409, never a failure.
    /// </summary>
    private async Task<List<string>> MissingTablesAsync(List<string> names, CancellationToken cancellationToken)
    {
        // Table names are case-insensitive in the service.
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in names.Chunk(NamesPerQuery))
        {
            var filter = string.Join(" or ", chunk.Select(name => TableClient.CreateQueryFilter($"TableName eq {name}")));
            await foreach (var table in tableService.QueryAsync(filter, cancellationToken: cancellationToken))
            {
                existing.Add(table.Name);
            }
        }

        return names.Where(name => !existing.Contains(name)).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: {TableCount} tables and {QueueCount} queues exist")]
    private partial void LogReady(int tableCount, int queueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage not reachable (attempt {Attempt}); retrying in {DelaySeconds} s")]
    private partial void LogRetry(Exception exception, int attempt, double delaySeconds);
}

/// <summary>Lets work that needs the tables (demo seeding) wait until they exist.</summary>
public sealed class StorageReadiness
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => ready.Task.IsCompleted;

    public void MarkReady() => ready.TrySetResult();

    public Task WaitAsync(CancellationToken cancellationToken) => ready.Task.WaitAsync(cancellationToken);
}
