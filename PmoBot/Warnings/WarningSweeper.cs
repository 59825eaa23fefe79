using Microsoft.Extensions.Options;
using PmoBot.Projects;
using PmoBot.Storage;

namespace PmoBot.Warnings;

/// <summary>
/// Evaluates every active project (and every project with an open warning) once per <see cref="WarningsOptions.SweepInterval"/>:
/// reviews only trigger the rules when something is recorded, but dates pass on their own (a milestone's baseline)
/// and a failed observer must be caught up. Also posts cards a crash left unposted and ends snoozes. Every instance
/// may sweep; each step is idempotent. The first sweep waits for start-up seeding (<see cref="SeedingReadiness"/>).
/// </summary>
public sealed partial class WarningSweeper(
    ProjectRegister register,
    WarningStore store,
    WarningMonitor monitor,
    StorageReadiness readiness,
    SeedingReadiness seeding,
    IOptions<WarningsOptions> options,
    TimeProvider time,
    ILogger<WarningSweeper> logger) : BackgroundService
{
    private const int Parallelism = 4;

    /// <summary>One sweep. Returns how many projects were evaluated.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var projects = await register.ListStoredAsync(cancellationToken);
        var withWarnings = (await store.ListOpenAsync(cancellationToken)).Select(e => e.ProjectCode).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var due = projects.Values.Select(p => p.Project).Where(p => p.Status == ProjectStatus.Active || withWarnings.Contains(p.Code)).ToList();
        var evaluated = 0;
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (project, token) =>
            {
                try
                {
                    await monitor.EvaluateAsync(project, token);
                    Interlocked.Increment(ref evaluated);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // One project's storage hiccup must not stop the others; the next sweep tries it again.
                    LogProjectFailed(ex, project.Code);
                }
            });

        foreach (var project in (await store.ListOpenAsync(cancellationToken)).GroupBy(e => e.ProjectCode, StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                await monitor.TidyAsync(project.Key, project.ToList(), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogProjectFailed(ex, project.Key);
            }
        }

        return evaluated;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SweepEnabled)
        {
            return;
        }

        try
        {
            await readiness.WaitAsync(stoppingToken);

            // The first sweep must see the demo's review history (it is written at start-up too); the next is a day away.
            await seeding.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var evaluated = await SweepOnceAsync(stoppingToken);
                    LogSwept(evaluated);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogSweepFailed(ex);
                }

                await Task.Delay(options.Value.SweepInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Early warnings swept: {Count} projects evaluated")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The early-warning sweep failed; retrying at the next one")]
    private partial void LogSweepFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Early warnings of {ProjectCode} could not be evaluated; the next sweep tries again")]
    private partial void LogProjectFailed(Exception exception, string projectCode);
}
