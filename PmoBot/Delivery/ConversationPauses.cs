using PmoBot.Storage;

namespace PmoBot.Delivery;

/// <summary>
/// Holds a conversation Teams answered 429 for, so that the outbox's next send to it waits out the Retry-After rather
/// than be refused again: this instance at once (its <see cref="TeamsRateLimiter"/>), and every instance once the
/// conversation's shared row says so (<see cref="SharedConversationWindows"/>). The outbox's own sends pause here, and
/// so does a turn whose reply Teams throttled before the reply is handed to the outbox.
/// </summary>
public sealed partial class ConversationPauses(TeamsRateLimiter limiter, SharedConversationWindows windows, TimeProvider time, ILogger<ConversationPauses> logger)
{
    public async Task PauseAsync(string conversationId, TimeSpan retryAfter)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        if (retryAfter <= TimeSpan.Zero)
        {
            return;
        }

        limiter.Pause(conversationId, retryAfter, wholeApp: false);
        try
        {
            await windows.PauseAsync(conversationId, time.GetUtcNow() + retryAfter, CancellationToken.None);
        }
        catch (Exception ex) when (StorageFailure.IsTransient(ex) || ex is ConcurrencyConflictException)
        {
            // The others then learn of the throttle from Teams' own 429 answers; this instance is paused already.
            LogSharedPauseNotStored(logger, conversationId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record Teams' pause of {ConversationId} for the other instances ({Reason}); this instance holds it")]
    private static partial void LogSharedPauseNotStored(ILogger logger, string conversationId, string reason);
}
