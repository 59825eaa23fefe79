using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

/// <summary>
/// The sender loops of one instance: prefetch, settling in the background, parking short waits, stopping. They time
/// gaps of a fraction of a second (a retry within 900 ms), so they run with the other timing-sensitive tests, alone.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class SenderWorkerTests : OutboxTest
{
    [Fact]
    public async Task A_slow_queue_does_not_hold_up_sending_while_messages_are_settled_in_the_background()
    {
        var harness = await DeliveryHarness.CreateAsync(o => (o.Senders, o.VisibilityTimeout, o.Prefetch) = (2, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)));
        var chats = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => harness.PersonalChatAsync(Connector.ServiceUrl)));
        var deliveries = await Task.WhenAll(chats.Select(chat => harness.EnqueueAsync(chat)));
        var slowDeletes = new QueueClientOptions();
        slowDeletes.AddPolicy(new SlowRequests(request => request.Method == RequestMethod.Delete, TimeSpan.FromSeconds(2)), HttpPipelinePosition.PerCall);
        var keys = deliveries.Select(d => d.IdempotencyKey).ToList();
        var started = harness.Time.GetTimestamp();
        TimeSpan? allSentAfter = null;

        await DeliveryHarness.RunAsync(
            [harness.Worker(Sender, slowDeletes)],
            async () =>
            {
                allSentAfter ??= await harness.AllFinalAsync(keys) ? harness.Time.GetElapsedTime(started) : null;
                return allSentAfter is not null && await harness.VisibleOutboxMessagesAsync() == 0;
            },
            TimeSpan.FromSeconds(20));

        // Two senders that waited for each 2 s delete would need 12 s for twelve deliveries.
        Assert.NotNull(allSentAfter);
        Assert.True(allSentAfter < TimeSpan.FromSeconds(4), $"every delivery should be sent while the deletes are still going; took {allSentAfter}");
        Assert.All(chats, chat => Assert.Single(Connector.RequestsTo(chat.ConversationId)));
    }

    [Fact]
    public async Task A_retry_due_in_a_moment_waits_in_the_process_not_a_whole_second_in_the_queue()
    {
        var chat = await Harness.PersonalChatAsync(Connector.ServiceUrl);
        Connector.Script(chat.ConversationId, new ScriptedAnswer(503));
        await Harness.EnqueueAsync(chat);

        await DeliveryHarness.RunAsync(
            [Harness.Worker(Sender)],
            () => Task.FromResult(Connector.RequestsTo(chat.ConversationId).Count >= 2),
            TimeSpan.FromSeconds(10));

        var attempts = Connector.RequestsTo(chat.ConversationId);
        Assert.Equal([503, 201], attempts.Select(a => a.Answer.Status));
        var gap = attempts[1].At - attempts[0].At;
        Assert.True(gap < TimeSpan.FromMilliseconds(900), $"the retry (due 50 ms to 1 s after the 503) came {gap.TotalMilliseconds:F0} ms later; hidden in the queue it would take at least a second");
    }

    [Fact]
    public async Task Messages_parked_for_a_retry_count_against_the_prefetch_so_the_instance_does_not_draw_the_whole_queue()
    {
        // Ten a second for one second: the instance holds ten messages at most (two more in its senders' hands).
        var harness = await DeliveryHarness.CreateAsync(o => (o.Senders, o.GlobalRatePerSecond, o.VisibilityTimeout, o.Prefetch, o.MaxRetryDelay) = (2, 10, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)));
        var chats = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => harness.PersonalChatAsync(Connector.ServiceUrl)));
        foreach (var chat in chats)
        {
            Connector.AlwaysAnswer(chat.ConversationId, new ScriptedAnswer(503, "15"));
        }

        await Task.WhenAll(chats.Select(chat => harness.EnqueueAsync(chat)));
        var attempted = () => Connector.Requests.Count(r => r.Answer.Status == 503);
        var stillQueued = 0;

        // Each 503 parks its message for 15 s. Were parked messages not counted, the room they leave would be filled
        // from the queue at ten a second, and all thirty would be drawn in three seconds.
        await DeliveryHarness.RunAsync(
            [harness.Worker(Sender)],
            async () =>
            {
                if (attempted() < 10)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(3));
                stillQueued = await harness.VisibleOutboxMessagesAsync();
                return true;
            },
            TimeSpan.FromSeconds(12));

        Assert.InRange(attempted(), 10, 13);
        Assert.True(stillQueued >= 30 - 13, $"the messages not attempted should still be in the queue for other instances; {stillQueued} were");
    }

    [Fact]
    public async Task Stopping_gives_messages_received_but_not_sent_back_to_the_queue_at_once()
    {
        // One send a second, so that most messages still wait in the prefetch when the worker stops; only a release
        // can make them visible again within their 30 s visibility timeout.
        var harness = await DeliveryHarness.CreateAsync(o => (o.GlobalRatePerSecond, o.VisibilityTimeout, o.Prefetch) = (1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)));
        var chats = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => harness.PersonalChatAsync(Connector.ServiceUrl)));
        await Task.WhenAll(chats.Select(chat => harness.EnqueueAsync(chat)));

        await DeliveryHarness.RunAsync(
            [harness.Worker(Sender)],
            () => Task.FromResult(Connector.Requests.Count >= 1),
            TimeSpan.FromSeconds(10));

        var sent = Connector.Requests.Count(r => r.Answer.IsSuccess);
        Assert.InRange(sent, 1, 9);
        Assert.Equal(10 - sent, await harness.VisibleOutboxMessagesAsync());
    }

    // Long enough that a message never reappears during a test, and a short wait can be parked (it must end well
    // before the message would reappear).
    protected override void Configure(DeliveryOptions options) =>
        (options.VisibilityTimeout, options.Prefetch) = (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

    /// <summary>Holds back every storage request that <c>matches</c> by <c>delay</c>: a queue that answers slowly.</summary>
    private sealed class SlowRequests(Func<Request, bool> matches, TimeSpan delay) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (matches(message.Request))
            {
                await Task.Delay(delay);
            }

            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The outbox calls storage asynchronously only.");
    }
}
