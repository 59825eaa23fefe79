using System.Globalization;
using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Bench;

/// <summary>
/// One run's conversations and deliveries: personal chats with fresh users, one channel, and a delivery for each
/// with a unique idempotency key. Queue names and keys carry the run id, so runs never see each other's messages.
/// </summary>
internal sealed class DeliveryWorkload
{
    private DeliveryWorkload(string runId, IReadOnlyList<ConversationAddress> conversations, IReadOnlyList<DeliveryRequest> deliveries)
    {
        RunId = runId;
        Conversations = conversations;
        Deliveries = deliveries;
        Keys = deliveries.Select(d => d.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
    }

    public string RunId { get; }

    public string QueueName => $"bench-{RunId}-outbox";

    public string DeadLetterQueueName => $"bench-{RunId}-poison";

    public IReadOnlyList<ConversationAddress> Conversations { get; }

    /// <summary>
    /// In the order they are enqueued: the channel posts first, as one burst that the channel's own limits must hold
    /// back while the personal chats go on, or (<see cref="ChannelOrder.Spread"/>) spread evenly among the personal ones.
    /// </summary>
    public IReadOnlyList<DeliveryRequest> Deliveries { get; }

    public IReadOnlySet<string> Keys { get; }

    public static DeliveryWorkload Create(string name, int recipients, int channelPosts, ChannelOrder channelOrder, Uri serviceUrl)
    {
        var runId = string.Create(CultureInfo.InvariantCulture, $"{name}-{DateTime.UtcNow:MMddHHmmss}-{Random.Shared.Next(0x10000):x4}");
        var now = DateTimeOffset.UtcNow;
        var channel = new ConversationAddress(
            ConversationKind.Channel,
            $"19:bench-{runId}@thread.tacv2",
            serviceUrl.ToString(),
            "bench-tenant",
            "msteams",
            "28:bench",
            "PmoBot",
            UserKey: null,
            TeamsUserId: null,
            TeamId: $"19:bench-team-{runId}@thread.tacv2",
            Name: "Benchmark channel",
            now);
        var people = Enumerable.Range(1, recipients).Select(i => new ConversationAddress(
            ConversationKind.Personal,
            $"a:bench-{runId}-{i}",
            serviceUrl.ToString(),
            "bench-tenant",
            "msteams",
            "28:bench",
            "PmoBot",
            UserKey: Guid.NewGuid().ToString(),
            TeamsUserId: $"29:bench-{runId}-{i}",
            TeamId: null,
            Name: null,
            now)).ToList();

        var posts = Enumerable.Range(1, channelPosts).Select(i =>
        {
            var key = $"bench-{runId}-channel-{i:D4}";
            return new DeliveryRequest(key, DeliveryTarget.Channel(channel.ConversationId), DeliveryToken.Text(key, $"Process notice {i}"));
        }).ToList();
        var prompts = people.Select((person, i) =>
        {
            var key = $"bench-{runId}-personal-{i + 1:D5}";
            return new DeliveryRequest(key, DeliveryTarget.PersonalChat(person.UserKey!), DeliveryToken.Text(key, "Your weekly project review is due"));
        }).ToList();
        var deliveries = channelOrder == ChannelOrder.First
            ? [.. posts, .. prompts]
            : posts.Select((post, i) => (Position: (i + 0.5) / posts.Count, Delivery: post))
                .Concat(prompts.Select((prompt, i) => (Position: (i + 1.0) / (prompts.Count + 1), Delivery: prompt)))
                .OrderBy(d => d.Position)
                .Select(d => d.Delivery)
                .ToList();

        return new DeliveryWorkload(runId, [channel, .. people], deliveries);
    }
}

internal enum ChannelOrder
{
    First,
    Spread,
}
