using PmoBot.Cards;
using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Alerts;

/// <summary>
/// Keeps the PMO's alert channel in step with Teams: a rename shows in <c>alerts</c>; a channel PmoBot can no longer
/// post in (deleted, its team archived or deleted, PmoBot removed) stops being the alert channel, so alerts reach
/// the PMO members in personal chat instead of failing in the outbox, and the PMO is told once, there.
/// </summary>
public sealed class AlertChannelWatcher(AlertChannelStore channels, PmoNotifier notifier, PeopleDirectory people) : IChannelObserver
{
    public async Task ChannelRenamedAsync(string channelKey, string name, CancellationToken cancellationToken)
    {
        if (await channels.GetAsync(cancellationToken) is { } current && current.ConversationKey == channelKey && current.Name != name)
        {
            await channels.SetAsync(current with { Name = name }, cancellationToken);
        }
    }

    public async Task ChannelClosedAsync(string channelKey, string? name, string why, CancellationToken cancellationToken)
    {
        if (await channels.GetAsync(cancellationToken) is not { } current || current.ConversationKey != channelKey)
        {
            return;
        }

        var text = Notice(current, why);
        var card = AdaptiveCard.Create([AdaptiveCard.Heading("PMO alerts moved to personal chat"), AdaptiveCard.Text(text)]);
        // Queued to the members before the channel is given up: if giving it up fails, Teams' retry queues nothing new
        // (the key names this choice of channel) and tries again; done the other way round, a failed notice would be
        // lost, as the retry no longer finds the channel chosen.
        var members = new PmoAudience(null, await people.ListRoleHoldersAsync(cancellationToken, Role.Pmo));
        await notifier.PostAsync(members, $"alert-channel-closed|{channelKey}|{current.RegisteredAt.UtcTicks}", text, card, cancellationToken);
        await channels.ClearAsync(cancellationToken);
    }

    public static string Notice(AlertChannel channel, string why)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return $"PmoBot can no longer post PMO alerts in {channel.Described}: {why}. Until someone chooses another channel, "
            + "missed reviews and early warnings come to each PMO member's personal chat. To post them in a channel, mention me there with **alerts here**.";
    }
}
