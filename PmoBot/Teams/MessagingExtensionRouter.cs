using Azure;
using Microsoft.Bot.Schema.Teams;
using PmoBot.People;
using PmoBot.Storage;

namespace PmoBot.Teams;

/// <summary>
/// Sends each messaging-extension invoke to its command by id, and answers every failure in the shape Teams waits
/// for (a search message or a dialog message): the adapter's turn-error answer is an Adaptive Card invoke response,
/// which a search box or a dialog cannot show.
/// "Raise early warning" is answered when the Warnings feature is wired (<paramref name="raiseWarning"/>), "Suggest
/// process improvement" when the Processes feature is (<paramref name="suggestImprovement"/>); without them the command
/// is answered as unknown.
/// </summary>
public sealed partial class MessagingExtensionRouter(
    ProjectSearchExtension search,
    LogRiskExtension logRisk,
    ILogger<MessagingExtensionRouter> logger,
    RaiseWarningExtension? raiseWarning = null,
    PostEventExtension? postEvent = null,
    SuggestImprovementExtension? suggestImprovement = null,
    OpportunitySearchExtension? findOpportunity = null)
{
    public static string UnknownCommandMessage(string? commandId) =>
        $"PmoBot does not know this messaging-extension command ({(string.IsNullOrWhiteSpace(commandId) ? "no command id" : commandId)}), perhaps from an older version of the app. Nothing was changed.";

    public Task<MessagingExtensionResponse> QueryAsync(Func<CancellationToken, Task<PmoUser>> recognize, MessagingExtensionQuery query, CancellationToken cancellationToken) =>
        GuardAsync(
            query.CommandId,
            async () => query.CommandId switch
            {
                MessagingExtensionCommands.FindProject => await search.QueryAsync(await recognize(cancellationToken), query, cancellationToken),
                MessagingExtensionCommands.FindOpportunity when findOpportunity is not null => await findOpportunity.QueryAsync(await recognize(cancellationToken), query, cancellationToken),
                _ => QueryMessage(Unknown(query.CommandId)),
            },
            QueryMessage);

    /// <param name="channelKey">The channel the command was opened in, if any: the event form ticks it.</param>
    public Task<MessagingExtensionActionResponse> FetchTaskAsync(Func<CancellationToken, Task<PmoUser>> recognize, MessagingExtensionAction action, CancellationToken cancellationToken, string? channelKey = null) =>
        GuardAsync(
            action.CommandId,
            async () => action.CommandId switch
            {
                MessagingExtensionCommands.LogRisk => await logRisk.FetchAsync(await recognize(cancellationToken), action, cancellationToken),
                MessagingExtensionCommands.RaiseWarning when raiseWarning is not null => await raiseWarning.FetchAsync(await recognize(cancellationToken), cancellationToken),
                MessagingExtensionCommands.PostLearningEvent when postEvent is not null => await postEvent.FetchAsync(await recognize(cancellationToken), channelKey, cancellationToken),
                MessagingExtensionCommands.SuggestImprovement when suggestImprovement is not null => await suggestImprovement.FetchAsync(action, cancellationToken),
                _ => LogRiskExtension.Message(Unknown(action.CommandId)),
            },
            LogRiskExtension.Message);

    public Task<MessagingExtensionActionResponse> SubmitActionAsync(Func<CancellationToken, Task<PmoUser>> recognize, MessagingExtensionAction action, CancellationToken cancellationToken) =>
        GuardAsync(
            action.CommandId,
            async () => action.CommandId switch
            {
                MessagingExtensionCommands.LogRisk => await logRisk.SubmitAsync(await recognize(cancellationToken), action, cancellationToken),
                MessagingExtensionCommands.RaiseWarning when raiseWarning is not null => await raiseWarning.SubmitAsync(await recognize(cancellationToken), action, cancellationToken),
                MessagingExtensionCommands.PostLearningEvent when postEvent is not null => await postEvent.SubmitAsync(await recognize(cancellationToken), action, cancellationToken),
                MessagingExtensionCommands.SuggestImprovement when suggestImprovement is not null => await suggestImprovement.SubmitAsync(await recognize(cancellationToken), action, cancellationToken),
                _ => LogRiskExtension.Message(Unknown(action.CommandId)),
            },
            LogRiskExtension.Message);

    private static MessagingExtensionResponse QueryMessage(string text) => new(new MessagingExtensionResult(type: "message", text: text));

    private string Unknown(string? commandId)
    {
        LogUnknownCommand(commandId);
        return UnknownCommandMessage(commandId);
    }

    private async Task<T> GuardAsync<T>(string? commandId, Func<Task<T>> handle, Func<string, T> message)
    {
        try
        {
            return await handle();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var storage = ex is RequestFailedException or ConcurrencyConflictException || ex.InnerException is RequestFailedException;
            LogFailed(ex, commandId);
            return message(storage ? PmoBotAdapter.StorageFailureMessage : PmoBotAdapter.FailureMessage);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messaging-extension invoke for unknown command {CommandId}")]
    private partial void LogUnknownCommand(string? commandId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Messaging-extension command {CommandId} failed")]
    private partial void LogFailed(Exception exception, string? commandId);
}
