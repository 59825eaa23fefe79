using Microsoft.Bot.Schema.Teams;
using PmoBot.People;
using PmoBot.Warnings;

namespace PmoBot.Teams;

/// <summary>
/// "Raise early warning", the action command of the compose box and command box: opens the warning form in a Teams
/// dialog, and turns what <see cref="ManualWarnings"/> answers into the dialog's next step (the form again, or a
/// closing message).
/// </summary>
public sealed class RaiseWarningExtension(ManualWarnings warnings)
{
    public async Task<MessagingExtensionActionResponse> FetchAsync(PmoUser caller, CancellationToken cancellationToken) =>
        Respond(await warnings.OpenAsync(caller, cancellationToken));

    public async Task<MessagingExtensionActionResponse> SubmitAsync(PmoUser caller, MessagingExtensionAction action, CancellationToken cancellationToken) =>
        Respond(await warnings.RaiseAsync(caller, ActivityMapping.DataOf(action.Data) ?? [], cancellationToken));

    private static MessagingExtensionActionResponse Respond(ManualWarningAnswer answer) => answer switch
    {
        ManualWarningAnswer.ShowForm form => new(task: new TaskModuleContinueResponse(new TaskModuleTaskInfo(
            title: ManualWarningForm.Title, height: "large", width: "medium", card: ActivityMapping.CardAttachment(form.Card)))),
        ManualWarningAnswer.Close close => LogRiskExtension.Message(close.Message),
        _ => throw new InvalidOperationException($"Unknown answer {answer.GetType().Name}"),
    };
}
