namespace PmoBot.Conversations;

/// <summary>
/// Keeps the channels PmoBot may post in as Teams changes them: a renamed channel or team is listed by its new name,
/// a deleted or archived one (or a team PmoBot was removed from) is marked unreachable, so pickers stop offering it
/// and the outbox says why it did not post, and a restored one (or one of a team PmoBot is installed in again) is
/// offered again. Features that keep a channel of their own hear of it through <see cref="IChannelObserver"/>. Teams
/// may announce a change twice: applying one again changes nothing.
/// </summary>
public sealed partial class TeamChanges(
    ConversationReferenceStore conversations,
    IEnumerable<IChannelObserver> observers,
    TimeProvider time,
    ILogger<TeamChanges> logger)
{
    private const string ChannelDeleted = "the channel was deleted in Teams";
    private const string TeamArchived = "its team was archived in Teams";
    private const string TeamDeleted = "its team was deleted in Teams";
    private const string BotRemoved = "PmoBot was removed from its team";

    /// <summary>The marks a team coming back (or PmoBot in it again) lifts; a channel deleted on its own stays closed.</summary>
    private static readonly HashSet<string> TeamWide = new(StringComparer.Ordinal) { TeamArchived, TeamDeleted, BotRemoved };

    public async Task ApplyAsync(TeamChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        switch (change.Kind)
        {
            case TeamChangeKind.ChannelCreated or TeamChangeKind.ChannelRestored when change.Channel is { } channel:
                await OpenChannelAsync(change, channel, cancellationToken);
                break;
            case TeamChangeKind.ChannelRenamed when change.Channel is { } channel:
                await RenameChannelAsync(change, channel.Key, cancellationToken);
                break;
            case TeamChangeKind.ChannelDeleted when change.Channel is { } channel:
                await CloseAsync([channel.Key], ChannelDeleted, cancellationToken);
                break;
            case TeamChangeKind.TeamRenamed when !string.IsNullOrWhiteSpace(change.TeamName):
                await RenameTeamAsync(change.TeamId, change.TeamName, cancellationToken);
                break;
            case TeamChangeKind.TeamArchived:
                await CloseTeamAsync(change.TeamId, TeamArchived, cancellationToken);
                break;
            case TeamChangeKind.TeamDeleted:
                await CloseTeamAsync(change.TeamId, TeamDeleted, cancellationToken);
                break;
            case TeamChangeKind.BotRemoved:
                await CloseTeamAsync(change.TeamId, BotRemoved, cancellationToken);
                break;
            case TeamChangeKind.TeamUnarchived or TeamChangeKind.TeamRestored or TeamChangeKind.BotAdded:
                await ReopenTeamAsync(change.TeamId, cancellationToken);
                break;
            default:
                // A change without what it needs (a rename without the new name, a channel event without its channel).
                LogIncomplete(change.Kind, change.TeamId);
                break;
        }
    }

    /// <summary>A new channel, or one back from the bin: offered in pickers under its team's name as PmoBot knows it.</summary>
    private async Task OpenChannelAsync(TeamChange change, ConversationAddress channel, CancellationToken cancellationToken)
    {
        var teamName = change.TeamName ?? await KnownTeamNameAsync(change.TeamId, cancellationToken);
        var named = channel with { TeamId = change.TeamId, Name = ChannelDisplayName.Of(teamName, change.ChannelName), UpdatedAt = time.GetUtcNow() };
        await conversations.SaveAsync(named, cancellationToken);
        LogOpened(change.Kind, channel.Key, named.Name!);
    }

    private async Task RenameChannelAsync(TeamChange change, string channelKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(change.ChannelName))
        {
            LogIncomplete(change.Kind, change.TeamId);
            return;
        }

        var renamed = await conversations.UpdateAsync(
            ConversationKind.Channel,
            channelKey,
            kept => kept with { Name = ChannelDisplayName.Of(change.TeamName ?? ChannelDisplayName.TeamOf(kept.Name), change.ChannelName) },
            cancellationToken);
        if (renamed?.Name is { } name)
        {
            await NotifyAsync(o => o.ChannelRenamedAsync(channelKey, name, cancellationToken));
        }
    }

    private async Task RenameTeamAsync(string teamId, string teamName, CancellationToken cancellationToken)
    {
        foreach (var channel in await conversations.TeamChannelsAsync(teamId, cancellationToken))
        {
            // A channel PmoBot never learned the name of keeps none (it is asked for at its next message), except
            // General, whose id is the team's.
            var channelName = ChannelDisplayName.ChannelOf(channel.Name) ?? (channel.Key == teamId ? ChannelDisplayName.GeneralChannel : null);
            if (channelName is null)
            {
                continue;
            }

            var renamed = await conversations.UpdateAsync(ConversationKind.Channel, channel.Key, kept => kept with { Name = ChannelDisplayName.Of(teamName, channelName) }, cancellationToken);
            if (renamed?.Name is { } name)
            {
                await NotifyAsync(o => o.ChannelRenamedAsync(channel.Key, name, cancellationToken));
            }
        }
    }

    private async Task CloseTeamAsync(string teamId, string why, CancellationToken cancellationToken) =>
        await CloseAsync((await conversations.TeamChannelsAsync(teamId, cancellationToken)).Select(c => c.Key).ToList(), why, cancellationToken);

    private async Task CloseAsync(IReadOnlyList<string> channelKeys, string why, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var key in channelKeys)
        {
            var closed = await conversations.UpdateAsync(
                ConversationKind.Channel,
                key,
                // A channel closed already keeps its first reason: a team coming back must not reopen a channel deleted before.
                kept => kept.IsUnreachable ? kept : kept with { UnreachableSince = now, UnreachableReason = why },
                cancellationToken);
            if (closed is not null)
            {
                LogClosed(key, why);
            }

            await NotifyAsync(o => o.ChannelClosedAsync(key, closed?.Name, why, cancellationToken));
        }
    }

    private async Task ReopenTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        foreach (var channel in (await conversations.TeamChannelsAsync(teamId, cancellationToken)).Where(c => c.IsUnreachable && TeamWide.Contains(c.UnreachableReason ?? string.Empty)))
        {
            await conversations.UpdateAsync(ConversationKind.Channel, channel.Key, kept => kept with { UnreachableSince = null, UnreachableReason = null }, cancellationToken);
            LogReopened(channel.Key);
        }
    }

    /// <summary>The team's name from a channel of it PmoBot keeps ("Delivery" of "Delivery › PMO"), if it keeps one.</summary>
    private async Task<string?> KnownTeamNameAsync(string teamId, CancellationToken cancellationToken) =>
        (await conversations.TeamChannelsAsync(teamId, cancellationToken)).Select(c => ChannelDisplayName.TeamOf(c.Name)).FirstOrDefault(n => n is not null);

    private async Task NotifyAsync(Func<IChannelObserver, Task> notify)
    {
        foreach (var observer in observers)
        {
            await notify(observer);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams announced {Change} for team {TeamId} without what it needs; nothing was changed")]
    private partial void LogIncomplete(TeamChangeKind change, string teamId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Change}: channel {ChannelId} is offered as {Name}")]
    private partial void LogOpened(TeamChangeKind change, string channelId, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {ChannelId} is no longer posted to: {Why}")]
    private partial void LogClosed(string channelId, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {ChannelId} is posted to again: its team is back, or PmoBot is in it again")]
    private partial void LogReopened(string channelId);
}
