using Azure.Storage.Queues.Models;
using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

/// <summary>The queue delivers at least once; the delivery record makes the effect exactly once.</summary>
public sealed class OutboxRedeliveryTests : OutboxTest
{
    [Fact]
    public async Task A_queue_message_handed_out_again_after_the_send_does_not_send_again()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        var delivery = await Harness.EnqueueAsync(chat);
        var message = Assert.Single(await Harness.ReceiveAsync());
        Assert.Equal(DeliveryOutcome.Sent, await Processor.ProcessAsync(message, None));

        await Harness.Queues.EnqueueAsync(delivery.IdempotencyKey, null, None);
        var outcomes = await Harness.DrainQueueAsync(Processor);

        Assert.Equal([DeliveryOutcome.AlreadyHandled], outcomes);
        Assert.Single(Connector.RequestsTo(chat.ConversationId));
        Assert.Equal(0, await Harness.VisibleOutboxMessagesAsync());
    }

    [Fact]
    public async Task A_message_that_reappears_while_a_slow_sender_still_holds_it_is_sent_once()
    {
        var (chat, delivery, slowCopy, reappeared) = await ReappearedWhileHeldAsync();

        // Whether the stale copy's delete fails is the next test's concern; this one counts sends.
        await Record.ExceptionAsync(() => Processor.ProcessAsync(slowCopy, None));
        var otherOutcome = await Harness.Processor(Sender).ProcessAsync(reappeared, None);

        Assert.Equal(DeliveryOutcome.AlreadyHandled, otherOutcome);
        Assert.Single(Connector.RequestsTo(chat.ConversationId));
        Assert.Equal(DeliveryStatus.Sent, (await Harness.RecordAsync(delivery.IdempotencyKey)).Status);
        Assert.Equal(0, await Harness.VisibleOutboxMessagesAsync());
    }

    [Fact]
    public async Task A_slow_sender_whose_message_was_handed_to_another_still_reports_its_send()
    {
        var (_, _, slowCopy, _) = await ReappearedWhileHeldAsync();

        Assert.Equal(DeliveryOutcome.Sent, await Processor.ProcessAsync(slowCopy, None));
    }

    [Fact]
    public async Task Enqueueing_the_same_key_twice_sends_once_and_again_after_it_was_sent_sends_nothing()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        var request = new DeliveryRequest(DeliveryHarness.FreshKey("review-prompt"), DeliveryHarness.TargetOf(chat), "Your weekly review is due");

        await Harness.Outbox.EnqueueAsync(request, None);
        await Harness.Outbox.EnqueueAsync(request with { Text = "A second wording" }, None);
        await Harness.DrainQueueAsync(Processor);
        var afterSent = await Harness.Outbox.EnqueueAsync(request, None);
        await Harness.DrainQueueAsync(Processor);

        var sent = Assert.Single(Connector.RequestsTo(chat.ConversationId));
        Assert.Equal("Your weekly review is due", sent.Text);
        Assert.Equal(DeliveryStatus.Sent, afterSent.Status);
        Assert.Equal(0, await Harness.VisibleOutboxMessagesAsync());
    }

    [Fact]
    public async Task Copies_of_one_delivery_processed_at_the_same_moment_by_two_instances_send_once()
    {
        var chats = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => Harness.PersonalChatAsync(Connector.ServiceUrl)));
        foreach (var chat in chats)
        {
            var delivery = await Harness.EnqueueAsync(chat);
            await Harness.Queues.EnqueueAsync(delivery.IdempotencyKey, null, None);
        }

        var otherInstance = Harness.Processor(Sender);
        var messages = (await Harness.Queues.ReceiveAsync(32, TimeSpan.FromSeconds(30), None))
            .GroupBy(OutboxQueues.KeyOf)
            .Select(copies => copies.ToList())
            .ToList();
        await Task.WhenAll(messages.Select(copies => Task.WhenAll(
            Processor.ProcessAsync(copies[0], None),
            otherInstance.ProcessAsync(copies[1], None))));

        Assert.Equal(15, messages.Count(copies => copies.Count == 2));
        Assert.All(chats, chat => Assert.Single(Connector.RequestsTo(chat.ConversationId)));
    }

    /// <summary>A sender receives the message and stalls past its visibility timeout; the queue hands it to another receiver.</summary>
    private async Task<(ConversationAddress Chat, DeliveryRecord Delivery, QueueMessage SlowCopy, QueueMessage Reappeared)> ReappearedWhileHeldAsync()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        var delivery = await Harness.EnqueueAsync(chat);
        var slowCopy = Assert.Single(await Harness.Queues.ReceiveAsync(1, TimeSpan.FromSeconds(1), None));
        return (chat, delivery, slowCopy, await ReceiveAgainAsync());
    }

    private async Task<QueueMessage> ReceiveAgainAsync()
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            if ((await Harness.ReceiveAsync()) is [var message])
            {
                return message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The message did not reappear after its visibility timeout.");
    }
}
