using System.Text.Json.Nodes;
using PmoBot.Delivery;
using PmoBot.People;

namespace PmoBot.Alerts;

/// <summary>
/// Tells the PMO something through the outbox: in the channel the PMO registered with <c>alerts here</c>, or, while
/// there is none, in the personal chat of every PMO member. The key names the news; asking twice posts once.
/// </summary>
public sealed class PmoNotifier(AlertChannelStore channels, PeopleDirectory people, Outbox outbox)
{
    /// <returns>How many conversations the notice was queued for.</returns>
    public async Task<int> NotifyAsync(string key, string text, JsonObject card, CancellationToken cancellationToken)
    {
        if (await channels.GetAsync(cancellationToken) is { } channel)
        {
            await outbox.EnqueueAsync(new DeliveryRequest($"{key}|channel", DeliveryTarget.Channel(channel.ConversationKey), text, card), cancellationToken);
            return 1;
        }

        var members = await people.ListRoleHoldersAsync(cancellationToken, Role.Pmo);
        foreach (var member in members)
        {
            await outbox.EnqueueAsync(new DeliveryRequest($"{key}|{member.UserKey}", DeliveryTarget.PersonalChat(member.UserKey), text, card), cancellationToken);
        }

        return members.Count;
    }
}
