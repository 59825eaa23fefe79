using System.Text.Json.Nodes;
using Moq;
using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

/// <summary>Throttling and transient failures are retried when Teams allows; other refusals are final.</summary>
public sealed class OutboxRetryTests : OutboxTest
{
    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_before_the_next_attempt()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        Connector.Script(chat.ConversationId, ScriptedAnswer.Throttled("1"));
        var delivery = await Harness.EnqueueAsync(chat);
        var beforeFirstAttempt = Harness.Time.GetUtcNow();

        Assert.Equal(DeliveryOutcome.Retrying, await Processor.ProcessAsync(Assert.Single(await Harness.ReceiveAsync()), None));
        var retrying = await Harness.RecordAsync(delivery.IdempotencyKey);
        var hiddenMeanwhile = await Harness.ReceiveAsync();
        await Harness.DrainAsync(Processor, delivery.IdempotencyKey);

        Assert.Equal((DeliveryStatus.Retrying, 429), (retrying.Status, retrying.LastStatusCode));
        Assert.True(retrying.NextAttemptAt >= beforeFirstAttempt + TimeSpan.FromSeconds(1), $"next attempt at {retrying.NextAttemptAt:O}, throttled after {beforeFirstAttempt:O}");
        Assert.Empty(hiddenMeanwhile);
        var requests = Connector.RequestsTo(chat.ConversationId);
        Assert.Equal([429, 201], requests.Select(r => r.Answer.Status));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(1), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
        var sent = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal((DeliveryStatus.Sent, 2, requests[1].SentActivityId), (sent.Status, sent.Attempts, sent.SentActivityId));
    }

    [Fact]
    public async Task A_429_holds_the_other_deliveries_to_that_conversation_until_its_retry_after()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        Connector.Script(chat.ConversationId, ScriptedAnswer.Throttled("1"));
        var throttled = await Harness.EnqueueAsync(chat);
        await Processor.ProcessAsync(Assert.Single(await Harness.ReceiveAsync()), None);

        var next = await Harness.EnqueueAsync(chat);
        await Harness.DrainAsync(Processor, throttled.IdempotencyKey, next.IdempotencyKey);

        var requests = Connector.RequestsTo(chat.ConversationId);
        Assert.Equal([429, 201, 201], requests.Select(r => r.Answer.Status));
        Assert.All(requests.Skip(1), r => Assert.True(r.At - requests[0].At >= TimeSpan.FromSeconds(1), $"sent {(r.At - requests[0].At).TotalMilliseconds} ms after the 429"));
    }

    [Theory]
    [InlineData(412)]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_transient_refusal_is_retried_until_it_goes_through(int status)
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        Connector.Script(chat.ConversationId, new ScriptedAnswer(status));
        var delivery = await Harness.EnqueueAsync(chat);

        await Harness.DrainAsync(Processor, delivery.IdempotencyKey);

        Assert.Equal([status, 201], Connector.RequestsTo(chat.ConversationId).Select(r => r.Answer.Status));
        var record = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal((DeliveryStatus.Sent, 2, 200), (record.Status, record.Attempts, record.LastStatusCode));
    }

    [Fact]
    public async Task A_400_is_final_and_recorded_with_its_status_and_reason()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        Connector.AlwaysAnswer(chat.ConversationId, new ScriptedAnswer(400, Message: "Activity is too large"));
        var delivery = await Harness.EnqueueAsync(chat);

        await Harness.DrainAsync(Processor, delivery.IdempotencyKey);

        var record = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal((DeliveryStatus.Failed, 400, "Activity is too large"), (record.Status, record.LastStatusCode, record.LastError));
        Assert.Single(Connector.RequestsTo(chat.ConversationId));
        Assert.Empty(await Harness.DeadLettersAsync());
        Assert.False((await Harness.Conversations.GetAsync(chat.Kind, chat.Key, None))!.IsUnreachable);
    }

    [Fact]
    public async Task A_retry_stays_hidden_in_the_queue_until_it_is_due()
    {
        var sender = new Mock<IConversationSender>();
        sender.SetupSequence(s => s.SendAsync(It.IsAny<ConversationAddress>(), It.IsAny<string?>(), It.IsAny<JsonObject?>(), It.IsAny<string?>(), It.IsAny<SendSlotSource>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DeliveryRejectedException(503, TimeSpan.FromSeconds(1.6), "busy"))
            .ReturnsAsync("sent-1");
        var delivery = await Harness.EnqueueAsync(await Harness.PersonalChatAsync(Connector.ServiceUrl));
        await Harness.Processor(sender.Object).ProcessAsync(Assert.Single(await Harness.ReceiveAsync()), None);
        var due = (await Harness.RecordAsync(delivery.IdempotencyKey)).NextAttemptAt!.Value;

        var visibleAt = await FirstVisibleAtAsync(TimeSpan.FromSeconds(5));

        Assert.True(visibleAt >= due - TimeSpan.FromMilliseconds(100), $"the message came back {(due - visibleAt).TotalMilliseconds:F0} ms before the retry was due");
    }

    private async Task<DateTimeOffset> FirstVisibleAtAsync(TimeSpan timeout)
    {
        var deadline = Harness.Time.GetUtcNow() + timeout;
        while (Harness.Time.GetUtcNow() < deadline)
        {
            if (await Harness.VisibleOutboxMessagesAsync() > 0)
            {
                return Harness.Time.GetUtcNow();
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The deferred message never became visible again.");
    }
}
