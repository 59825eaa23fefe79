using Azure;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

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
                await turnContext.SendActivityAsync(IsStorageFailure(exception) ? StorageFailureMessage : FailureMessage);
            }
            catch (Exception sendFailure)
            {
                LogApologyFailed(logger, sendFailure, turnContext.Activity?.Id);
            }
        };
    }

    private static bool IsStorageFailure(Exception exception) =>
        exception is RequestFailedException or Storage.ConcurrencyConflictException
        || exception.InnerException is RequestFailedException;

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed for activity {ActivityId} ({ActivityType}) in conversation {ConversationId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string? activityId, string? activityType, string? conversationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not tell the user that activity {ActivityId} failed")]
    private static partial void LogApologyFailed(ILogger logger, Exception exception, string? activityId);
}
