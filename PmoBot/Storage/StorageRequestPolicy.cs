using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace PmoBot.Storage;

/// <summary>
/// The retry and timeout every table and queue client uses (<see cref="StorageOptions"/>), and the one shape of
/// failure when storage does not answer. A try that gets no answer within <see cref="StorageOptions.RequestTimeout"/>
/// is not tried again (<see cref="StorageRetryPolicy"/>); the SDK's timeout (a <see cref="TaskCanceledException"/>
/// that looks like a cancelled turn) becomes a <see cref="RequestFailedException"/> without a status, as a refused
/// connection already is, so the person gets the storage apology and announcements a 503.
/// </summary>
public sealed class StorageRequestPolicy : HttpPipelinePolicy
{
    private readonly StorageOptions options;

    private StorageRequestPolicy(StorageOptions options) => this.options = options;

    public static T Configure<T>(T clientOptions, StorageOptions options)
        where T : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(clientOptions);
        ArgumentNullException.ThrowIfNull(options);
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        clientOptions.RetryPolicy = new StorageRetryPolicy(options.MaxRetries);
        clientOptions.AddPolicy(new StorageRequestPolicy(options), HttpPipelinePosition.PerCall);
        return clientOptions;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        ApplyWaitLimit(message);
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageRetryPolicy.TimedOut(ex, message))
        {
            throw NotAnswered(message, ex);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        ApplyWaitLimit(message);
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (Exception ex) when (StorageRetryPolicy.TimedOut(ex, message))
        {
            throw NotAnswered(message, ex);
        }
    }

    /// <summary>Someone waiting on a shorter clock (<see cref="StorageWaitLimit"/>) shortens each try's wait, never lengthens it.</summary>
    private void ApplyWaitLimit(HttpMessage message)
    {
        if (StorageWaitLimit.InForce is { } limit && limit < options.RequestTimeout)
        {
            message.NetworkTimeout = limit;
        }
    }

    /// <summary>Names the table or queue, never a row's keys or a message's id: logs say what, not whom.</summary>
    private RequestFailedException NotAnswered(HttpMessage message, Exception exception)
    {
        var path = "/" + message.Request.Uri.Path.TrimStart('/');
        var end = path.IndexOfAny(['(', '?']);
        path = end < 0 ? path : path[..end];
        var messages = path.IndexOf("/messages", StringComparison.Ordinal);
        path = messages < 0 ? path : path[..(messages + "/messages".Length)];
        return new RequestFailedException(
            0,
            string.Create(CultureInfo.InvariantCulture, $"Storage did not answer {message.Request.Method} {path} within {(message.NetworkTimeout ?? options.RequestTimeout).TotalSeconds:0.#} s."),
            exception);
    }
}

/// <summary>
/// The SDK's exponential retry (0.2, 0.4, 0.8 s, at most 1 s apart) for refused connections and the answers it
/// retries (408, 429, 5xx), except after a try that timed out. Such a request may have been carried out without its
/// answer arriving: an insert tried again would meet its own row (409, read as "already there"), a write under an ETag
/// its own change (412), so the person is told storage did not answer instead, and a storage account that answers
/// nothing costs one timeout, not four.
/// </summary>
public sealed class StorageRetryPolicy(int maxRetries)
    : RetryPolicy(maxRetries, DelayStrategy.CreateExponentialDelayStrategy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)))
{
    /// <summary>The try (or every try) ended in the SDK's network timeout, not in the caller's own cancellation.</summary>
    public static bool TimedOut(Exception exception, HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return !message.CancellationToken.IsCancellationRequested
            && (exception is OperationCanceledException
                || exception is AggregateException { InnerExceptions: var tries } && tries.Any(t => t is OperationCanceledException));
    }

    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        !(exception is not null && TimedOut(exception, message)) && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        exception is not null && TimedOut(exception, message) ? ValueTask.FromResult(false) : base.ShouldRetryAsync(message, exception);
}
