using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Telemetry;

namespace PmoBot.Teams;

/// <summary>
/// The door from Teams into PmoBot. It only forwards: typed text to the command router, card buttons to the
/// handler of their verb, messaging-extension invokes to their command, installs to the conversation reference
/// store, and sends back what the features answer. Everything it knows about a turn comes from the activity;
/// everything it keeps goes to storage.
/// </summary>
public sealed partial class PmoTeamsBot(
    PeopleDirectory people,
    ConversationReferenceStore conversations,
    ProcessedActivityStore processedActivities,
    CommandRouter commands,
    CardActionRouter cardActions,
    TimeProvider time,
    ILogger<PmoTeamsBot> logger,
    FileUploadRouter? fileUploads = null,
    MessagingExtensionRouter? messagingExtension = null,
    FileConsentUploads? fileConsents = null,
    IEnumerable<IReadReceiptObserver>? readReceipts = null,
    ChannelNames? channelNames = null,
    TurnTelemetry? telemetry = null,
    ThrottledReplyFallback? replyFallback = null,
    TeamChanges? teamChanges = null,
    WelcomeNotes? welcomeNotes = null) : TeamsActivityHandler
{
    public const string ReadReceiptEventName = "application/vnd.microsoft.readReceipt";

    public const string ChannelIntroduction = "Hello, I'm PmoBot, the PMO's assistant. Mention me with **help** to see what I can do here.";

    private const string UpgradeAdded = "add-upgrade";

    private const string UpgradeRemoved = "remove-upgrade";

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var activity = turnContext.Activity;
        // Invokes are not claimed: Teams waits for an answer to each one, and card actions are idempotent. An install
        // is: sent again, it would introduce PmoBot in the channel twice.
        var claimable = activity.Type is ActivityTypes.Message or ActivityTypes.InstallationUpdate
            && !string.IsNullOrEmpty(activity.Id) && activity.Conversation?.Id is not null;
        var sentAt = activity.Timestamp ?? time.GetUtcNow();
        using var turn = telemetry?.Begin(activity.Type ?? "unknown", activity.Type == ActivityTypes.Invoke ? activity.Name : null);
        // The message's reads start now, beside the claim; a second delivery only waits for them to end.
        var ahead = claimable ? TurnReadAhead.Start(turnContext, people, commands, cancellationToken) : null;
        try
        {
            if (claimable && !await processedActivities.TryClaimAsync(activity.Conversation!.Id, activity.Id, sentAt, cancellationToken))
            {
                TurnTelemetry.Describe(command: "duplicate");
                LogDuplicate(activity.Id, activity.Conversation.Id);
                return;
            }

            await HandleClaimedAsync(turnContext, claimable, sentAt, cancellationToken);
        }
        finally
        {
            if (ahead is not null)
            {
                await ahead.SettleAsync();
            }
        }
    }

    /// <summary>Handles a turn that is not a second delivery; when it fails, a claimed activity is given back for Teams' retry.</summary>
    private async Task HandleClaimedAsync(ITurnContext turnContext, bool claimed, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        try
        {
            await base.OnTurnAsync(turnContext, cancellationToken);
        }
        catch (Exception ex)
        {
            TurnTelemetry.Failed(ex);
            if (claimed)
            {
                var activity = turnContext.Activity;
                await processedActivities.ReleaseAsync(activity.Conversation!.Id, activity.Id, sentAt, CancellationToken.None);
            }

            throw;
        }
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var (caller, isFirstVisit, address) = await RecognizeAsync(turnContext, cancellationToken);
        var data = ActivityMapping.DataOf(activity.Value);
        var verb = CardActionRouter.VerbOf(data);
        if (verb is not null)
        {
            var reply = await cardActions.RouteAsync(verb, new CardActionRequest(caller, data!, ActivityMapping.KindOf(activity), ActivityMapping.LocaleOf(activity)), cancellationToken);
            await SendOrUpdateAsync(turnContext, reply, activity.ReplyToId, cancellationToken);
            return;
        }

        if (fileUploads is not null && ActivityMapping.FileOf(activity) is { } file)
        {
            var uploaded = await fileUploads.RouteAsync(new FileUploadRequest(caller, file, ActivityMapping.KindOf(activity)), cancellationToken);
            await turnContext.SendActivityAsync(ActivityMapping.ToActivity(uploaded), cancellationToken);
            return;
        }

        if (isFirstVisit)
        {
            await SendWelcomeAsync(turnContext, caller, cancellationToken);
        }

        var (text, mentions) = ActivityMapping.CommandOf(activity);
        var nothingTyped = CommandText.Normalize(text).Length == 0;
        if (isFirstVisit && (nothingTyped || SmallTalk.IsGreeting(text)))
        {
            // The welcome card is the answer to a first "hello".
            return;
        }

        var answer = data is not null && text.Length == 0
            ? Reply.Message("That card did not say what to do, so nothing was changed. Type **help** to see what you can do.")
            : nothingTyped && ActivityMapping.CardsOf(activity) is { Count: > 0 } cards
                ? CommandRouter.CardsWithoutText(cards)
            : nothingTyped && ActivityMapping.HasPicturesOrOtherAttachments(activity)
                ? CommandRouter.AttachmentsWithoutText
                : await commands.RouteAsync(caller, text, ActivityMapping.KindOf(activity), mentions, cancellationToken, Place(activity, address), TurnReadAhead.Of(turnContext, caller.UserKey)?.Flows);
        await turnContext.SendActivityAsync(ActivityMapping.ToActivity(answer), cancellationToken);
    }

    /// <summary>
    /// An invoke PmoBot does not offer (a name from another app's manifest, an older client, a forged request) is the
    /// sender's mistake: 400 naming the invoke, where the SDK would answer 501 with an empty body.
    /// </summary>
    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        var response = await base.OnInvokeActivityAsync(turnContext, cancellationToken);
        var name = string.IsNullOrEmpty(turnContext.Activity.Name) ? "(no name)" : turnContext.Activity.Name;
        if (response?.Status == StatusCodes.Status501NotImplemented)
        {
            TurnTelemetry.Describe(command: "unknown-invoke");
            LogUnknownInvoke(name.Length > 100 ? name[..100] : name);
            return BadRequest($"PmoBot does not handle the invoke '{name}'. It answers card actions (adaptiveCard/action), its messaging-extension commands and file consent.");
        }

        // The SDK refuses a file consent answer that is neither accept nor decline with a bare string naming the action,
        // thrown as an exception type it keeps internal: its answer can only be rewritten here.
        if (response?.Status == StatusCodes.Status400BadRequest && response.Body is string && name == "fileConsent/invoke")
        {
            var action = (turnContext.Activity.Value as Newtonsoft.Json.Linq.JObject)?["action"]?.ToString();
            return BadRequest($"A file consent answer says accept or decline; this one said {(string.IsNullOrEmpty(action) ? "nothing" : $"'{action}'")}, so no file was sent.");
        }

        return response!;
    }

    private static InvokeResponse BadRequest(string detail) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Body = new Newtonsoft.Json.Linq.JObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            ["title"] = "Bad Request",
            ["status"] = StatusCodes.Status400BadRequest,
            ["detail"] = detail,
        },
    };

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var (caller, _, _) = await RecognizeAsync(turnContext, cancellationToken);
        var data = ActivityMapping.DataOf(invokeValue.Action?.Data) ?? [];
        var reply = await cardActions.RouteAsync(invokeValue.Action?.Verb, new CardActionRequest(caller, data, ActivityMapping.KindOf(turnContext.Activity), ActivityMapping.LocaleOf(turnContext.Activity)), cancellationToken);
        return ActivityMapping.ToInvokeResponse(reply);
    }

    protected override Task<MessagingExtensionResponse> OnTeamsMessagingExtensionQueryAsync(ITurnContext<IInvokeActivity> turnContext, MessagingExtensionQuery query, CancellationToken cancellationToken) =>
        messagingExtension?.QueryAsync(ct => RecognizeCallerAsync(turnContext, ct), query, cancellationToken)
        ?? base.OnTeamsMessagingExtensionQueryAsync(turnContext, query, cancellationToken);

    protected override Task<MessagingExtensionActionResponse> OnTeamsMessagingExtensionFetchTaskAsync(ITurnContext<IInvokeActivity> turnContext, MessagingExtensionAction action, CancellationToken cancellationToken) =>
        messagingExtension?.FetchTaskAsync(ct => RecognizeCallerAsync(turnContext, ct), action, cancellationToken, ChannelKeyOf(turnContext.Activity))
        ?? base.OnTeamsMessagingExtensionFetchTaskAsync(turnContext, action, cancellationToken);

    protected override Task<MessagingExtensionActionResponse> OnTeamsMessagingExtensionSubmitActionAsync(ITurnContext<IInvokeActivity> turnContext, MessagingExtensionAction action, CancellationToken cancellationToken) =>
        messagingExtension?.SubmitActionAsync(ct => RecognizeCallerAsync(turnContext, ct), action, cancellationToken)
        ?? base.OnTeamsMessagingExtensionSubmitActionAsync(turnContext, action, cancellationToken);

    /// <summary>PmoBot answers its actions with cards, never a preview, so a preview's Send or Edit comes from something else.</summary>
    protected override Task<MessagingExtensionActionResponse> OnTeamsMessagingExtensionBotMessagePreviewSendAsync(ITurnContext<IInvokeActivity> turnContext, MessagingExtensionAction action, CancellationToken cancellationToken) =>
        Task.FromResult(NoPreview);

    protected override Task<MessagingExtensionActionResponse> OnTeamsMessagingExtensionBotMessagePreviewEditAsync(ITurnContext<IInvokeActivity> turnContext, MessagingExtensionAction action, CancellationToken cancellationToken) =>
        Task.FromResult(NoPreview);

    private static MessagingExtensionActionResponse NoPreview => new()
    {
        Task = new TaskModuleMessageResponse("PmoBot did not show a preview here, so there is nothing to send or edit. Nothing was posted; choose the action again."),
    };

    protected override async Task OnTeamsFileConsentAcceptAsync(ITurnContext<IInvokeActivity> turnContext, FileConsentCardResponse fileConsentCardResponse, CancellationToken cancellationToken)
    {
        if (fileConsents is null)
        {
            await base.OnTeamsFileConsentAcceptAsync(turnContext, fileConsentCardResponse, cancellationToken);
            return;
        }

        var (caller, _, _) = await RecognizeAsync(turnContext, cancellationToken);
        await fileConsents.AcceptAsync(turnContext, caller, fileConsentCardResponse, cancellationToken);
    }

    protected override async Task OnTeamsFileConsentDeclineAsync(ITurnContext<IInvokeActivity> turnContext, FileConsentCardResponse fileConsentCardResponse, CancellationToken cancellationToken)
    {
        if (fileConsents is null)
        {
            await base.OnTeamsFileConsentDeclineAsync(turnContext, fileConsentCardResponse, cancellationToken);
            return;
        }

        // Recognised as for accept, so the note is watched: Teams refusing or not answering it hands it to the outbox.
        await RecognizeAsync(turnContext, cancellationToken);
        await FileConsentUploads.DeclineAsync(turnContext, fileConsentCardResponse, cancellationToken);
    }

    /// <summary>
    /// The read receipt is the one event PmoBot reads. Every other (a meeting's start or end, participants joining or
    /// leaving) is taken and ignored without reading its value: the SDK would convert it first and throw on a value
    /// that is not the shape it expects, and Teams would send again, for ever, an event nobody uses. A read receipt
    /// without its value is dropped for the same reason.
    /// </summary>
    protected override Task OnEventActivityAsync(ITurnContext<IEventActivity> turnContext, CancellationToken cancellationToken) =>
        turnContext.Activity.Name == ReadReceiptEventName && turnContext.Activity.Value is Newtonsoft.Json.Linq.JObject
            ? base.OnEventActivityAsync(turnContext, cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// Teams' <c>application/vnd.microsoft.readReceipt</c> event: the person read their personal chat up to a message.
    /// Only personal chats send it; the features get it as a plain <see cref="ReadReceipt"/>.
    /// </summary>
    protected override async Task OnTeamsReadReceiptAsync(ReadReceiptInfo readReceiptInfo, ITurnContext<IEventActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (readReceipts is null || string.IsNullOrEmpty(readReceiptInfo?.LastReadMessageId) || string.IsNullOrEmpty(activity.From?.Id)
            || ActivityMapping.KindOf(activity) != ConversationKind.Personal)
        {
            return;
        }

        var receipt = new ReadReceipt(ActivityMapping.Caller(activity).UserKey, readReceiptInfo.LastReadMessageId, activity.Timestamp ?? time.GetUtcNow());
        foreach (var observer in readReceipts)
        {
            await observer.MessagesReadAsync(receipt, cancellationToken);
        }
    }

    /// <summary>
    /// The SDK takes an app upgrade for an install or a removal (it routes by the "add" and "remove" prefixes). An
    /// upgrade ("add-upgrade") only refreshes what PmoBot keeps, without introducing PmoBot again; its companion
    /// "remove-upgrade" removes nothing, so nobody is marked unreachable.
    /// </summary>
    protected override Task OnInstallationUpdateActivityAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        turnContext.Activity.Action switch
        {
            UpgradeAdded => InstalledAsync(turnContext, upgrade: true, cancellationToken),
            UpgradeRemoved => Task.CompletedTask,
            _ => base.OnInstallationUpdateActivityAsync(turnContext, cancellationToken),
        };

    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        InstalledAsync(turnContext, upgrade: false, cancellationToken);

    private async Task InstalledAsync(ITurnContext<IInstallationUpdateActivity> turnContext, bool upgrade, CancellationToken cancellationToken)
    {
        var (caller, isFirstVisit, address) = await RecognizeAsync(turnContext, cancellationToken);
        if (address.Kind == ConversationKind.Personal)
        {
            // Installed again after removing PmoBot: the chat is reachable again, also where another instance handled
            // the removal and this one's saved address was still fresh (so the turn's save was skipped).
            await conversations.UpdateAsync(address.Kind, address.Key, kept => kept with { UnreachableSince = null, UnreachableReason = null }, cancellationToken);
        }

        if (ActivityMapping.KindOf(turnContext.Activity) != ConversationKind.Personal)
        {
            if (TeamOf(turnContext.Activity) is { } team)
            {
                // Installed in a team again: the channels it had are offered again.
                await ApplyTeamChangeAsync(TeamChangeKind.BotAdded, team, null, turnContext, cancellationToken);
            }

            if (!upgrade)
            {
                await turnContext.SendActivityAsync(MessageFactory.Text(ChannelIntroduction), cancellationToken);
            }
        }
        else if (isFirstVisit)
        {
            await SendWelcomeAsync(turnContext, caller, cancellationToken);
        }
    }

    protected override async Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (TeamOf(activity) is { } removedFrom)
        {
            // Uninstalled from a team: none of its channels can be posted to any more, not only the one it came from.
            await ApplyTeamChangeAsync(TeamChangeKind.BotRemoved, removedFrom, null, turnContext, cancellationToken);
            return;
        }

        var caller = ActivityMapping.Caller(activity);
        var now = time.GetUtcNow();
        var address = ActivityMapping.Address(activity, caller.UserKey, now);
        if (address.Kind == ConversationKind.Personal)
        {
            // Kept, marked unreachable: messages for them fail with this reason in delivery status (not "never opened
            // PmoBot"), and the outbox does not install the app again for someone who removed it. Reinstalling, or
            // writing to PmoBot, makes the chat reachable again.
            // Written whole from the activity's own reference: also for someone PmoBot had no reference for yet.
            await conversations.SaveAsync(address with { UnreachableSince = now, UnreachableReason = $"{caller.Name} removed PmoBot from their Teams apps on {now:yyyy-MM-dd}" }, cancellationToken);
        }
        else
        {
            await conversations.RemoveAsync(address.Kind, address.Key, cancellationToken);
        }

        LogRemoved(address.Kind, address.ConversationId);
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (!membersAdded.Any(m => m.Id == turnContext.Activity.Recipient?.Id))
        {
            return;
        }

        if (TeamOf(turnContext.Activity) is { } team)
        {
            await ApplyTeamChangeAsync(TeamChangeKind.BotAdded, team, null, turnContext, cancellationToken);
        }

        // Teams announces an install twice (installationUpdate and conversationUpdate): recognising the user
        // marks them seen, so only the first of the two sends the welcome.
        var (caller, isFirstVisit, _) = await RecognizeAsync(turnContext, cancellationToken);
        if (isFirstVisit && ActivityMapping.KindOf(turnContext.Activity) == ConversationKind.Personal)
        {
            await SendWelcomeAsync(turnContext, caller, cancellationToken);
        }
    }

    /// <summary>
    /// Someone joined a team PmoBot is in, or PmoBot was added. The SDK would first ask Teams for every new member's
    /// details, one call each (a team of 500 joining at once is 500 calls, and one refused fails the event); PmoBot only
    /// looks for itself among the ids, so the list goes straight on.
    /// </summary>
    protected override Task OnTeamsMembersAddedDispatchAsync(IList<ChannelAccount> membersAdded, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        OnMembersAddedAsync(membersAdded, turnContext, cancellationToken);

    protected override async Task OnMembersRemovedAsync(IList<ChannelAccount> membersRemoved, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (membersRemoved.Any(m => m.Id == turnContext.Activity.Recipient?.Id) && TeamOf(turnContext.Activity) is { } team)
        {
            await ApplyTeamChangeAsync(TeamChangeKind.BotRemoved, team, null, turnContext, cancellationToken);
        }
    }

    protected override Task OnTeamsChannelCreatedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        ApplyTeamChangeAsync(TeamChangeKind.ChannelCreated, teamInfo, channelInfo, turnContext, cancellationToken);

    protected override Task OnTeamsChannelRenamedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        ApplyTeamChangeAsync(TeamChangeKind.ChannelRenamed, teamInfo, channelInfo, turnContext, cancellationToken);

    protected override Task OnTeamsChannelDeletedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        ApplyTeamChangeAsync(TeamChangeKind.ChannelDeleted, teamInfo, channelInfo, turnContext, cancellationToken);

    protected override Task OnTeamsChannelRestoredAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        ApplyTeamChangeAsync(TeamChangeKind.ChannelRestored, teamInfo, channelInfo, turnContext, cancellationToken);

    protected override Task OnTeamsTeamRenamedAsync(TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        ApplyTeamChangeAsync(TeamChangeKind.TeamRenamed, teamInfo, null, turnContext, cancellationToken);

    protected override Task OnTeamsTeamArchivedAsync(TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        ApplyTeamChangeAsync(TeamChangeKind.TeamArchived, teamInfo, null, turnContext, cancellationToken);

    protected override Task OnTeamsTeamUnarchivedAsync(TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        ApplyTeamChangeAsync(TeamChangeKind.TeamUnarchived, teamInfo, null, turnContext, cancellationToken);

    protected override Task OnTeamsTeamDeletedAsync(TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        ApplyTeamChangeAsync(TeamChangeKind.TeamDeleted, teamInfo, null, turnContext, cancellationToken);

    protected override Task OnTeamsTeamHardDeletedAsync(TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        ApplyTeamChangeAsync(TeamChangeKind.TeamDeleted, teamInfo, null, turnContext, cancellationToken);

    protected override Task OnTeamsTeamRestoredAsync(TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        ApplyTeamChangeAsync(TeamChangeKind.TeamRestored, teamInfo, null, turnContext, cancellationToken);

    /// <summary>
    /// A team or channel change from Teams, handed to <see cref="TeamChanges"/> as plain data. The team comes from the
    /// event, or from the activity's channel data when the event left it out; without a team there is nothing to change.
    /// </summary>
    private async Task ApplyTeamChangeAsync(TeamChangeKind kind, TeamInfo? teamInfo, ChannelInfo? channelInfo, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        TurnTelemetry.Describe(command: $"team-change {kind}");
        var activity = turnContext.Activity;
        var teamId = teamInfo?.Id is { Length: > 0 } id ? id : TeamOf(activity)?.Id;
        if (teamChanges is null || teamId is null)
        {
            return;
        }

        var channel = channelInfo?.Id is { Length: > 0 } channelId ? ActivityMapping.ChannelAddress(activity, channelId, teamId, time.GetUtcNow()) : null;
        var teamName = teamInfo?.Name is { Length: > 0 } name ? name : TeamOf(activity)?.Name;
        await teamChanges.ApplyAsync(new TeamChange(kind, teamId, string.IsNullOrWhiteSpace(teamName) ? null : teamName, channel, channelInfo?.Name), cancellationToken);
    }

    /// <summary>The team of a Teams activity from a team (its channel data), or null in a chat.</summary>
    private static TeamInfo? TeamOf(IActivity activity) =>
        ActivityMapping.TryGetTeamsChannelData(activity)?.Team is { Id.Length: > 0 } team ? team : null;

    /// <summary>The caller, whether this is their first visit, and the conversation as stored (a channel with its name).</summary>
    private sealed record RecognizedTurn(PmoUser User, bool IsFirstVisit, ConversationAddress Address);

    private async Task<RecognizedTurn> RecognizeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var caller = ActivityMapping.Caller(activity);
        // The welcome shows the person's role and time zone: it belongs in their personal chat, and only a turn there
        // is their first visit. An invoke sends no welcome (and a "personal" one may come from a chat between two
        // people), so it leaves the first visit to the chat's first message or install.
        var inPersonalChat = ActivityMapping.KindOf(activity) == ConversationKind.Personal && activity.Type != ActivityTypes.Invoke;
        var recognition = TurnReadAhead.Of(turnContext, caller.UserKey) is { } ahead
            ? await people.RecognizeAsync(caller, await ahead.Profile, inPersonalChat, cancellationToken)
            : await people.RecognizeAsync(caller, inPersonalChat, cancellationToken);
        TurnTelemetry.Describe(role: RoleTag(recognition.User));
        var address = ActivityMapping.Address(activity, recognition.User.UserKey, time.GetUtcNow());
        if (channelNames is not null)
        {
            address = await channelNames.NamedAsync(turnContext, address, cancellationToken);
        }

        await conversations.SaveAsync(address, cancellationToken);
        replyFallback?.Watch(turnContext, address);
        return new RecognizedTurn(recognition.User, recognition.IsFirstVisit, address);
    }

    /// <summary>
    /// Recognises the caller as a message does, never as their first visit, and keeps no conversation address: a messaging extension is used in
    /// any chat, also one the bot is not part of (a 1:1 chat between two people is "personal" too), and saving
    /// that as the person's personal chat would send their proactive messages where the bot cannot post.
    /// </summary>
    private async Task<PmoUser> RecognizeCallerAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var caller = (await people.RecognizeAsync(ActivityMapping.Caller(turnContext.Activity), inPersonalChat: false, cancellationToken)).User;
        TurnTelemetry.Describe(role: RoleTag(caller));
        return caller;
    }

    /// <summary>The caller's roles for the turn's span, "none" without one: a closed set, never who they are.</summary>
    private static string RoleTag(PmoUser caller) =>
        caller.Roles.Count == 0 ? "none" : string.Join(",", caller.Roles.Order().Select(r => r.ToString().ToLowerInvariant()));

    /// <summary>The channel an invoke came from, by the key its conversation reference is stored under; null elsewhere.</summary>
    private string? ChannelKeyOf(IActivity activity) =>
        ActivityMapping.KindOf(activity) == ConversationKind.Channel ? ActivityMapping.Address(activity, null, time.GetUtcNow()).Key : null;

    /// <summary>Where the command was typed: the channel's name is the one <see cref="ChannelNames"/> found for the stored address.</summary>
    private static ChatPlace Place(IActivity activity, ConversationAddress address) =>
        new(ActivityMapping.LocaleOf(activity), address.Key, address.Name);

    private async Task SendWelcomeAsync(ITurnContext turnContext, PmoUser caller, CancellationToken cancellationToken)
    {
        var waiting = welcomeNotes is null ? [] : await welcomeNotes.ForAsync(caller, cancellationToken);
        await turnContext.SendActivityAsync(ActivityMapping.ToActivity(Reply.WithCard(PeopleCards.Welcome(caller, waiting), $"Welcome to PmoBot, {caller.Name}")), cancellationToken);
    }

    /// <summary>A card answer to a clicked card replaces that card, so cards update in place instead of piling up.</summary>
    private static async Task SendOrUpdateAsync(ITurnContext turnContext, Reply reply, string? replyToId, CancellationToken cancellationToken)
    {
        var outgoing = ActivityMapping.ToActivity(reply);
        if (reply.Card is not null && !string.IsNullOrEmpty(replyToId))
        {
            outgoing.Id = replyToId;
            await turnContext.UpdateActivityAsync(outgoing, cancellationToken);
            return;
        }

        await turnContext.SendActivityAsync(outgoing, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an invoke PmoBot does not handle: {Name} (answered 400)")]
    private partial void LogUnknownInvoke(string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a second delivery of activity {ActivityId} in {ConversationId}")]
    private partial void LogDuplicate(string activityId, string conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot removed from {Kind} conversation {ConversationId}; its reference was deleted (a personal chat's is kept, marked unreachable)")]
    private partial void LogRemoved(ConversationKind kind, string conversationId);
}
