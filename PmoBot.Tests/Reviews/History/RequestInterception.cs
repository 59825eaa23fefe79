using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using PmoBot.Reviews.History;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Reviews.History;

/// <summary>
/// Runs <c>interlude</c> once, just before the first storage request that <c>matches</c> is sent: a race made to
/// happen at one exact point (another writer gets in between a read and a write) instead of hoped for.
/// </summary>
public sealed class RequestInterception(Func<Request, bool> matches, Func<Task> interlude) : HttpPipelinePolicy
{
    private int fired;

    public bool Fired => fired == 1;

    /// <summary>A <see cref="ReviewHistory"/> whose storage requests pass through <paramref name="interception"/>.</summary>
    public static ReviewHistory HistoryThrough(RequestInterception interception, TimeProvider time)
    {
        var options = new TableClientOptions();
        options.AddPolicy(interception, HttpPipelinePosition.PerCall);
        var service = new TableServiceClient(AzuriteStorage.ConnectionString, options);
        return new ReviewHistory(new ReviewHistoryStore(service), new LatestStatusStore(service), new MissedReviewStore(service), time);
    }

    /// <summary>A write (insert, replace or upsert) of a row of <paramref name="table"/>.</summary>
    public static Func<Request, bool> WriteTo(string table) =>
        request => (request.Method == RequestMethod.Put || request.Method == RequestMethod.Post)
            && request.Uri.Path.Contains($"/{table}", StringComparison.Ordinal);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await BeforeAsync(message);
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The stores call storage asynchronously only.");

    private async Task BeforeAsync(HttpMessage message)
    {
        if (matches(message.Request) && Interlocked.CompareExchange(ref fired, 1, 0) == 0)
        {
            await interlude();
        }
    }
}
