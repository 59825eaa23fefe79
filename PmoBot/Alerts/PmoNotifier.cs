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
    public async Task<PmoNotice> PostAsync(string key, string text, JsonObject card, CancellationToken cancellationToken)
    {
        if (await channels.GetAsync(cancellationToken) is { } channel)
        {
            var posted = await outbox.EnqueueAsync(new DeliveryRequest($"{key}|channel", DeliveryTarget.Channel(channel.ConversationKey), text, card), cancellationToken);
            return new PmoNotice([posted], $"the channel **{channel.Name}**");
        }

        // One copy per PMO member, each with its own key: queued side by side, listed in the members' order.
        var members = await people.ListRoleHoldersAsync(cancellationToken, Role.Pmo);
        var copies = await Task.WhenAll(members.Select(member =>
            outbox.EnqueueAsync(new DeliveryRequest($"{key}|{member.UserKey}", DeliveryTarget.PersonalChat(member.UserKey), text, card), cancellationToken)));
        return new PmoNotice(copies, PersonalChats);
    }
}
