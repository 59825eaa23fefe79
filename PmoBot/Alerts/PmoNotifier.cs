using System.Text.Json.Nodes;
using PmoBot.Delivery;
using PmoBot.People;

namespace PmoBot.Alerts;

/// <summary>A notice queued for the PMO: the outbox's record of each copy, and where they went, in words.</summary>
public sealed record PmoNotice(IReadOnlyList<DeliveryRecord> Copies, string Where);

/// <summary>
/// Tells the PMO something through the outbox: in the channel the PMO registered with <c>alerts here</c>, or, while
/// there is none, in the personal chat of every PMO member. The channel is read at each notice, so a notice goes
/// where the PMO chose last. The key names the news; asking twice posts once.
/// </summary>
public sealed class PmoNotifier(AlertChannelStore channels, PeopleDirectory people, Outbox outbox)
{
    public const string PersonalChats = "each PMO member's personal chat";

    /// <returns>
    /// The outbox's record of each copy, keyed <c>{key}|channel</c> or <c>{key}|{member}</c>. On a repeated call these
    /// are the records queued the first time, so a later update reaches exactly the conversations that got the notice.
    /// </returns>
    public async Task<IReadOnlyList<DeliveryRecord>> NotifyAsync(string key, string text, JsonObject card, CancellationToken cancellationToken) =>
        (await PostAsync(key, text, card, cancellationToken)).Copies;

    /// <summary>Like <see cref="NotifyAsync"/>, and says where the notice went (<c>the channel **PMO alerts**</c>).</summary>
    public async Task<PmoNotice> PostAsync(string key, string text, JsonObject card, CancellationToken cancellationToken) =>
        await PostAsync(await AudienceAsync(null, cancellationToken), key, text, card, cancellationToken);

    /// <summary>The PMO's alert channel, if one was chosen.</summary>
    public Task<AlertChannel?> ChannelAsync(CancellationToken cancellationToken) => channels.GetAsync(cancellationToken);

    /// <summary>
    /// Where a notice would go now: the PMO's channel, or while there is none, its members (read with
    /// <paramref name="members"/> when the caller is reading them anyway). Read it beside other reads, then post with it.
    /// </summary>
    public async Task<PmoAudience> AudienceAsync(Task<IReadOnlyList<RoleHolder>>? members, CancellationToken cancellationToken)
    {
        var channel = await channels.GetAsync(cancellationToken);
        return channel is not null
            ? new PmoAudience(channel, [])
            : new PmoAudience(null, await (members ?? people.ListRoleHoldersAsync(cancellationToken, Role.Pmo)));
    }

    /// <summary>Like <see cref="PostAsync(string, string, JsonObject, CancellationToken)"/>, to an audience read before.</summary>
    public async Task<PmoNotice> PostAsync(PmoAudience audience, string key, string text, JsonObject card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audience);
        if (audience.Channel is { } channel)
        {
            var posted = await outbox.EnqueueAsync(new DeliveryRequest($"{key}|channel", DeliveryTarget.Channel(channel.ConversationKey), text, card), cancellationToken);
            return new PmoNotice([posted], channel.Described);
        }

        // One copy per PMO member, each with its own key: queued side by side, listed in the members' order.
        var copies = await Task.WhenAll(audience.Members.Select(member =>
            outbox.EnqueueAsync(new DeliveryRequest($"{key}|{member.UserKey}", DeliveryTarget.PersonalChat(member.UserKey), text, card), cancellationToken)));
        return new PmoNotice(copies, PersonalChats);
    }
}

/// <summary>Where the PMO's notices go: its alert channel, or (while it has none) each member's personal chat.</summary>
public sealed record PmoAudience(AlertChannel? Channel, IReadOnlyList<RoleHolder> Members);
