namespace PmoBot.Reviews;

/// <summary>Calls every observer; one that fails is logged and the others still run, and the caller's work stands.</summary>
public static partial class ReviewObservers
{
    public static async Task NotifyAsync(IEnumerable<IReviewEventsObserver>? observers, Func<IReviewEventsObserver, Task> call, ILogger logger)
    {
        foreach (var observer in observers ?? [])
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
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Review observer {Observer} failed; the review itself is recorded")]
    private static partial void LogFailed(ILogger logger, Exception exception, string observer);
}
