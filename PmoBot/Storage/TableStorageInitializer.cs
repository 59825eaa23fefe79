using Azure.Data.Tables;

namespace PmoBot.Storage;

/// <summary>
/// Creates every registered table at start-up. Storage may come up after the bot (Azurite restarting, a
/// transient outage), so this retries in the background instead of failing start-up; /healthz reports
/// storage as unreachable until it succeeds.
/// </summary>
public sealed partial class TableStorageInitializer(
    TableServiceClient service,
    IEnumerable<TableRegistration> tables,
    StorageReadiness readiness,
    TimeProvider time,
    ILogger<TableStorageInitializer> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var names = tables.Select(t => t.TableName).Distinct(StringComparer.Ordinal).ToList();
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.WhenAll(names.Select(name => service.CreateTableIfNotExistsAsync(name, stoppingToken)));
                LogReady(names.Count);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Table storage ready: {TableCount} tables exist")]
    private partial void LogReady(int tableCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Table storage not reachable (attempt {Attempt}); retrying in {DelaySeconds} s")]
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
