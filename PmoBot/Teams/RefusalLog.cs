using Microsoft.Extensions.Options;

namespace PmoBot.Teams;

/// <summary>
/// Logs refused requests one line each, without a stack trace (a refusal is the client's doing, not a fault in
/// PmoBot), as warnings (errors only for PmoBot's own 5xx), and no more than
/// <see cref="MessagesEndpointOptions.RefusalLogLinesPerMinute"/> a minute. Past that, refusals are counted and
/// the count is logged when the minute is over, so whoever can reach the endpoint cannot flood the log.
/// </summary>
public sealed partial class RefusalLog(ILogger<RefusalLog> logger, IOptions<MessagesEndpointOptions> options, TimeProvider time) : IDisposable
{
    private const int MaxReasonLength = 300;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private DateTimeOffset windowEnd = DateTimeOffset.MinValue;
    private int logged;
    private int unlogged;
    private ITimer? flushAtWindowEnd;

    public void Refused(string clientAddress, string method, string path, Refusal refusal)
    {
        if (!TryCount(out var limitReached))
        {
            return;
        }

        var reason = OneLine(refusal.Reason);
        if (refusal.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            LogFailed(logger, refusal.StatusCode, method, OneLine(path), clientAddress, reason);
        }
        else
        {
            LogRefused(logger, refusal.StatusCode, method, OneLine(path), clientAddress, reason);
        }

        if (limitReached)
        {
            LogLimitReached(logger, options.Value.RefusalLogLinesPerMinute);
        }
    }

    /// <summary>An activity taken (answered 200) but not acted on, such as the bot's own message: one line within the same limit.</summary>
    public void Ignored(string clientAddress, string method, string path, string reason)
    {
        if (!TryCount(out var limitReached))
        {
            return;
        }

        var (cleanPath, cleanReason) = (OneLine(path), OneLine(reason));
        LogIgnored(logger, method, cleanPath, clientAddress, cleanReason);
        if (limitReached)
        {
            LogLimitReached(logger, options.Value.RefusalLogLinesPerMinute);
        }
    }

    /// <summary>Whether this minute may log one more line; when not, the request is counted for the minute's summary.</summary>
    private bool TryCount(out bool limitReached)
    {
        var limit = options.Value.RefusalLogLinesPerMinute;
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (now >= windowEnd)
            {
                FlushLocked();
                windowEnd = now + Window;
                logged = 0;
            }

            if (logged < limit)
            {
                logged++;
                limitReached = logged == limit;
                return true;
            }

            unlogged++;
            flushAtWindowEnd ??= time.CreateTimer(_ => Flush(), null, windowEnd - now, Timeout.InfiniteTimeSpan);
            limitReached = false;
            return false;
        }
    }

    public void Dispose() => flushAtWindowEnd?.Dispose();

    /// <summary>Request paths and token error messages come from the client: they must not start a log line of their own.</summary>
    private static string OneLine(string text)
    {
        var clean = new string([.. text.Take(MaxReasonLength).Select(c => char.IsControl(c) ? ' ' : c)]);
        return text.Length > MaxReasonLength ? clean + "..." : clean;
    }

    private void Flush()
    {
        lock (gate)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (unlogged > 0)
        {
            LogUnlogged(logger, unlogged, windowEnd - Window, windowEnd);
            unlogged = 0;
        }

        flushAtWindowEnd?.Dispose();
        flushAtWindowEnd = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {StatusCode} {Method} {Path} from {ClientAddress}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int statusCode, string method, string path, string clientAddress, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored {Method} {Path} from {ClientAddress} (answered 200): {Reason}")]
    private static partial void LogIgnored(ILogger logger, string method, string path, string clientAddress, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answered {StatusCode} to {Method} {Path} from {ClientAddress}: {Reason}")]
    private static partial void LogFailed(ILogger logger, int statusCode, string method, string path, string clientAddress, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Limit} refused requests logged this minute: the rest of the minute's are counted, not logged")]
    private static partial void LogLimitReached(ILogger logger, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} more refused requests between {From:u} and {To:u} were not logged")]
    private static partial void LogUnlogged(ILogger logger, int count, DateTimeOffset from, DateTimeOffset to);
}
