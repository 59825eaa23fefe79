using System.Net;

namespace PmoBot.Teams;

/// <summary>
/// Sends a turn's own requests to Teams again when Teams throttles them (429) or its gateway fails transiently (412,
/// 502, 503, 504), waiting as long as Retry-After says, within a budget the turn can afford: a reply refused once is
/// otherwise lost, and the user sees nothing. The outbox's sends are left alone: they take rate slots, pause the whole
/// conversation on a 429 and retry from the queue, durably. Each attempt to post or update an activity gets the
/// turn's limit (<see cref="LimitEachSend"/>): one that Teams does not answer in time ends in
/// <see cref="TurnReplyTimeoutException"/> and is not sent again here, since it may have arrived.
/// </summary>
public sealed partial class TurnReplyRetryHandler(TimeProvider time, ILogger<TurnReplyRetryHandler> logger) : DelegatingHandler
{
    /// <summary>Attempts in all, the first included.</summary>
    public const int MaxAttempts = 4;

    /// <summary>
    /// The most a turn waits in all. Teams gives a message's HTTP request about 15 seconds; a Retry-After longer than
    /// what is left is not waited for (the refusal goes back to the turn, which apologises).
    /// </summary>
    public static readonly TimeSpan MaxTotalWait = TimeSpan.FromSeconds(8);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);

    private static readonly AsyncLocal<TimeSpan?> SendLimit = new();

    /// <summary>
    /// Until disposed, each request of the calling asynchronous flow that posts or updates an activity is given up on
    /// after <paramref name="limit"/> (set for a turn by the messages endpoint, from <see cref="TurnReplyOptions"/>).
    /// </summary>
    public static IDisposable LimitEachSend(TimeSpan limit)
    {
        var previous = SendLimit.Value;
        SendLimit.Value = limit;
        return new RestoreLimit(previous);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (ConnectorSendSlotHandler.IsOutboxSend || !IsRepeatable(request))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            var response = await SendOnceAsync(request, cancellationToken);
            if (!IsTransient(response.StatusCode) || attempt == MaxAttempts)
            {
                return response;
            }

            var wait = WaitBefore(attempt, response);
            if (waited + wait > MaxTotalWait)
            {
                LogGaveUp(logger, (int)response.StatusCode, request.Method.Method, PathOf(request), wait.TotalSeconds);
                return response;
            }

            LogRetrying(logger, (int)response.StatusCode, request.Method.Method, PathOf(request), wait.TotalSeconds, attempt + 1);
            response.Dispose();
            waited += wait;
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (SendLimit.Value is not { } limit || !ConnectorSendSlotHandler.CarriesActivity(request))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await base.SendAsync(request, linked.Token);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TurnReplyTimeoutException(limit, ex);
        }
    }

    internal static bool IsTransient(HttpStatusCode status) => (int)status is 412 or 429 or 502 or 503 or 504;

    /// <summary>Reads are safe to repeat; so is posting or replacing an activity Teams refused, as it did not take it.</summary>
    private static bool IsRepeatable(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || ConnectorSendSlotHandler.CarriesActivity(request);

    private static TimeSpan WaitBefore(int attempt, HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta && delta > TimeSpan.Zero)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date && date - DateTimeOffset.UtcNow is { } until && until > TimeSpan.Zero)
        {
            return until;
        }

        // No Retry-After: exponential backoff with jitter, so two turns refused together do not come back together.
        var exponential = FirstBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(exponential * (0.75 + (Random.Shared.NextDouble() / 2)));
    }

    /// <summary>The path without the host: a conversation id says where; the query never holds anything needed here.</summary>
    private static string PathOf(HttpRequestMessage request) => request.RequestUri?.AbsolutePath ?? string.Empty;

    private sealed class RestoreLimit(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => SendLimit.Value = previous;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams answered {Status} to {Method} {Path}; sending it again in {WaitSeconds:0.#} s (attempt {Attempt})")]
    private static partial void LogRetrying(ILogger logger, int status, string method, string path, double waitSeconds, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams answered {Status} to {Method} {Path} and asked for a wait of {WaitSeconds:0.#} s, longer than the turn has left; the turn gets the refusal")]
    private static partial void LogGaveUp(ILogger logger, int status, string method, string path, double waitSeconds);
}
