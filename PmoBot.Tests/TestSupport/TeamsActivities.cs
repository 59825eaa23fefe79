using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PmoBot.Tests.TestSupport;

/// <summary>Activities shaped as Teams sends them, for TestAdapter and for HTTP posts to /api/messages.</summary>
public static class TeamsActivities
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string BotId = "28:pmobot-test";
    public const string BotName = "PmoBot";

    public static Activity PersonalMessage(TestPerson from, string text, string serviceUrl = "https://smba.trafficmanager.net/teams/") =>
        Message(from, text, serviceUrl, PersonalConversation(from));

    /// <param name="channelName">The channel's name in the activity's channel data; Teams itself usually leaves it out (null).</param>
    public static Activity ChannelMessage(TestPerson from, string text, string channelId, string serviceUrl = "https://smba.trafficmanager.net/teams/", string? channelName = "PMO")
    {
        var activity = Message(from, $"<at>{BotName}</at> {text}", serviceUrl, new ConversationAccount(isGroup: true, conversationType: "channel", id: $"{channelId};messageid={Guid.NewGuid():N}", tenantId: TenantId));
        activity.Entities = [MentionOf(new ChannelAccount(BotId, BotName))];
        activity.ChannelData = JObject.FromObject(new TeamsChannelData
        {
            Channel = new ChannelInfo(channelId, channelName),
            Team = new TeamInfo(TeamOf(channelId), "Delivery"),
            Tenant = new TenantInfo(TenantId),
        });
        return activity;
    }

    /// <summary>The team id <see cref="ChannelMessage"/> gives a channel's messages.</summary>
    public static string TeamOf(string channelId) => "19:team-" + channelId;

    public static Activity CardSubmit(TestPerson from, JObject data, string replyToId, string serviceUrl = "https://smba.trafficmanager.net/teams/")
    {
        var activity = Message(from, string.Empty, serviceUrl, PersonalConversation(from));
        activity.Text = null;
        activity.Value = data;
        activity.ReplyToId = replyToId;
        return activity;
    }

    public static Activity CardExecute(TestPerson from, string verb, JObject data, string serviceUrl = "https://smba.trafficmanager.net/teams/")
    {
        var activity = Base(ActivityTypes.Invoke, from, serviceUrl, PersonalConversation(from));
        activity.Name = "adaptiveCard/action";
        activity.Value = JObject.FromObject(new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" });
        return activity;
    }

    /// <summary>
    /// The person's answer to a file consent card in their personal chat (<c>fileConsent/invoke</c>), as Teams sends it:
    /// with accept, the OneDrive upload session the bot is to PUT the file to.
    /// </summary>
    public static Activity FileConsent(TestPerson from, string action, JObject context, string uploadUrl, string name, string serviceUrl)
    {
        var activity = Base(ActivityTypes.Invoke, from, serviceUrl, PersonalConversation(from));
        activity.Name = "fileConsent/invoke";
        activity.Value = JObject.FromObject(new
        {
            type = "fileUpload",
            action,
            context,
            uploadInfo = new { name, uploadUrl, contentUrl = "https://contoso-my.sharepoint.com/personal/alex/file1.csv", uniqueId = "unique-1", fileType = "csv" },
        });
        return activity;
    }

    /// <summary>
    /// A messaging-extension invoke (<c>composeExtension/fetchTask</c>, <c>composeExtension/submitAction</c>) from a
    /// channel's compose box or message menu, or from a chat between two people (Teams calls it "personal" too, though
    /// the bot is not in it) when <paramref name="channelId"/> is null.
    /// </summary>
    public static Activity ExtensionInvoke(TestPerson from, string name, JObject value, string serviceUrl, string? channelId = null)
    {
        var activity = Base(
            ActivityTypes.Invoke,
            from,
            serviceUrl,
            channelId is null
                ? new ConversationAccount(conversationType: "personal", id: $"19:{Guid.NewGuid():N}_{from.AadObjectId}@unq.gbl.spaces", tenantId: TenantId)
                : new ConversationAccount(isGroup: true, conversationType: "channel", id: channelId, tenantId: TenantId));
        activity.Name = name;
        activity.Value = value;
        if (channelId is not null)
        {
            activity.ChannelData = JObject.FromObject(new TeamsChannelData
            {
                Channel = new ChannelInfo(channelId, "PMO"),
                Team = new TeamInfo("19:team-" + channelId, "Delivery"),
                Tenant = new TenantInfo(TenantId),
            });
        }

        return activity;
    }

    public static Activity PersonalInstall(TestPerson from, string serviceUrl = "https://smba.trafficmanager.net/teams/")
    {
        var activity = Base(ActivityTypes.InstallationUpdate, from, serviceUrl, PersonalConversation(from));
        activity.Action = "add";
        return activity;
    }

    /// <summary>
    /// A change to a team or one of its channels as Teams announces it: a conversation update in the team's General
    /// channel (whose id is the team's), the event and the channel in the channel data, no name it did not send.
    /// </summary>
    public static Activity TeamUpdate(TestPerson from, string eventType, string teamId, string? teamName = null, (string Id, string? Name)? channel = null, string serviceUrl = "https://smba.trafficmanager.net/teams/")
    {
        var activity = Base(ActivityTypes.ConversationUpdate, from, serviceUrl, new ConversationAccount(isGroup: true, conversationType: "channel", id: teamId, tenantId: TenantId));
        activity.ChannelData = ChannelDataOf(new TeamsChannelData
        {
            EventType = eventType,
            Team = new TeamInfo(teamId, teamName),
            Channel = channel is { } c ? new ChannelInfo(c.Id, c.Name) : null,
            Tenant = new TenantInfo(TenantId),
        });
        return activity;
    }

    /// <summary>PmoBot uninstalled from a team, as Teams says it: an installation update "remove" in the team's General channel.</summary>
    public static Activity TeamUninstall(TestPerson from, string teamId, string serviceUrl = "https://smba.trafficmanager.net/teams/")
    {
        var activity = Base(ActivityTypes.InstallationUpdate, from, serviceUrl, new ConversationAccount(isGroup: true, conversationType: "channel", id: teamId, tenantId: TenantId));
        activity.Action = "remove";
        activity.ChannelData = ChannelDataOf(new TeamsChannelData { Team = new TeamInfo(teamId), Tenant = new TenantInfo(TenantId) });
        return activity;
    }

    /// <summary>PmoBot installed in a team, as Teams says it: an installation update "add" in the team's General channel, no names.</summary>
    public static Activity TeamInstall(TestPerson from, string teamId, string serviceUrl = "https://smba.trafficmanager.net/teams/")
    {
        var activity = TeamUninstall(from, teamId, serviceUrl);
        activity.Action = "add";
        return activity;
    }

    /// <summary>A channel message as <see cref="ChannelMessage"/>, from a channel of the team <paramref name="teamId"/>.</summary>
    public static Activity ChannelMessageInTeam(TestPerson from, string text, string channelId, string teamId, string serviceUrl)
    {
        var activity = ChannelMessage(from, text, channelId, serviceUrl, channelName: null);
        activity.ChannelData = ChannelDataOf(new TeamsChannelData { Channel = new ChannelInfo(channelId), Team = new TeamInfo(teamId), Tenant = new TenantInfo(TenantId) });
        return activity;
    }

    /// <summary>
    /// The zone and locale as the Agents Playground (and Teams) report them: the clientInfo entity's <c>timezone</c>
    /// and the activity's <c>localTimezone</c>, both the client machine's zone.
    /// </summary>
    public static Activity WithClientInfo(Activity activity, string timeZone)
    {
        activity.LocalTimezone = timeZone;
        activity.Entities = [.. (activity.Entities ?? []).Where(e => e.Type != "clientInfo"), new Entity("clientInfo")
        {
            Properties = JObject.FromObject(new { locale = "en-US", country = "US", platform = "Web", timezone = timeZone }),
        }];
        return activity;
    }

    /// <summary>
    /// A card inserted into the compose box and sent, as the playground sends it: the card as an attachment, and in
    /// the text only the placeholder its editor writes for the card (plus anything typed before it).
    /// </summary>
    public static Activity CardInserted(TestPerson from, JObject card, string typed = "", string serviceUrl = "https://smba.trafficmanager.net/teams/")
    {
        var activity = Message(from, typed + "\n<span class=\"inline-compose-card\" itemid=\"0\" itemtype=\"http://schema.skype.com/InputExtension\">\n  <span content=\"0\" itemprop=\"cardId\"></span>\n</span>\n", serviceUrl, PersonalConversation(from));
        activity.TextFormat = null;
        activity.Attachments = [new Attachment("application/vnd.microsoft.card.adaptive", content: card)];
        activity.AttachmentLayout = "list";
        return activity;
    }

    private static JObject ChannelDataOf(TeamsChannelData data) =>
        JObject.FromObject(data, JsonSerializer.Create(new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore }));

    public static Mention MentionOf(ChannelAccount account) => new(account, $"<at>{account.Name}</at>");

    public static string ToJson(Activity activity) =>
        JsonConvert.SerializeObject(activity, new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore });

    public static ConversationAccount PersonalConversation(TestPerson person) =>
        new(conversationType: "personal", id: $"a:personal-{person.AadObjectId}", tenantId: TenantId);

    private static Activity Message(TestPerson from, string text, string serviceUrl, ConversationAccount conversation)
    {
        var activity = Base(ActivityTypes.Message, from, serviceUrl, conversation);
        activity.Text = text;
        activity.TextFormat = "plain";
        activity.LocalTimezone = "Europe/London";
        return activity;
    }

    private static Activity Base(string type, TestPerson from, string serviceUrl, ConversationAccount conversation) => new()
    {
        Type = type,
        Id = $"f:{Guid.NewGuid():N}",
        Timestamp = DateTimeOffset.UtcNow,
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        From = new ChannelAccount(from.TeamsUserId, from.Name, aadObjectId: from.AadObjectId),
        Recipient = new ChannelAccount(BotId, BotName),
        Conversation = conversation,
        Locale = "en-GB",
        ChannelData = JObject.FromObject(new TeamsChannelData { Tenant = new TenantInfo(TenantId) }),
    };
}
