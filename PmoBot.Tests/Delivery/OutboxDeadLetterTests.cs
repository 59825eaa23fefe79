using System.Text.Json.Nodes;
using Moq;
using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

/// <summary>What cannot be delivered ends in the dead-letter queue and in <c>delivery status</c>, never silently dropped.</summary>
public sealed class OutboxDeadLetterTests : OutboxTest
{
    [Fact]
    public async Task A_delivery_refused_on_every_attempt_is_dead_lettered_after_max_attempts_and_reported()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        Connector.AlwaysAnswer(chat.ConversationId, new ScriptedAnswer(503, Message: "Service Unavailable"));
        var delivery = await Harness.EnqueueAsync(chat);

        var outcomes = await Harness.DrainAsync(Processor, delivery.IdempotencyKey);

        Assert.Equal(3, Connector.RequestsTo(chat.ConversationId).Count);
        Assert.Equal(DeliveryOutcome.DeadLettered, outcomes[^1]);
        var record = await Harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal((DeliveryStatus.Failed, 503), (record.Status, record.LastStatusCode));
        Assert.Contains("gave up after 3 attempts; last answer 503: Service Unavailable", record.LastError, StringComparison.Ordinal);
        var deadLetter = Assert.Single(await DeadLettersAsync());
        Assert.Equal(delivery.IdempotencyKey, KeyIn(deadLetter));
        Assert.Equal(record.LastError, deadLetter["Reason"]!.GetValue<string>());
        var report = await Harness.StatusQuery.GetAsync(None);
        Assert.Contains(report.Failures, f => f.IdempotencyKey == delivery.IdempotencyKey && f.StatusCode == 503 && f.Reason == record.LastError);
        Assert.Equal((0, 1), (report.QueueLength, report.DeadLetters));
    }

    [Fact]
    public async Task An_unreadable_queue_message_is_dead_lettered()
    {
        await Harness.OutboxQueue.SendMessageAsync("review prompt for PRJ-042, please");

        var outcomes = await Harness.DrainQueueAsync(Processor);

        Assert.Equal([DeliveryOutcome.DeadLettered], outcomes);
        var deadLetter = Assert.Single(await DeadLettersAsync());
        Assert.Equal("review prompt for PRJ-042, please", deadLetter["Message"]!.GetValue<string>());
        Assert.Equal("unreadable outbox message", deadLetter["Reason"]!.GetValue<string>());
        Assert.Equal(0, await Harness.VisibleOutboxMessagesAsync());
    }

    [Fact]
    public async Task A_queue_message_for_a_delivery_nobody_requested_is_dead_lettered()
    {
        var key = DeliveryHarness.FreshKey();
        await Harness.Queues.EnqueueAsync(key, null, None);

        await Harness.DrainQueueAsync(Processor);

        var deadLetter = Assert.Single(await DeadLettersAsync());
        Assert.Equal(key, KeyIn(deadLetter));
        Assert.Equal($"no delivery record for {key}", deadLetter["Reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_delivery_whose_sender_dies_on_every_attempt_is_dead_lettered_after_max_attempts()
    {
        var harness = await DeliveryHarness.CreateAsync(o => (o.VisibilityTimeout, o.MaxAttempts) = (TimeSpan.FromSeconds(1), 2));
        var crashing = new Mock<IConversationSender>();
        crashing.Setup(s => s.SendAsync(It.IsAny<ConversationAddress>(), It.IsAny<string?>(), It.IsAny<JsonObject?>(), It.IsAny<string?>(), It.IsAny<SendSlotSource>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("the sender died half way"));
        var delivery = await harness.EnqueueAsync(await harness.PersonalChatAsync(Connector.ServiceUrl));

        await DeliveryHarness.RunAsync([harness.Worker(crashing.Object)], () => harness.AllFinalAsync([delivery.IdempotencyKey]), TimeSpan.FromSeconds(15));

        var record = await harness.RecordAsync(delivery.IdempotencyKey);
        Assert.Equal(DeliveryStatus.Failed, record.Status);
        Assert.Contains("gave up after 2 attempts without a result", record.LastError, StringComparison.Ordinal);
        Assert.Single(await harness.DeadLettersAsync());
        crashing.Verify(s => s.SendAsync(It.IsAny<ConversationAddress>(), It.IsAny<string?>(), It.IsAny<JsonObject?>(), It.IsAny<string?>(), It.IsAny<SendSlotSource>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    protected override void Configure(DeliveryOptions options) => options.MaxAttempts = 3;

    private static string? KeyIn(JsonNode deadLetter) =>
        JsonNode.Parse(deadLetter["Message"]!.GetValue<string>())!["Key"]!.GetValue<string>();

    private async Task<IReadOnlyList<JsonNode>> DeadLettersAsync() =>
        (await Harness.DeadLettersAsync()).Select(body => JsonNode.Parse(body)!).ToList();
}
