using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Development.Events;

/// <summary>Posts an event's card to channels through the outbox, once per channel (posting again sends nothing new).</summary>
public sealed class EventPoster(EventPostStore posts, RegistrationStore registrations, ConversationReferenceStore conversations, Outbox outbox, TimeProvider time)
{
    public static string PostKey(string eventId, string channelKey) => $"event|{eventId}|{channelKey}";

    /// <summary>The channels the bot is in, by name, for the form's choices.</summary>
    public async Task<IReadOnlyList<PostableChannel>> ChannelsAsync(CancellationToken cancellationToken) =>
        (await conversations.PostableChannelsAsync(cancellationToken))
            .Select(c => new PostableChannel(c.Key, c.Name))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// Where an event can still be posted (channels it is not in yet) and where it already is, by name now.
    /// <paramref name="channels"/> is <see cref="ChannelsAsync"/> when the caller has read it already; a posted channel
    /// among them takes its name from there, and only one that is not (no longer reachable) is read on its own.
    /// </summary>
    public async Task<PostChoice> ChoiceAsync(string eventId, CancellationToken cancellationToken, IReadOnlyList<PostableChannel>? channels = null)
    {
        var listing = channels is null ? ChannelsAsync(cancellationToken) : Task.FromResult(channels);
        var posted = await posts.ListAsync(eventId, cancellationToken);
        var listed = await listing;
        var postable = listed.ToDictionary(c => c.Key, StringComparer.Ordinal);
        var names = await Task.WhenAll(posted.Select(p => postable.TryGetValue(p.ChannelKey, out var channel) && channel.Name != channel.Key
            ? Task.FromResult(channel.Name)
            : NameNowAsync(p, cancellationToken)));
        var postedKeys = posted.Select(p => p.ChannelKey).ToHashSet(StringComparer.Ordinal);
        return new PostChoice([.. listed.Where(c => !postedKeys.Contains(c.Key))], names);
    }

    /// <returns>The channels it was newly posted to (those it was in already are left as they are).</returns>
    public async Task<IReadOnlyList<PostableChannel>> PostAsync(LearningEvent learningEvent, IReadOnlyList<PostableChannel> channels, string postedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(channels);
        var counts = (await registrations.GetCountsAsync(learningEvent.Id, cancellationToken))?.Counts ?? RegistrationCounts.Empty;
        var now = time.GetUtcNow();
        var card = EventCards.Shared(learningEvent, counts, now);
        var posted = new List<PostableChannel>();
        foreach (var channel in channels)
        {
            var key = PostKey(learningEvent.Id, channel.Key);
            var added = await posts.AddAsync(new EventPost(learningEvent.Id, channel.Key, channel.Name, key, postedBy, now, counts.Version, null, null), cancellationToken);
            // Enqueued even when the post row was there: a crash between the two writes must not lose the post (the key dedupes).
            await outbox.EnqueueAsync(new DeliveryRequest(key, DeliveryTarget.Channel(channel.Key), Summary(learningEvent), card), cancellationToken);
            if (added)
            {
                posted.Add(channel);
            }
        }

        return posted;
    }

    /// <summary>
    /// Where the event was posted, each channel under its name now: a post keeps the name it had when posted, and a
    /// channel renamed or deleted since (Teams says so, see <see cref="TeamChanges"/>) should not read as it was.
    /// </summary>
    public async Task<IReadOnlyList<EventPost>> PostsAsync(string eventId, CancellationToken cancellationToken)
    {
        var posted = await posts.ListAsync(eventId, cancellationToken);
        var names = await Task.WhenAll(posted.Select(p => NameNowAsync(p, cancellationToken)));
        return posted.Select((post, i) => post with { ChannelName = names[i] }).ToList();
    }

    /// <summary>The posted channel's name as PmoBot keeps it now, marked when PmoBot can no longer post there.</summary>
    private async Task<string> NameNowAsync(EventPost post, CancellationToken cancellationToken)
    {
        var channel = await conversations.GetAsync(ConversationKind.Channel, post.ChannelKey, cancellationToken);
        var name = string.IsNullOrWhiteSpace(channel?.Name) ? post.ChannelName : channel.Name;
        return channel is { IsUnreachable: true } ? $"{name} (no longer reachable)" : name;
    }

    public static string Summary(LearningEvent learningEvent)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        return $"Learning event: {learningEvent.Title}, {EventCards.When(learningEvent)}";
    }
}

/// <summary>The channels an event can still be posted to, and the names of those it is in already.</summary>
public sealed record PostChoice(IReadOnlyList<PostableChannel> Open, IReadOnlyList<string> AlreadyIn);
