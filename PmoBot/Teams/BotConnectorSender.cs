using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Microsoft.Rest;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Delivery;

namespace PmoBot.Teams;

/// <summary>The outbox's way into Teams: <c>ContinueConversationAsync</c> on a stored conversation reference.</summary>
public sealed class BotConnectorSender(PmoBotAdapter adapter, IOptions<BotCredentialsOptions> credentials, TimeProvider time) : IConversationSender
{
    public async Task<ConversationAddress> CreatePersonalConversationAsync(string tenantId, string userAadObjectId, string serviceUrl, CancellationToken cancellationToken)
    {
        var appId = credentials.Value.MicrosoftAppId ?? string.Empty;
        var botId = $"28:{appId}";
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount(botId),
            Members = [new ChannelAccount(userAadObjectId)],
            TenantId = tenantId,
            ChannelData = new Microsoft.Bot.Schema.Teams.TeamsChannelData { Tenant = new Microsoft.Bot.Schema.Teams.TenantInfo(tenantId) },
        };
        string? conversationId = null;
        try
        {
            await adapter.CreateConversationAsync(
                appId,
                Channels.Msteams,
                serviceUrl,
                AuthenticationConstants.ToChannelFromBotOAuthScope,
                parameters,
                (turnContext, _) =>
                {
                    conversationId = turnContext.Activity.Conversation?.Id;
                    return Task.CompletedTask;
                },
                cancellationToken);
        }
        catch (Exception ex)
        {
            throw Translate(ex, cancellationToken);
        }

        return new ConversationAddress(
            ConversationKind.Personal,
            conversationId ?? throw new DeliveryRejectedException(0, null, "Teams created the conversation but returned no id"),
            serviceUrl,
            tenantId,
            Channels.Msteams,
            botId,
            null,
            userAadObjectId,
            null,
            null,
            null,
            time.GetUtcNow());
    }

    public async Task<string?> SendAsync(ConversationAddress address, string? text, JsonObject? card, string? updateActivityId, SendSlotSource takeSlot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(takeSlot);
        ConnectorSendSlotHandler.TakeSlotsFrom(takeSlot);
        string? activityId = null;
        ExceptionDispatchInfo? failure = null;
        await adapter.ContinueConversationAsync(
            credentials.Value.MicrosoftAppId ?? string.Empty,
            ReferenceTo(address),
            async (turnContext, token) =>
            {
                // Caught here rather than around ContinueConversationAsync: the adapter would otherwise hand the
                // exception to its turn error handler, which apologises into the very conversation that failed.
                try
                {
                    activityId = await SendOrUpdateAsync(turnContext, new Reply(text, card), updateActivityId, token);
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
            },
            cancellationToken);

        if (failure is not null)
        {
            throw Translate(failure.SourceException, cancellationToken);
        }

        return activityId;
    }

    private static async Task<string?> SendOrUpdateAsync(ITurnContext turnContext, Reply reply, string? updateActivityId, CancellationToken cancellationToken)
    {
        var activity = ActivityMapping.ToActivity(reply);
        if (updateActivityId is null)
        {
            return (await turnContext.SendActivityAsync(activity, cancellationToken))?.Id;
        }

        activity.Id = updateActivityId;
        return (await turnContext.UpdateActivityAsync(activity, cancellationToken))?.Id ?? updateActivityId;
    }

    private static Exception Translate(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        ErrorResponseException { Response: { } response } error =>
            new DeliveryRejectedException((int)response.StatusCode, RetryAfterOf(response), error.Body?.Error?.Message ?? response.ReasonPhrase ?? error.Message, error),
        HttpOperationException { Response: { } response } error =>
            new DeliveryRejectedException((int)response.StatusCode, RetryAfterOf(response), response.ReasonPhrase ?? error.Message, error),
        HttpRequestException error => new DeliveryRejectedException(0, null, $"no answer from Teams: {error.Message}", error),
        TaskCanceledException error when !cancellationToken.IsCancellationRequested => new DeliveryRejectedException(0, null, "Teams did not answer in time", error),
        _ => exception,
    };

    /// <summary>Teams' Retry-After on a refusal, in seconds or as a date; null when it gave none.</summary>
    internal static TimeSpan? RetryAfterOf(HttpResponseMessageWrapper response)
    {
        if (!response.Headers.TryGetValue("Retry-After", out var values) || values.FirstOrDefault() is not { } value)
        {
            return null;
        }

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at - DateTimeOffset.UtcNow
            : null;
    }

    private static ConversationReference ReferenceTo(ConversationAddress address) => new()
    {
        ServiceUrl = address.ServiceUrl,
        ChannelId = address.ChannelId,
        Bot = new ChannelAccount(address.BotId, address.BotName),
        User = address.TeamsUserId is null ? null : new ChannelAccount(address.TeamsUserId, aadObjectId: address.UserKey),
        Conversation = new ConversationAccount(
            isGroup: address.Kind != ConversationKind.Personal,
            conversationType: address.Kind switch
            {
                ConversationKind.Channel => "channel",
                ConversationKind.GroupChat => "groupChat",
                _ => "personal",
            },
            id: address.ConversationId,
            tenantId: address.TenantId),
    };
}
