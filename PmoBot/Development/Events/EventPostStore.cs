using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Development.Events;

/// <summary>
/// One channel post of an event's card: the outbox key of the post, the counter version its card last showed, and the
/// last in-place update (its key and when it was asked for), which space the updates out.
/// </summary>
public sealed record EventPost(
    string EventId,
    string ChannelKey,
    string ChannelName,
    string DeliveryKey,
    string PostedBy,
    DateTimeOffset PostedAt,
    long ShownVersion,
    string? LastUpdateKey,
    DateTimeOffset? LastUpdatedAt,
    ETag ETag = default);

/// <summary>
/// Table <c>EventPosts</c>: PartitionKey the event id, RowKey the channel's conversation key. An event's posts are one
/// partition query; claiming the next card update is an ETag-guarded replace, so of several instances only one sends it.
/// </summary>
public sealed class EventPostStore(TableServiceClient service)
{
    public const string TableName = "EventPosts";

    private readonly TableClient table = service.GetTableClient(TableName);

    /// <returns>False when the event was already posted to that channel.</returns>
    public async Task<bool> AddAsync(EventPost post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        return await table.TryAddAsync(Entity(post), cancellationToken);
    }

    public Task<IReadOnlyList<EventPost>> ListAsync(string eventId, CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<TableEntity, EventPost>(eventId, PostOf, cancellationToken);

    /// <summary>Records that the card now shows <paramref name="version"/>, if nobody recorded another update since the post was read.</summary>
    public async Task<bool> TryClaimUpdateAsync(EventPost post, long version, string updateKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        try
        {
            await table.UpdateEntityAsync(Entity(post with { ShownVersion = version, LastUpdateKey = updateKey, LastUpdatedAt = at }), post.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private static TableEntity Entity(EventPost p) => new(p.EventId, TableKey.Escape(p.ChannelKey))
    {
        [nameof(EventPost.ChannelKey)] = p.ChannelKey,
        [nameof(EventPost.ChannelName)] = p.ChannelName,
        [nameof(EventPost.DeliveryKey)] = p.DeliveryKey,
        [nameof(EventPost.PostedBy)] = p.PostedBy,
        [nameof(EventPost.PostedAt)] = p.PostedAt,
        [nameof(EventPost.ShownVersion)] = p.ShownVersion,
        [nameof(EventPost.LastUpdateKey)] = p.LastUpdateKey,
        [nameof(EventPost.LastUpdatedAt)] = p.LastUpdatedAt,
    };

    private static EventPost PostOf(TableEntity e) => new(
        e.PartitionKey,
        e.GetString(nameof(EventPost.ChannelKey)),
        e.GetString(nameof(EventPost.ChannelName)) ?? string.Empty,
        e.GetString(nameof(EventPost.DeliveryKey)),
        e.GetString(nameof(EventPost.PostedBy)) ?? string.Empty,
        e.GetDateTimeOffset(nameof(EventPost.PostedAt)) ?? DateTimeOffset.MinValue,
        e.GetInt64(nameof(EventPost.ShownVersion)) ?? 0,
        e.GetString(nameof(EventPost.LastUpdateKey)),
        e.GetDateTimeOffset(nameof(EventPost.LastUpdatedAt)),
        e.ETag);
}
