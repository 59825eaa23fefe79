using Microsoft.Bot.Schema.Teams;
using PmoBot.Development.Events;
using PmoBot.People;

namespace PmoBot.Teams;

/// <summary>
/// "Post learning event", the action command of the compose box and command box: opens the event form in a Teams
/// dialog (with the channel it was opened in ticked) and turns what <see cref="EventOrganiser"/> answers into the
/// dialog's next step: the form again with its errors, or a closing message saying where the card was posted.
/// </summary>
public sealed class PostEventExtension(EventOrganiser organiser)
{
    public async Task<MessagingExtensionActionResponse> FetchAsync(PmoUser caller, string? channelKey, CancellationToken cancellationToken) =>
        Respond(await organiser.OpenAsync(caller, channelKey, asDialog: true, cancellationToken));

    public async Task<MessagingExtensionActionResponse> SubmitAsync(PmoUser caller, MessagingExtensionAction action, CancellationToken cancellationToken) =>
        Respond(await organiser.SaveAsync(caller, ActivityMapping.DataOf(action.Data) ?? [], asDialog: true, cancellationToken));

    private static MessagingExtensionActionResponse Respond(EventFormAnswer answer) => answer switch
    {
        EventFormAnswer.ShowForm form => new(task: new TaskModuleContinueResponse(new TaskModuleTaskInfo(
            title: EventForm.Title, height: "large", width: "medium", card: ActivityMapping.CardAttachment(form.Card)))),
        EventFormAnswer.Saved saved => LogRiskExtension.Message(EventOrganiser.Confirmation(saved)),
        EventFormAnswer.Refused refused => LogRiskExtension.Message(refused.Message),
        _ => throw new InvalidOperationException($"Unknown answer {answer.GetType().Name}"),
    };
}
