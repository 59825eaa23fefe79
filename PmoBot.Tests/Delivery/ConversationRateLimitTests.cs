using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

/// <summary>Deliveries to one conversation go at the pace Teams allows it, measured over real time: run alone.</summary>
[Collection(TimingSensitive.Name)]
public sealed class ConversationRateLimitTests : OutboxTest
{
    private const int Deliveries = 30;

    [Fact]
    public async Task Thirty_deliveries_to_one_conversation_arrive_within_teams_per_conversation_limits()
    {
        var channel = await Harness.ChannelAsync(Connector.ServiceUrl);
        var deliveries = await Task.WhenAll(Enumerable.Range(0, Deliveries).Select(i => Harness.EnqueueAsync(channel, $"Notice {i}")));

        await DeliveryHarness.RunAsync(
            [Harness.Worker(Sender)],
            () => Task.FromResult(Connector.RequestsTo(channel.ConversationId).Count >= Deliveries),
            TimeSpan.FromSeconds(30));

        var arrivals = Connector.RequestsTo(channel.ConversationId).Select(r => r.At).ToList();
        Assert.Equal(Deliveries, arrivals.Count);
        var timeline = string.Join(" ", arrivals.Order().Select(a => (int)a.TotalMilliseconds));
        Assert.True(SendWindows.MostInAnyWindow(arrivals, TimeSpan.FromSeconds(1)) <= 7, $"more than 7 in one second; arrivals (ms): {timeline}");
        Assert.True(SendWindows.MostInAnyWindow(arrivals, TimeSpan.FromSeconds(2)) <= 8, $"more than 8 in two seconds; arrivals (ms): {timeline}");
        // 8 in any two seconds makes about 7.5 s for 30; a post that waited for its message's visibility timeout
        // (30 s) instead of its turn would show here.
        Assert.True(arrivals.Max() - arrivals.Min() < TimeSpan.FromSeconds(15), $"the posts should go at the pace the limits allow; arrivals (ms): {timeline}");
        Assert.True(await Harness.AllFinalAsync(deliveries.Select(d => d.IdempotencyKey)), "every delivery should be recorded as final");
    }

    protected override void Configure(DeliveryOptions options) => options.VisibilityTimeout = TimeSpan.FromSeconds(30);
}
