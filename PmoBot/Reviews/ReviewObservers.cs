namespace PmoBot.Reviews;

/// <summary>
/// Calls every observer; one that fails is logged and the others still run, and the caller's work stands. Observers
/// run side by side (each writes its own register), then those that read the others' registers, side by side too.
/// </summary>
public static partial class ReviewObservers
{
    public static async Task NotifyAsync(IEnumerable<IReviewEventsObserver>? observers, Func<IReviewEventsObserver, Task> call, ILogger logger)
    {
        var all = observers?.ToList() ?? [];
        await Task.WhenAll(all.Where(o => !o.ReadsOtherObserversRecords).Select(o => CallAsync(o, call, logger)));
        await Task.WhenAll(all.Where(o => o.ReadsOtherObserversRecords).Select(o => CallAsync(o, call, logger)));
    }

    private static async Task CallAsync(IReviewEventsObserver observer, Func<IReviewEventsObserver, Task> call, ILogger logger)
    {
        try
        {
            await call(observer);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, observer.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Review observer {Observer} failed; the review itself is recorded")]
    private static partial void LogFailed(ILogger logger, Exception exception, string observer);
}
