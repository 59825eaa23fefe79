using Microsoft.Extensions.Options;

namespace PmoBot.Delivery;

/// <summary>Which refusals are worth another attempt, and when.</summary>
public sealed class DeliveryRetryPolicy(IOptions<DeliveryOptions> options)
{
    /// <summary>Throttled, precondition failed (Teams' transient 412), gateway errors, server errors, or no answer at all.</summary>
    public static bool IsTransient(int statusCode) => statusCode is 0 or 408 or 412 or 429 or >= 500 and not 501 and not 505;

    /// <summary>The user blocked the bot or removed it, or the conversation no longer exists: stop until they return.</summary>
    public static bool MeansUnreachable(int statusCode) => statusCode is 403 or 404;

    /// <summary>Retry-After when Teams sent one; otherwise exponential backoff with full jitter.</summary>
    public TimeSpan DelayBeforeAttempt(int attemptsSoFar, TimeSpan? retryAfter)
    {
        if (retryAfter is { } told && told > TimeSpan.Zero)
        {
            return told;
        }

        var settings = options.Value;
        var exponential = settings.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attemptsSoFar - 1));
        var capped = Math.Min(exponential, settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
