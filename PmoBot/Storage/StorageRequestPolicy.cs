using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace PmoBot.Storage;

/// <summary>
/// The retry and timeout every table and queue client uses (<see cref="StorageOptions"/>), and the one shape of
/// failure when storage does not answer: the SDK ends its tries with timeouts (a <see cref="TaskCanceledException"/>,
/// or an <see cref="AggregateException"/> of them) that look like a cancelled turn. This policy, outside the retries,
/// turns them into a <see cref="RequestFailedException"/> without a status, as a refused connection already is, so the
/// person gets the storage apology and announcements a 503, instead of a generic failure.
/// </summary>
public sealed class StorageRequestPolicy(StorageOptions options) : HttpPipelinePolicy
{
    public static T Configure<T>(T clientOptions, StorageOptions options)
        where T : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(clientOptions);
        ArgumentNullException.ThrowIfNull(options);
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        clientOptions.AddPolicy(new StorageRequestPolicy(options), HttpPipelinePosition.PerCall);
        return clientOptions;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        catch (Exception ex) when (TimedOut(ex, message))
        {
            throw NotAnswered(message, ex);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (Exception ex) when (TimedOut(ex, message))
        {
            throw NotAnswered(message, ex);
        }
    }

    /// <summary>Every try ended in a timeout, not in the caller's own cancellation.</summary>
    private static bool TimedOut(Exception exception, HttpMessage message) =>
        !message.CancellationToken.IsCancellationRequested
        && (exception is OperationCanceledException
            || exception is AggregateException { InnerExceptions: var tries } && tries.Any(t => t is OperationCanceledException));

    private RequestFailedException NotAnswered(HttpMessage message, Exception exception) =>
        new(0, $"Storage did not answer {message.Request.Method} {message.Request.Uri.Host}:{message.Request.Uri.Port}{message.Request.Uri.Path} within {options.RequestTimeout.TotalSeconds:0.#} s in {options.MaxRetries + 1} tries.", exception);
}
