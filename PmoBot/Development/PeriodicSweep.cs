using PmoBot.Storage;

namespace PmoBot.Development;

/// <summary>A sweep of this feature that runs in the background (reminders, notices).</summary>
public interface ISweep
{
    TimeSpan Interval { get; }

    bool Enabled { get; }

    /// <returns>How many messages the sweep asked for.</returns>
    Task<int> SweepOnceAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Runs a sweep once the tables exist, every <see cref="ISweep.Interval"/> (the first after one interval, so a
/// short-lived host never sweeps), logging a failed sweep and trying again at the next. Every instance may sweep: what a
/// sweep sends goes through the outbox under keys that make it go once.
/// </summary>
public sealed partial class PeriodicSweep<TSweep>(TSweep sweep, StorageReadiness readiness, TimeProvider time, ILogger<PeriodicSweep<TSweep>> logger) : BackgroundService
    where TSweep : ISweep
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!sweep.Enabled)
        {
            return;
        }

        try
        {
            await readiness.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(sweep.Interval, time, stoppingToken);
                try
                {
                    await sweep.SweepOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogSweepFailed(ex, typeof(TSweep).Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Sweep} failed; retrying at the next sweep")]
    private partial void LogSweepFailed(Exception exception, string sweep);
}
