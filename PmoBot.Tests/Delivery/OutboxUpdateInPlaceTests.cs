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

    [Fact]
    public async Task A_newer_version_waits_while_an_older_one_is_on_its_way_so_the_newer_card_lands_last()
    {
        var channel = await Harness.ChannelAsync(Connector.ServiceUrl);
        var alert = await Harness.EnqueueAsync(channel, "Early warning: CPI 0.82 on PRJ-042");
        await Harness.DrainAsync(Processor, alert.IdempotencyKey);
        DeliveryRequest Version(int version, string text) =>
            new(DeliveryHarness.FreshKey("alert-v"), DeliveryHarness.TargetOf(channel), text, AdaptiveCard.Create([AdaptiveCard.Text(text)]), alert.IdempotencyKey, version);
        var older = await Harness.Outbox.EnqueueAsync(Version(2, "Acknowledged by Patti"), None);
        var newer = await Harness.Outbox.EnqueueAsync(Version(3, "Acknowledged by Patti and Alex"), None);
        var messages = (await Harness.ReceiveAsync()).ToDictionary(m => m.Body.ToString().Contains(older.IdempotencyKey, StringComparison.Ordinal) ? "older" : "newer");

        // Two senders took one version each; the older one's edit is slow on the network.
        var olderOnTheWay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letOlderArrive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Connector.OnTheWay = async (method, body) =>
        {
            if (method == "PUT" && body.ToJsonString().Contains("by Patti\"", StringComparison.Ordinal))
            {
                olderOnTheWay.TrySetResult();
                await letOlderArrive.Task;
            }
        };
        var sendingOlder = Processor.ProcessAsync(messages["older"], None);
        await olderOnTheWay.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DeliveryOutcome.Deferred, await Processor.ProcessAsync(messages["newer"], None));
        Assert.DoesNotContain(Connector.RequestsTo(channel.ConversationId), r => r.Method == "PUT");

        letOlderArrive.SetResult();
        Assert.Equal(DeliveryOutcome.Sent, await sendingOlder);
        await Harness.DrainAsync(Processor, newer.IdempotencyKey);

        var edits = Connector.RequestsTo(channel.ConversationId).Where(r => r.Method == "PUT").Select(r => r.Body.ToJsonString()).ToList();
        Assert.Equal(2, edits.Count);
        Assert.Contains("Acknowledged by Patti and Alex", edits[^1], StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(newer.IdempotencyKey)).Status);
        var original = await Harness.RecordAsync(alert.IdempotencyKey);
        Assert.Equal(3, original.NewestVersionSent);
        Assert.Null(original.UpdateSending);
    }

    [Fact]
    public async Task A_version_whose_sender_stopped_mid_send_holds_nothing_back()
    {
        var channel = await Harness.ChannelAsync(Connector.ServiceUrl);
        var alert = await Harness.EnqueueAsync(channel, "Early warning: CPI 0.82 on PRJ-042");
        await Harness.DrainAsync(Processor, alert.IdempotencyKey);
        var stopped = await Harness.Outbox.EnqueueAsync(new DeliveryRequest(DeliveryHarness.FreshKey("alert-v"), DeliveryHarness.TargetOf(channel), "v2", null, alert.IdempotencyKey, 2), None);

        // The sender that took version 2 claimed the card and stopped before its request: its lease has run out.
        var expired = Harness.Time.GetUtcNow().AddMinutes(-1);
        await Harness.Deliveries.TryUpdateAsync(stopped.IdempotencyKey, r => r with { Status = DeliveryStatus.Sending, LeaseUntil = expired }, None);
        await Harness.Deliveries.TryUpdateAsync(alert.IdempotencyKey, r => r with { UpdateSending = stopped.IdempotencyKey }, None);

        var newer = await Harness.Outbox.EnqueueAsync(new DeliveryRequest(DeliveryHarness.FreshKey("alert-v"), DeliveryHarness.TargetOf(channel), "Acknowledged by Alex", AdaptiveCard.Create([AdaptiveCard.Text("Acknowledged by Alex")]), alert.IdempotencyKey, 3), None);
        await Harness.DrainAsync(Processor, newer.IdempotencyKey);

        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(newer.IdempotencyKey)).Status);
        Assert.Contains("Acknowledged by Alex", Connector.RequestsTo(channel.ConversationId).Last(r => r.Method == "PUT").Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_version_is_dropped_when_the_newer_one_has_landed_but_not_yet_been_recorded_on_the_card()
    {
        var channel = await Harness.ChannelAsync(Connector.ServiceUrl);
        var alert = await Harness.EnqueueAsync(channel, "Early warning: CPI 0.82 on PRJ-042");
        await Harness.DrainAsync(Processor, alert.IdempotencyKey);
        DeliveryRequest Version(int version) =>
            new(DeliveryHarness.FreshKey("alert-v"), DeliveryHarness.TargetOf(channel), $"v{version}", AdaptiveCard.Create([AdaptiveCard.Text($"v{version}")]), alert.IdempotencyKey, version);

        // Version 3's sender saved it sent and stopped before recording it on the card: the claim still names it.
        var newer = await Harness.Outbox.EnqueueAsync(Version(3), None);
        await Harness.Deliveries.TryUpdateAsync(newer.IdempotencyKey, r => r with { Status = DeliveryStatus.Sent }, None);
        await Harness.Deliveries.TryUpdateAsync(alert.IdempotencyKey, r => r with { UpdateSending = newer.IdempotencyKey }, None);
        var older = await Harness.Outbox.EnqueueAsync(Version(2), None);
        await Harness.DrainAsync(Processor, older.IdempotencyKey);

        var dropped = await Harness.RecordAsync(older.IdempotencyKey);
        Assert.Equal((DeliveryStatus.Dropped, "Not sent: version 3 of the message was sent first, and this version 2 would undo it."), (dropped.Status, dropped.LastError));
        Assert.DoesNotContain(Connector.RequestsTo(channel.ConversationId), r => r.Method == "PUT");

        // Its twin: a version newer than the one that holds the claim is sent.
        var newest = await Harness.Outbox.EnqueueAsync(Version(4), None);
        await Harness.DrainAsync(Processor, newest.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(newest.IdempotencyKey)).Status);
        Assert.Contains("\"v4\"", Assert.Single(Connector.RequestsTo(channel.ConversationId), r => r.Method == "PUT").Body.ToJsonString(), StringComparison.Ordinal);
    }
}
