using Microsoft.Bot.Schema.Teams;
using PmoBot.People;
using PmoBot.Processes;

namespace PmoBot.Teams;

/// <summary>
/// "Suggest process improvement", the message action: a Teams dialog with the process suggestion form prefilled with
/// the message's text and link, and its next step after Suggest (the form again, or a closing message).
/// </summary>
public sealed class SuggestImprovementExtension(SuggestionForm form)
{
    public const string Title = "Suggest process improvement";

    public async Task<MessagingExtensionActionResponse> FetchAsync(MessagingExtensionAction action, CancellationToken cancellationToken) =>
        Respond(await form.OpenAsync(LogRiskExtension.SourceText(action.MessagePayload), action.MessagePayload?.LinkToMessage?.ToString(), cancellationToken));

    public async Task<MessagingExtensionActionResponse> SubmitAsync(PmoUser caller, MessagingExtensionAction action, CancellationToken cancellationToken) =>
        Respond(await form.SubmitAsync(caller, ActivityMapping.DataOf(action.Data) ?? [], action.MessagePayload?.LinkToMessage?.ToString(), cancellationToken, action.MessagePayload?.Id));

    private static MessagingExtensionActionResponse Respond(SuggestionFormAnswer answer) => answer switch
    {
        SuggestionFormAnswer.ShowForm show => new(task: new TaskModuleContinueResponse(new TaskModuleTaskInfo(
            title: Title, height: "medium", width: "medium", card: ActivityMapping.CardAttachment(show.Card)))),
        SuggestionFormAnswer.Close close => LogRiskExtension.Message(close.Message),
        _ => throw new InvalidOperationException($"Unknown answer {answer.GetType().Name}"),
    };
}
