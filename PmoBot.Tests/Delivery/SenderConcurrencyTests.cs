using PmoBot.Delivery;

namespace PmoBot.Tests.Delivery;

/// <summary>Several bot instances drain one queue, each with its own sender loops and rate limiter.</summary>
[Collection(TimingSensitive.Name)]
public sealed class SenderConcurrencyTests : OutboxTest
{
    private const int Deliveries = 200;

    [Fact]
    public async Task Two_instances_draining_one_queue_send_every_delivery_exactly_once()
    {
        var chats = await Task.WhenAll(Enumerable.Range(0, Deliveries).Select(_ => Harness.PersonalChatAsync(Connector.ServiceUrl)));
        foreach (var chat in chats.Where((_, i) => i % 10 == 0))
        {
            Connector.Script(chat.ConversationId, new ScriptedAnswer(503));
        }

        var deliveries = await Task.WhenAll(chats.Select(chat => Harness.EnqueueAsync(chat)));

        await DeliveryHarness.RunAsync(
            [Harness.Worker(Sender), Harness.Worker(Sender)],
            () => Task.FromResult(Connector.Requests.Count(r => r.Answer.IsSuccess) >= Deliveries),
            TimeSpan.FromSeconds(30));

        var delivered = Connector.Requests.Where(r => r.Answer.IsSuccess).GroupBy(r => r.ConversationId).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(chats, chat => Assert.Equal(1, delivered.GetValueOrDefault(chat.ConversationId)));
        Assert.Equal(Deliveries, delivered.Values.Sum());
        Assert.True(await Harness.AllFinalAsync(deliveries.Select(d => d.IdempotencyKey)), "every delivery should be recorded as final");
    }

    protected override void Configure(DeliveryOptions options) => (options.Senders, options.GlobalRatePerSecond) = (4, 1000);
}
