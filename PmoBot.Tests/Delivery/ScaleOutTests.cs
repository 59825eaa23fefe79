using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Delivery;

/// <summary>
/// Two and three bot instances sending from one outbox on one storage account (each its own worker, rate limiter
/// and heartbeat, in this process) behave as one sender: Teams' per-conversation limits and 429 pauses hold across
/// them, and they split the app's rate among the instances alive. They measure rates over real time, so they run with
/// the other timing-sensitive tests, alone.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class ScaleOutTests : OutboxTest
{
    [Fact]
    public async Task Two_instances_posting_to_one_channel_keep_to_its_limits_together()
    {
        var channel = await Harness.ChannelAsync(Connector.ServiceUrl);
        var senders = new[] { new HostSender(Sender), new HostSender(Sender) };
        var hosts = senders.Select(s => Harness.Host(s, AzuriteStorage.ConnectionString)).ToList();
        var posting = TrickleAsync(hosts, channel, 24);

        await DeliveryHarness.RunAsync(
            hosts.Select(h => h.Worker).ToList(),
            () => Task.FromResult(Connector.RequestsTo(channel.ConversationId).Count >= 24),
            TimeSpan.FromSeconds(40));

        var posts = await posting;
        var arrivals = Connector.RequestsTo(channel.ConversationId).Select(r => r.At).ToList();
        var timeline = string.Join(" ", arrivals.Order().Select(a => (int)a.TotalMilliseconds));
        Assert.Equal(posts.Length, arrivals.Count);
        Assert.All(senders, s => Assert.True(s.Sent > 0, $"both instances should have posted to the channel; they sent {senders[0].Sent} and {senders[1].Sent}"));
        Assert.True(SendWindows.MostInAnyWindow(arrivals, TimeSpan.FromSeconds(1)) <= 7, $"more than 7 in one second; arrivals (ms): {timeline}");
        Assert.True(SendWindows.MostInAnyWindow(arrivals, TimeSpan.FromSeconds(2)) <= 8, $"more than 8 in two seconds; arrivals (ms): {timeline}");
        Assert.True(await Harness.AllFinalAsync(posts.Select(p => p.IdempotencyKey)));
    }

    [Fact]
    public async Task A_429_seen_by_one_of_three_instances_pauses_the_conversation_for_all_of_them()
    {
        var channel = await Harness.ChannelAsync(Connector.ServiceUrl);
        Connector.Script(channel.ConversationId, ScriptedAnswer.Throttled("3"));
        var senders = Enumerable.Range(0, 3).Select(_ => new HostSender(Sender)).ToList();
        var hosts = senders.Select(s => Harness.Host(s, AzuriteStorage.ConnectionString)).ToList();
        var posting = TrickleAsync(hosts, channel, 15);

        await DeliveryHarness.RunAsync(
            hosts.Select(h => h.Worker).ToList(),
            () => Task.FromResult(Connector.RequestsTo(channel.ConversationId).Count(r => r.Answer.IsSuccess) >= 15),
            TimeSpan.FromSeconds(40));

        var posts = await posting;

        var requests = Connector.RequestsTo(channel.ConversationId);
        var throttled = Assert.Single(requests, r => r.Answer.Status == 429);
        // Sends already on their way when the 429 came back may still arrive just after it; none may start later
        // inside its 3 s, from whichever instance.
        var inside = requests.Where(r => r.At > throttled.At + TimeSpan.FromMilliseconds(300) && r.At < throttled.At + TimeSpan.FromSeconds(3)).ToList();
        Assert.True(inside.Count == 0, $"{inside.Count} posts arrived inside the Retry-After, at {string.Join(", ", inside.Select(r => $"{(r.At - throttled.At).TotalMilliseconds:0} ms"))} after the 429");
        Assert.Equal(posts.Length, requests.Count(r => r.Answer.IsSuccess));
        Assert.True(senders.Count(s => s.Sent > 0) >= 2, $"the instances should share the channel's posts; they sent {string.Join(", ", senders.Select(s => s.Sent))}");
    }

    [Fact]
    public async Task Three_instances_share_the_apps_rate()
    {
        var harness = await DeliveryHarness.CreateAsync(o => (o.GlobalRatePerSecond, o.VisibilityTimeout, o.Prefetch) = (15, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2)));
        var chats = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => harness.PersonalChatAsync(Connector.ServiceUrl)));
        var senders = Enumerable.Range(0, 3).Select(_ => new HostSender(Sender)).ToList();
        var hosts = senders.Select(s => harness.Host(s, AzuriteStorage.ConnectionString)).ToList();
        var shares = new List<int>();
        var deliveries = Array.Empty<DeliveryRecord>();
        var enqueueing = Task.Run(async () =>
        {
            await AllSendingAsync(hosts);
            deliveries = await Task.WhenAll(chats.Select(chat => harness.EnqueueAsync(chat)));
        });

        await DeliveryHarness.RunAsync(
            hosts.Select(h => h.Worker).ToList(),
            async () =>
            {
                shares.AddRange(hosts.Select(h => h.Limiter.GlobalPerSecond));
                return enqueueing.IsCompleted && await harness.AllFinalAsync(deliveries.Select(d => d.IdempotencyKey));
            },
            TimeSpan.FromSeconds(40));

        var arrivals = Connector.Requests.Where(r => r.Answer.IsSuccess).Select(r => r.At).ToList();
        Assert.Equal(deliveries.Length, arrivals.Count);
        Assert.Contains(5, shares);
        var most = SendWindows.MostInAnyWindow(arrivals, TimeSpan.FromSeconds(1));
        Assert.True(most <= 15, $"{most} sends in one second; the app's rate is 15");
        // Each instance keeps to its third of the rate, on its own requests as Teams saw them (a request reaches Teams
        // between its slot's grant and its completion, so five a second hold there too). The pace overall is not
        // timed: a send holds its slot until Teams answers, so on a loaded machine every instance sends fewer a
        // second, by design, and which instance receives more depends on how fast storage answers each.
        foreach (var sender in senders)
        {
            var own = Connector.Requests.Where(r => r.Answer.IsSuccess && sender.SentTo(r.ConversationId)).Select(r => r.At).ToList();
            Assert.True(own.Count > 0, $"every instance should have sent; they sent {string.Join(", ", senders.Select(s => s.Sent))}");
            var mostOfOne = SendWindows.MostInAnyWindow(own, TimeSpan.FromSeconds(1));
            Assert.True(mostOfOne <= 5, $"one instance sent {mostOfOne} in one second; its share is 5");
        }
    }

    protected override void Configure(DeliveryOptions options) => options.VisibilityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Until every instance has seen the others and the last to join has waited its beat and a second.</summary>
    private static async Task AllSendingAsync(List<SenderHost> hosts)
    {
        while (hosts.Any(h => h.Instances.LiveCount < hosts.Count))
        {
            await Task.Delay(50);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
    }

    /// <summary>
    /// Posts to the channel one at a time once every instance sends, as features do: enqueued all at once, the first
    /// instance to look would receive every one of them.
    /// </summary>
    private async Task<DeliveryRecord[]> TrickleAsync(List<SenderHost> hosts, ConversationAddress channel, int count)
    {
        await AllSendingAsync(hosts);
        var posts = new List<DeliveryRecord>();
        for (var i = 0; i < count; i++)
        {
            posts.Add(await Harness.EnqueueAsync(channel, $"Notice {i}"));
            await Task.Delay(TimeSpan.FromMilliseconds(60));
        }

        return [.. posts];
    }
}
