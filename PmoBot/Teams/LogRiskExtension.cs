using Microsoft.Bot.Schema.Teams;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Risks;

namespace PmoBot.Teams;

/// <summary>
/// "Log as risk", the message action: opens the risk form in a Teams dialog prefilled from the message, and
/// turns what the risk register answers into the dialog's next step (the form again, or a closing message).
/// </summary>
public sealed class LogRiskExtension(RiskRegister risks)
{
    public async Task<MessagingExtensionActionResponse> FetchAsync(PmoUser caller, MessagingExtensionAction action, CancellationToken cancellationToken) =>
        Respond(await risks.OpenAsync(caller, SourceText(action.MessagePayload), cancellationToken));

    public async Task<MessagingExtensionActionResponse> SubmitAsync(PmoUser caller, MessagingExtensionAction action, CancellationToken cancellationToken) =>
        Respond(await risks.LogAsync(caller, ActivityMapping.DataOf(action.Data) ?? [], SourceText(action.MessagePayload), cancellationToken));

    /// <summary>The message's words: Teams sends the body as HTML (or, from some clients, as text).</summary>
    public static string SourceText(MessageActionsPayload? message) =>
        MessageText.Plain(message?.Body?.Content, !string.Equals(message?.Body?.ContentType, "text", StringComparison.OrdinalIgnoreCase));

    public static MessagingExtensionActionResponse Message(string text) => new(task: new TaskModuleMessageResponse(text));

    private static MessagingExtensionActionResponse Respond(RiskFormAnswer answer) => answer switch
    {
        RiskFormAnswer.ShowForm form => new(task: new TaskModuleContinueResponse(new TaskModuleTaskInfo(
            title: RiskForm.Title, height: "large", width: "medium", card: ActivityMapping.CardAttachment(form.Card)))),
        RiskFormAnswer.Close close => Message(close.Message),
        _ => throw new InvalidOperationException($"Unknown answer {answer.GetType().Name}"),
    };
}
