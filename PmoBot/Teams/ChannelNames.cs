using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using PmoBot.Conversations;

namespace PmoBot.Teams;

/// <summary>
/// The name people see for a channel in pickers ("Delivery › PMO"). Teams sends a channel's id with each message but
/// rarely its name, so the first time a channel speaks the team's channel list and details are asked once, and the
/// name is kept with the channel's address; a channel that already has one costs a point read.
/// </summary>
public sealed partial class ChannelNames(ConversationReferenceStore conversations, ILogger<ChannelNames> logger)
{
    public async Task<ConversationAddress> NamedAsync(ITurnContext turnContext, ConversationAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(address);
        if (address.Kind != ConversationKind.Channel || address.Name is { Length: > 0 } || address.TeamId is not { Length: > 0 } teamId)
        {
            return address;
        }

        if ((await conversations.GetAsync(ConversationKind.Channel, address.ConversationId, cancellationToken))?.Name is { Length: > 0 } kept)
        {
            return address with { Name = kept };
        }

        try
        {
            // Teams answers a team it will not list for this bot with an error, or at times with no list at all.
            var channels = await TeamsInfo.GetTeamChannelsAsync(turnContext, teamId, cancellationToken) ?? [];
            var channel = channels.FirstOrDefault(c => string.Equals(c.Id, address.ConversationId, StringComparison.Ordinal));
            if (channel is null)
            {
                return address;
            }

            var team = await TeamsInfo.GetTeamDetailsAsync(turnContext, teamId, cancellationToken);
            return address with { Name = ChannelDisplayName.Of(team?.Name, channel.Name) };
        }
        catch (Exception ex) when (ex is ErrorResponseException or Microsoft.Rest.RestException or Microsoft.Bot.Connector.Authentication.ThrottleException or HttpRequestException or InvalidOperationException or NotSupportedException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Without the name the picker shows the channel's id: worse to read, but nothing is lost.
            var error = ex.GetType().Name;
            LogNoName(address.ConversationId, error, ex.Message);
            return address;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not read the name of channel {ChannelId} from Teams ({Error}: {Reason}); it is listed by its id")]
    private partial void LogNoName(string channelId, string error, string reason);
}
