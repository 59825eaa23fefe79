using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace PmoBot.Teams;

/// <summary>
/// The rate limiter policy on the messaging endpoint. It counts requests that failed authentication, per client
/// address, and answers 429 once an address has failed <see cref="MessagesEndpointOptions.FailedAuthenticationLimit"/>
/// times within <see cref="MessagesEndpointOptions.FailedAuthenticationWindow"/>. Authenticated requests fall in a
/// partition without a limit, so Teams' traffic is never limited, even from an address that also sends bad tokens:
/// the limiter runs after <see cref="IncomingActivityMiddleware"/> has authenticated the request.
/// </summary>
public sealed class FailedAuthenticationLimiter(IOptions<MessagesEndpointOptions> options) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "failed-bot-authentication";

    // Address partitions are never empty, so the unlimited partition cannot collide with one.
    private const string NotCounted = "";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, _) =>
    {
        TimeSpan? retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        await RefusalResponse.WriteAsync(
            context.HttpContext,
            new Refusal(StatusCodes.Status429TooManyRequests, "Too many requests from this address failed authentication; wait before trying again."),
            retryAfter);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (httpContext.Features.Get<IncomingActivity>()?.Authentication.FailedAuthentication != true)
        {
            return RateLimitPartition.GetNoLimiter(NotCounted);
        }

        var limits = options.Value;
        return RateLimitPartition.GetFixedWindowLimiter(ClientAddress.PartitionKey(httpContext), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.FailedAuthenticationLimit,
            Window = limits.FailedAuthenticationWindow,
            QueueLimit = 0,
        });
    }
}
