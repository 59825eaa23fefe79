namespace PmoBot.Conversations;

/// <summary>
/// Everything needed to message a conversation later without being asked (a Bot Framework conversation
/// reference, minus the SDK types): the personal chat of a user, a channel, or a group chat.
/// </summary>
public sealed record ConversationAddress(
    ConversationKind Kind,
    string ConversationId,
    string ServiceUrl,
    string? TenantId,
    string ChannelId,
    string BotId,
    string? BotName,
    string? UserKey,
    string? TeamsUserId,
    string? TeamId,
    string? Name,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? UnreachableSince = null,
    string? UnreachableReason = null)
{
    /// <summary>Teams refused a send for good (blocked, removed); proactive messages stop until the conversation speaks again.</summary>
    public bool IsUnreachable => UnreachableSince is not null;

    /// <summary>The row key: a personal chat is found by its user, a channel or group chat by its id.</summary>
    public string Key => Kind == ConversationKind.Personal ? UserKey ?? TeamsUserId ?? ConversationId : ConversationId;
}
