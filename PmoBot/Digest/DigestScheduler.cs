using Microsoft.Extensions.Options;
using PmoBot.Storage;

namespace PmoBot.Digest;

/// <summary>
/// Looks every <see cref="DigestOptions.CheckInterval"/> whether this week's digest is due and not yet built, and sends
/// it. Looking rather than sleeping until the hour means an instance that was down at the hour sends it when it is back
/// (within <see cref="WeeklyDigest.CatchUp"/>).
/// </summary>
public sealed partial class DigestScheduler(
    WeeklyDigest digest,
    StorageReadiness readiness,
    SeedingReadiness seeding,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ScheduleEnabled)
        {
            return;
        }

        try
        {
            await readiness.WaitAsync(stoppingToken);

            // A digest built at start-up must see the demo's history, written at start-up too.
            await seeding.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await digest.RunIfDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(ex, options.Value.CheckInterval);
                }

                await Task.Delay(options.Value.CheckInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The weekly digest could not be built or queued; trying again in {Interval}")]
    private partial void LogFailed(Exception exception, TimeSpan interval);
}
