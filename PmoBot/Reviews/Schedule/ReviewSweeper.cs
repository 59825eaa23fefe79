using Microsoft.Extensions.Options;
using PmoBot.Storage;

namespace PmoBot.Reviews.Schedule;

/// <summary>
/// Hands due reviews over to the check-in. Every <see cref="ReviewsOptions.SweepInterval"/> it reads what is due
/// from the index, hands each entry to <see cref="IReviewDueHandler"/>, files the next week's opening after an
/// opening, and only then removes the entry: a crash or a failing entry leaves it for the next sweep, and two
/// instances sweeping at once may hand an entry over twice (the handler is idempotent) but never lose one. Every PM
/// of an active project is (re)scheduled at start and hourly.
/// </summary>
public sealed partial class ReviewSweeper(
    ReviewDueIndex index,
    ReviewScheduler scheduler,
    IServiceScopeFactory scopes,
    StorageReadiness readiness,
    IOptions<ReviewsOptions> options,
    TimeProvider time,
    ILogger<ReviewSweeper> logger) : BackgroundService
{
    public const int MaxPerSweep = 500;

    public static readonly TimeSpan ReconcileInterval = TimeSpan.FromHours(1);

    /// <summary>Entries handed over at once: a Monday 09:00 with thousands of PMs in one zone must not take minutes.</summary>
    private const int Parallelism = 8;

    private int missingHandlerLogged;

    /// <summary>One sweep: hands over what is due now. Returns how many entries were handed over.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken) => (await SweepAsync(cancellationToken)).HandedOver;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WaitAsync(stoppingToken);
            await Task.WhenAll(ReconcileLoopAsync(stoppingToken), SweepLoopAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task ReconcileLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = ReconcileInterval;
            try
            {
                var checkedCount = await scheduler.ReconcileAsync(stoppingToken);
                LogReconciled(checkedCount);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Storage is down or the register unreadable: try again at the next tick rather than in an hour.
                LogReconcileFailed(ex);
                wait = options.Value.SweepInterval;
            }

            await Task.Delay(wait, time, stoppingToken);
        }
    }

    private async Task SweepLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                var result = await SweepAsync(stoppingToken);

                // A full batch that went through cleanly means more may be due: sweep again without waiting.
                full = result.Listed == MaxPerSweep && result.Failed == 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(ex);
            }

            if (!full)
            {
                await Task.Delay(options.Value.SweepInterval, time, stoppingToken);
            }
        }
    }

    private async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetService<IReviewDueHandler>();
        if (handler is null)
        {
            if (Interlocked.Exchange(ref missingHandlerLogged, 1) == 0)
            {
                LogNoHandler();
            }

            return new SweepResult(0, 0, 0);
        }

        var due = await index.ListDueAsync(time.GetUtcNow(), MaxPerSweep, cancellationToken);
        var handedOver = 0;
        var failed = 0;
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                try
                {
                    if (await HandOverAsync(handler, entry, token))
                    {
                        Interlocked.Increment(ref handedOver);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // The entry stays in the index and comes back at the next sweep.
                    Interlocked.Increment(ref failed);
                    LogEntryFailed(ex, entry.Kind, entry.UserKey, entry.Period.ToString(), entry.DueAt);
                }
            });
        return new SweepResult(due.Count, handedOver, failed);
    }

    /// <returns>True when the entry was handed to the handler; false when the schedule refiled or dropped it.</returns>
    private async Task<bool> HandOverAsync(IReviewDueHandler handler, ReviewDueEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Kind == ReviewDueKind.Open && await scheduler.CheckOpeningAsync(entry, cancellationToken) != OpeningCheck.Open)
        {
            return false;
        }

        await handler.HandleAsync(entry, cancellationToken);
        if (entry.Kind == ReviewDueKind.Open)
        {
            await scheduler.ScheduleNextAsync(entry.UserKey, entry.DueAt, cancellationToken);
        }

        await index.RemoveAsync(entry, cancellationToken);
        return true;
    }

    private sealed record SweepResult(int Listed, int HandedOver, int Failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review schedules reconciled: {Count} project managers checked")]
    private partial void LogReconciled(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review schedules could not be reconciled; retrying at the next sweep")]
    private partial void LogReconcileFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The due-review index could not be swept; retrying at the next sweep")]
    private partial void LogSweepFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Due review {Kind} of {UserKey} for {Period} (due {DueAt:o}) failed; it stays for the next sweep")]
    private partial void LogEntryFailed(Exception exception, ReviewDueKind kind, string userKey, string period, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No IReviewDueHandler is registered: due reviews stay in the index until one is")]
    private partial void LogNoHandler();
}
