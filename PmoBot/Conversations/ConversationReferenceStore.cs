using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Conversations;

/// <summary>
/// Table <c>ConversationReferences</c>: PartitionKey = conversation kind (<c>Personal</c>, <c>Channel</c>,
/// <c>GroupChat</c>), RowKey = user key for personal chats, conversation id otherwise. "Message this user"
/// and "post to this channel" are point reads; "every channel the bot is in" is one partition query.
/// </summary>
public sealed class ConversationReferenceStore(TableServiceClient service, TimeProvider? time = null)
{
    public const string TableName = "ConversationReferences";

    /// <summary>
    /// How long an address this instance saved counts as fresh: a thousand people pressing one channel card all
    /// bring the channel's same address, and one write for them is enough. Short, because another instance may
    /// mark the conversation unreachable meanwhile, and a message from it should clear that soon.
    /// </summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(2);

    private const int MaxRemembered = 10_000;

    private readonly TableClient table = service.GetTableClient(TableName);
    private readonly ConcurrentDictionary<string, (ConversationAddress Address, DateTimeOffset SavedAt)> saved = new(StringComparer.Ordinal);

    /// <summary>
    /// Upserts the address; called on install and on every message so the service URL stays current. A message
    /// from the conversation also clears an earlier "unreachable" mark, because the user is back.
    /// </summary>
    public async Task SaveAsync(ConversationAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var id = IdOf(address.Kind, address.Key);
        var unstamped = address with { UpdatedAt = default };
        var now = (time ?? TimeProvider.System).GetUtcNow();
        if (saved.TryGetValue(id, out var last) && last.Address == unstamped && now - last.SavedAt < FreshFor)
        {
            return;
        }

        await table.UpsertEntityAsync(ConversationEntity.From(address), TableUpdateMode.Replace, cancellationToken);
        if (saved.Count >= MaxRemembered)
        {
            saved.Clear();
        }

        saved[id] = (unstamped, now);
    }

    public Task<ConversationAddress?> GetPersonalAsync(string userKey, CancellationToken cancellationToken) =>
        GetAsync(ConversationKind.Personal, userKey, cancellationToken);

    public async Task<ConversationAddress?> GetAsync(ConversationKind kind, string key, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<ConversationEntity>(kind.ToString(), TableKey.Escape(key), cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.ToAddress() : null;
    }

    /// <summary>The channels PmoBot is in and can still post to, most recently active first, each with the name to show.</summary>
    public async Task<IReadOnlyList<ChannelChoice>> PostableChannelsAsync(CancellationToken cancellationToken) =>
        (await ListAsync(ConversationKind.Channel, cancellationToken))
            .Where(c => !c.IsUnreachable)
            .OrderByDescending(c => c.UpdatedAt)
            .Select(c => new ChannelChoice(c.Key, string.IsNullOrWhiteSpace(c.Name) ? c.Key : c.Name))
            .ToList();

    public Task<IReadOnlyList<ConversationAddress>> ListAsync(ConversationKind kind, CancellationToken cancellationToken) =>
        table.QueryPartitionAsync<ConversationEntity, ConversationAddress>(kind.ToString(), e => e.ToAddress(), cancellationToken);

    /// <summary>The channels of one team that PmoBot keeps: the channel partition, filtered on the team's id.</summary>
    public async Task<IReadOnlyList<ConversationAddress>> TeamChannelsAsync(string teamId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ConversationKind.Channel.ToString()} and TeamId eq {teamId}");
        var channels = new List<ConversationAddress>();
        await foreach (var entity in table.QueryAsync<ConversationEntity>(filter, cancellationToken: cancellationToken))
        {
            channels.Add(entity.ToAddress());
        }

        return channels;
    }

    /// <summary>
    /// Changes a kept address under its ETag (a rename, the end of an unreachable mark). Returns the address as stored,
    /// or null when PmoBot keeps none for the conversation.
    /// </summary>
    public async Task<ConversationAddress?> UpdateAsync(ConversationKind kind, string key, Func<ConversationAddress, ConversationAddress> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        saved.TryRemove(IdOf(kind, key), out _);
        var stored = await OptimisticConcurrency.UpdateAsync<ConversationEntity>(
            table,
            kind.ToString(),
            TableKey.Escape(key),
            entity => entity is null ? null : ConversationEntity.From(change(entity.ToAddress())),
            cancellationToken);
        return stored?.ToAddress();
    }

    /// <summary>Records that Teams refused a send for good (403/404), so the outbox stops trying this conversation.</summary>
    public async Task MarkUnreachableAsync(ConversationKind kind, string key, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        saved.TryRemove(IdOf(kind, key), out _);
        var entity = new TableEntity(kind.ToString(), TableKey.Escape(key))
        {
            [nameof(ConversationEntity.UnreachableSince)] = at,
            [nameof(ConversationEntity.UnreachableReason)] = reason,
        };
        try
        {
            await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The reference is already gone (the bot was uninstalled): nothing to mark.
        }
    }

    public Task RemoveAsync(ConversationKind kind, string key, CancellationToken cancellationToken)
    {
        saved.TryRemove(IdOf(kind, key), out _);
        return table.DeleteIfExistsAsync(kind.ToString(), TableKey.Escape(key), cancellationToken);
    }

    private static string IdOf(ConversationKind kind, string key) => $"{kind}|{key}";

    private sealed class ConversationEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string ConversationId { get; set; } = string.Empty;

        public string ServiceUrl { get; set; } = string.Empty;

        public string? TenantId { get; set; }

        public string ChannelId { get; set; } = string.Empty;

        public string BotId { get; set; } = string.Empty;

        public string? BotName { get; set; }

        public string? UserKey { get; set; }

        public string? TeamsUserId { get; set; }

        public string? TeamId { get; set; }

        public string? Name { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        public DateTimeOffset? UnreachableSince { get; set; }

        public string? UnreachableReason { get; set; }

        public static ConversationEntity From(ConversationAddress a) => new()
        {
            PartitionKey = a.Kind.ToString(),
            RowKey = TableKey.Escape(a.Key),
            ConversationId = a.ConversationId,
            ServiceUrl = a.ServiceUrl,
            TenantId = a.TenantId,
            ChannelId = a.ChannelId,
            BotId = a.BotId,
            BotName = a.BotName,
            UserKey = a.UserKey,
            TeamsUserId = a.TeamsUserId,
            TeamId = a.TeamId,
            Name = a.Name,
            UpdatedAt = a.UpdatedAt,
            UnreachableSince = a.UnreachableSince,
            UnreachableReason = a.UnreachableReason,
        };

        public ConversationAddress ToAddress() => new(
            Enum.Parse<ConversationKind>(PartitionKey), ConversationId, ServiceUrl, TenantId, ChannelId, BotId, BotName, UserKey, TeamsUserId, TeamId, Name, UpdatedAt, UnreachableSince, UnreachableReason);
    }
}

/// <summary>A channel a feature may offer to post in: its conversation key and the name people know it by.</summary>
public sealed record ChannelChoice(string Key, string Name);
