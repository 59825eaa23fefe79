using PmoBot.Cards;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

public sealed class OutboxUpdateInPlaceTests : OutboxTest
{
    [Fact]
    public async Task A_delivery_that_replaces_a_sent_card_updates_that_activity_instead_of_posting()
    {
        var channel = await Harness.ChannelAsync(Connector.ServiceUrl);
        var alert = await Harness.EnqueueAsync(channel, "Early warning: CPI 0.82 on PRJ-042");
        await Harness.DrainAsync(Processor, alert.IdempotencyKey);
        var posted = (await Harness.RecordAsync(alert.IdempotencyKey)).SentActivityId;

        var acknowledged = await Harness.Outbox.EnqueueAsync(
            new DeliveryRequest(DeliveryHarness.FreshKey("alert-ack"), DeliveryHarness.TargetOf(channel), "Acknowledged", AdaptiveCard.Create([AdaptiveCard.Text("Acknowledged by Patti")]), alert.IdempotencyKey),
            None);
        await Harness.DrainAsync(Processor, acknowledged.IdempotencyKey);

        var requests = Connector.RequestsTo(channel.ConversationId);
        Assert.Equal(["POST", "PUT"], requests.Select(r => r.Method));
        Assert.Equal(posted, requests[0].SentActivityId);
        Assert.Equal(posted, requests[1].ActivityId);
        Assert.Contains("Acknowledged by Patti", requests[1].Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(posted, (await Harness.RecordAsync(acknowledged.IdempotencyKey)).SentActivityId);
    }
}
