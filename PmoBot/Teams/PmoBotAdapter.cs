using Azure;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace PmoBot.Teams;

/// <summary>The CloudAdapter with one constructor (so DI can build it) and a turn error handler that tells the user.</summary>
public sealed partial class PmoBotAdapter : CloudAdapter
{
    public const string FailureMessage = "Sorry, PmoBot could not finish that request. Nothing you had saved was lost; please try again in a moment.";
    public const string StorageFailureMessage = "Sorry, PmoBot could not reach its storage just now, so nothing was changed. Please try again in a minute.";

    public PmoBotAdapter(BotFrameworkAuthentication authentication, ILogger<PmoBotAdapter> logger)
        : base(authentication, logger)
    {
        OnTurnError = async (turnContext, exception) =>
        {
            LogTurnFailed(logger, exception, turnContext.Activity?.Id, turnContext.Activity?.Type, turnContext.Activity?.Conversation?.Id);
            try
            {
                var message = IsStorageFailure(exception) ? StorageFailureMessage : FailureMessage;
                await (turnContext.Activity?.Type == ActivityTypes.Invoke
                    ? turnContext.SendActivityAsync(InvokeAnswer(message))
                    : turnContext.SendActivityAsync(message));
            }
            catch (Exception sendFailure)
            {
                LogApologyFailed(logger, sendFailure, turnContext.Activity?.Id);
            }
        };
    }

    /// <summary>
    /// Checks the request's token with the SDK, as <see cref="CloudAdapter.ProcessAsync(HttpRequest, HttpResponse, IBot, CancellationToken)"/>
    /// would, but hands back every refusal instead of throwing it: the endpoint answers 401 and the rate limiter counts it.
    /// </summary>
    public async Task<BotAuthenticationOutcome> AuthenticateAsync(Activity activity, string? authorization, CancellationToken cancellationToken)
    {
        try
        {
            return new BotAuthenticationOutcome(await BotFrameworkAuthentication.AuthenticateRequestAsync(activity, authorization, cancellationToken), null);
        }
        catch (Exception exception) when (BotAuthenticationOutcome.RefusalFor(exception, authorization) is { } refusal)
        {
            return new BotAuthenticationOutcome(null, refusal);
        }
    }

    /// <summary>Runs the turn for an activity <see cref="AuthenticateAsync"/> accepted, and writes the HTTP answer (an invoke's response, or 200).</summary>
    public async Task RunTurnAsync(Activity activity, AuthenticateRequestResult authentication, IBot bot, HttpResponse response, CancellationToken cancellationToken)
    {
        var invokeResponse = await ProcessActivityAsync(authentication, activity, bot.OnTurnAsync, cancellationToken);
        await HttpHelper.WriteResponseAsync(response, invokeResponse);
    }

    /// <summary>A clicked card waits for an invoke response; answering one (with the apology) spares the user Teams' generic error.</summary>
    private static Activity InvokeAnswer(string message) => new()
    {
        Type = ActivityTypesEx.InvokeResponse,
        Value = new InvokeResponse
        {
            Status = 200,
            Body = new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = message },
        },
    };

    private static bool IsStorageFailure(Exception exception) =>
        exception is RequestFailedException or Storage.ConcurrencyConflictException
        || exception.InnerException is RequestFailedException;

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed for activity {ActivityId} ({ActivityType}) in conversation {ConversationId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string? activityId, string? activityType, string? conversationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell the user that activity {ActivityId} failed")]
    private static partial void LogApologyFailed(ILogger logger, Exception exception, string? activityId);
}
