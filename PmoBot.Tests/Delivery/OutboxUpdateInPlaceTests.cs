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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_older_version_that_reaches_a_sender_after_a_newer_one_was_sent_is_dropped_and_in_order_both_are_sent(bool newerFirst)
    {
        var channel = await Harness.ChannelAsync(Connector.ServiceUrl);
        var alert = await Harness.EnqueueAsync(channel, "Early warning: CPI 0.82 on PRJ-042");
        await Harness.DrainAsync(Processor, alert.IdempotencyKey);
        var posted = (await Harness.RecordAsync(alert.IdempotencyKey)).SentActivityId;
        DeliveryRequest Version(int version, string text) =>
            new(DeliveryHarness.FreshKey("alert-v"), DeliveryHarness.TargetOf(channel), text, AdaptiveCard.Create([AdaptiveCard.Text(text)]), alert.IdempotencyKey, version);

        // Queued newest first, as two instances whose clocks differ can: the card's version decides, not the time.
        var newer = await Harness.Outbox.EnqueueAsync(Version(3, "Booked for Monday 10:00"), None);
        var older = await Harness.Outbox.EnqueueAsync(Version(2, "Booking a review meeting"), None);

        // Two senders, or a retry after a 429, can take the versions in either order.
        var messages = (await Harness.ReceiveAsync()).ToDictionary(m => m.Body.ToString().Contains(older.IdempotencyKey, StringComparison.Ordinal) ? "older" : "newer");
        foreach (var which in newerFirst ? new[] { "newer", "older" } : ["older", "newer"])
        {
            await Processor.ProcessAsync(messages[which], None);
        }

        var edits = Connector.RequestsTo(channel.ConversationId).Where(r => r.Method == "PUT").ToList();
        Assert.All(edits, e => Assert.Equal(posted, e.ActivityId));
        Assert.Contains("Booked for Monday 10:00", edits[^1].Body.ToJsonString(), StringComparison.Ordinal);
        var olderRecord = await Harness.RecordAsync(older.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(newer.IdempotencyKey)).Status);
        if (newerFirst)
        {
            Assert.Single(edits);
            Assert.Equal(DeliveryStatus.Dropped, olderRecord.Status);
            Assert.Equal("Not sent: version 3 of the message was sent first, and this version 2 would undo it.", olderRecord.LastError);
        }
        else
        {
            Assert.Equal(2, edits.Count);
            Assert.Contains("Booking a review meeting", edits[0].Body.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal(DeliveryStatus.Sent, olderRecord.Status);
        }
    }
}
