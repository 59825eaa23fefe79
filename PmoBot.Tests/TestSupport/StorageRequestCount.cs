using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// Counts the storage requests a client sends (added to its options with <c>AddPolicy</c>), or only those that
/// <c>matches</c> picks: how many round trips a piece of work costs.
/// </summary>
public sealed class StorageRequestCount(Func<Request, bool>? matches = null) : HttpPipelinePolicy
{
    private int count;

    public int Count => Volatile.Read(ref count);

    /// <summary>A client of the run's Azurite whose every request this counts.</summary>
    public TableServiceClient Service()
    {
        var options = new TableClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        return new TableServiceClient(AzuriteStorage.ConnectionString, options);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Counted(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Counted(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Counted(HttpMessage message)
    {
        if (matches is null || matches(message.Request))
        {
            Interlocked.Increment(ref count);
        }
    }
}
