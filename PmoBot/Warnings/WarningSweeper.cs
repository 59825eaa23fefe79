using Microsoft.Extensions.Options;
using PmoBot.Hosting;
using PmoBot.Projects;

namespace PmoBot.Warnings;

/// <summary>
/// Evaluates every active project (and every project with an open warning) once per <see cref="WarningsOptions.SweepInterval"/>:
/// reviews only trigger the rules when something is recorded, but dates pass on their own (a milestone's baseline)
/// and a failed observer must be caught up. Also posts cards a crash left unposted and ends snoozes. Every instance
/// may sweep; each step is idempotent. The first sweep must see the demo's review history, written at start-up too, so
/// it waits for seeding; the next is a day away.
/// </summary>
public sealed partial class WarningSweeper(
    ProjectRegister register,
    WarningStore store,
    WarningMonitor monitor,
    IOptions<WarningsOptions> options,
    ILogger<WarningSweeper> logger) : ISweep
{
    private const int Parallelism = 4;

    public TimeSpan Interval => options.Value.SweepInterval;

    public bool Enabled => options.Value.SweepEnabled;

    public SweepStart Start => SweepStart.AfterSeeding;

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

        LogSwept(evaluated);
        return evaluated;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Early warnings swept: {Count} projects evaluated")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Early warnings of {ProjectCode} could not be evaluated; the next sweep tries again")]
    private partial void LogProjectFailed(Exception exception, string projectCode);
}
