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
            if (exception is TurnReplyTimeoutException timedOut)
            {
                // Expected when the connector hangs (and handled by the outbox where the turn is watched): one line, no stack.
                LogReplyTimedOut(logger, turnContext.Activity?.Id, turnContext.Activity?.Type, timedOut.Waited.TotalSeconds);
            }
            else
            {
                LogTurnFailed(logger, exception, turnContext.Activity?.Id, turnContext.Activity?.Type, turnContext.Activity?.Conversation?.Id);
            }

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

    /// <summary>
    /// Runs the turn for an activity <see cref="AuthenticateAsync"/> accepted, and writes the HTTP answer (an invoke's
    /// response, or 200). A message or invoke that fails gets the apology (<see cref="CloudAdapter.OnTurnError"/>). An
    /// announcement nobody typed (a conversation or installation update, a reaction, an event) that fails is answered
    /// 503 when storage is unavailable (500 otherwise), for Teams to send again, and nothing is posted in the
    /// conversation: an apology in a team's General channel would answer a question nobody asked.
    /// </summary>
    public async Task RunTurnAsync(Activity activity, AuthenticateRequestResult authentication, IBot bot, HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(response);
        int? failed = null;
        var invokeResponse = await ProcessActivityAsync(
            authentication,
            activity,
            async (turnContext, turnCancellation) =>
            {
                try
                {
                    await bot.OnTurnAsync(turnContext, turnCancellation);
                }
                catch (Exception exception) when (IsAnnouncement(turnContext.Activity) && !(exception is OperationCanceledException && turnCancellation.IsCancellationRequested))
                {
                    LogAnnouncementFailed(Logger, exception, turnContext.Activity.Type, turnContext.Activity.Conversation?.Id);
                    failed = IsStorageFailure(exception) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
                }
            },
            cancellationToken);
        if (failed is { } status)
        {
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                response.Headers.RetryAfter = "30";
            }

            await Results.Problem(
                detail: $"PmoBot could not record this {activity.Type} just now ({(status == StatusCodes.Status503ServiceUnavailable ? "its storage is unavailable" : "an internal error")}); nothing was posted. Send it again later.",
                statusCode: status).ExecuteAsync(response.HttpContext);
            return;
        }

        await HttpHelper.WriteResponseAsync(response, invokeResponse);
    }

    /// <summary>An activity Teams sends about a conversation, not a person's message or a request waiting for an answer.</summary>
    private static bool IsAnnouncement(Activity activity) => activity.Type is not (ActivityTypes.Message or ActivityTypes.Invoke);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn for activity {ActivityId} ({ActivityType}) ended: Teams did not answer its send within {Seconds:0.#} s")]
    private static partial void LogReplyTimedOut(ILogger logger, string? activityId, string? activityType, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not handle a {ActivityType} in conversation {ConversationId}; answered 5xx for Teams to send it again")]
    private static partial void LogAnnouncementFailed(ILogger logger, Exception exception, string? activityType, string? conversationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell the user that activity {ActivityId} failed")]
    private static partial void LogApologyFailed(ILogger logger, Exception exception, string? activityId);
}
