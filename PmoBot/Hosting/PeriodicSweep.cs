using PmoBot.Storage;

namespace PmoBot.Hosting;

/// <summary>When a sweep first runs after the host starts.</summary>
public enum SweepStart
{
    /// <summary>One interval after the tables exist: a restart catches up within it, and a short-lived host never sweeps.</summary>
    AfterOneInterval,

    /// <summary>As soon as the tables exist.</summary>
    AtOnce,

    /// <summary>As soon as the tables exist and start-up seeding is done: the sweep reads what the seeders write.</summary>
    AfterSeeding,
}

/// <summary>Background work a feature repeats (reminders, notices, re-evaluations), run by <see cref="PeriodicSweep{TSweep}"/>.</summary>
public interface ISweep
{
    TimeSpan Interval { get; }

    bool Enabled { get; }

    SweepStart Start => SweepStart.AfterOneInterval;

    /// <returns>How many things the sweep did (messages asked for, projects evaluated), for the log.</returns>
    Task<int> SweepOnceAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Runs a sweep every <see cref="ISweep.Interval"/>, the first as its <see cref="ISweep.Start"/> says, logging a failed
/// sweep once and trying again at the next. Every instance may sweep: what a sweep sends goes through the outbox under
/// keys that make it go once, and what it writes is idempotent.
/// </summary>
public sealed partial class PeriodicSweep<TSweep>(TSweep sweep, StorageReadiness readiness, SeedingReadiness seeding, TimeProvider time, ILogger<PeriodicSweep<TSweep>> logger) : BackgroundService
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
            if (sweep.Start == SweepStart.AfterSeeding)
            {
                await seeding.WaitAsync(stoppingToken);
            }

            if (sweep.Start == SweepStart.AfterOneInterval)
            {
                await Task.Delay(sweep.Interval, time, stoppingToken);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var done = await sweep.SweepOnceAsync(stoppingToken);
                    LogSwept(typeof(TSweep).Name, done);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogSweepFailed(ex, typeof(TSweep).Name, sweep.Interval);
                }

                await Task.Delay(sweep.Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Sweep} ran: {Count} done")]
    private partial void LogSwept(string sweep, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Sweep} failed; trying again in {Interval}")]
    private partial void LogSweepFailed(Exception exception, string sweep, TimeSpan interval);
}

public static class SweepServiceCollectionExtensions
{
    /// <summary>Registers the sweep (one per process, so tests and commands can run it too) and the background service that repeats it.</summary>
    public static IServiceCollection AddSweep<TSweep>(this IServiceCollection services)
        where TSweep : class, ISweep
    {
        services.AddSingleton<TSweep>();
        services.AddHostedService<PeriodicSweep<TSweep>>();
        return services;
    }
}
