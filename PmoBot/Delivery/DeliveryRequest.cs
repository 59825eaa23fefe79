using System.Text.Json.Nodes;
using PmoBot.Conversations;

namespace PmoBot.Delivery;

/// <summary>Where a delivery goes: a person's personal chat (by user key) or a channel or group chat (by conversation id).</summary>
public sealed record DeliveryTarget(ConversationKind Kind, string Key)
{
    public static DeliveryTarget PersonalChat(string userKey) => new(ConversationKind.Personal, userKey);

    public static DeliveryTarget Channel(string channelId) => new(ConversationKind.Channel, channelId);

    public static DeliveryTarget GroupChat(string conversationId) => new(ConversationKind.GroupChat, conversationId);

    public override string ToString() => $"{Kind} {Key}";
}

/// <summary>
/// A message the bot sends first. The idempotency key names the message in the product's terms
/// (e.g. <c>review-prompt|PRJ-042|2026-W48</c>): asking twice for the same key sends once.
/// <paramref name="Replaces"/> is the idempotency key of an earlier delivery whose card this one updates in place.
/// <paramref name="Version"/>: for an update, the version of the card it carries, as its feature numbers them in
/// storage (not a clock, which differs between instances); an update older than one already sent is dropped.
/// </summary>
public sealed record DeliveryRequest(
    string IdempotencyKey,
    DeliveryTarget Target,
    string? Text,
    JsonObject? Card = null,
    string? Replaces = null,
    long? Version = null);

public enum DeliveryStatus
{
    Queued,
    Sending,
    Retrying,
    Sent,
    Failed,

    /// <summary>An update not sent: the message it updates never arrived and the conversation still cannot be reached.</summary>
    Dropped,
}

/// <summary>
/// What the outbox knows about one delivery. <paramref name="StandIn"/>: for a message that never arrived, the key of
/// the later update that was posted as a new message in its place (its activity is then <paramref name="SentActivityId"/>).
/// <paramref name="LeaseHolder"/>: the sending instance (<see cref="SenderInstances.Id"/>) that holds the lease while the
/// delivery is <see cref="DeliveryStatus.Sending"/>. <paramref name="Version"/>: an update's version
/// (<see cref="DeliveryRequest.Version"/>). <paramref name="NewestVersionSent"/>: on a message that later versions
/// update, the newest version that reached Teams; an older version still on its way (retried after a 429) is then
/// dropped rather than undo it. <paramref name="UpdateSending"/>: on such a message, the version (its delivery key)
/// on its way to Teams right now; the others wait for it.
/// </summary>
public sealed record DeliveryRecord(
    string IdempotencyKey,
    DeliveryTarget Target,
    string? Text,
    JsonObject? Card,
    string? Replaces,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextAttemptAt = null,
    DateTimeOffset? LeaseUntil = null,
    int? LastStatusCode = null,
    string? LastError = null,
    string? ConversationId = null,
    string? SentActivityId = null,
    string? StandIn = null,
    string? LeaseHolder = null,
    long? Version = null,
    long? NewestVersionSent = null,
    string? UpdateSending = null)
{
    public bool IsFinal => Status is DeliveryStatus.Sent or DeliveryStatus.Failed or DeliveryStatus.Dropped;
}
