using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Teams;

/// <summary>Translates between Bot Framework activities and the plain records the features work with.</summary>
public static partial class ActivityMapping
{
    public static CallerIdentity Caller(IActivity activity) => new(
        activity.From?.AadObjectId,
        activity.From?.Id ?? throw new InvalidOperationException("The activity has no sender."),
        string.IsNullOrWhiteSpace(activity.From?.Name) ? null : activity.From.Name,
        TimeZoneOf(activity));

    public static ConversationKind KindOf(IActivity activity) => activity.Conversation?.ConversationType switch
    {
        "channel" => ConversationKind.Channel,
        "groupChat" => ConversationKind.GroupChat,
        _ => ConversationKind.Personal,
    };

    public static ConversationAddress Address(IActivity activity, string? userKey, DateTimeOffset now)
    {
        var kind = KindOf(activity);
        var channelData = TryGetTeamsChannelData(activity);
        var conversationId = kind == ConversationKind.Channel && channelData?.Channel?.Id is { Length: > 0 } channelId
            ? channelId
            : activity.Conversation.Id;
        return new ConversationAddress(
            kind,
            conversationId,
            activity.ServiceUrl,
            activity.Conversation.TenantId ?? channelData?.Tenant?.Id,
            activity.ChannelId,
            activity.Recipient?.Id ?? string.Empty,
            activity.Recipient?.Name,
            kind == ConversationKind.Personal ? userKey : null,
            kind == ConversationKind.Personal ? activity.From?.Id : null,
            channelData?.Team?.Id,
            kind == ConversationKind.Channel ? channelData?.Channel?.Name ?? channelData?.Team?.Name : activity.Conversation.Name,
            now);
    }

    /// <summary>The command the user typed: the bot's own @mention removed, other mentions reduced to the name.</summary>
    public static (string Text, IReadOnlyList<MentionedPerson> Mentions) CommandOf(IMessageActivity activity)
    {
        var botId = activity.Recipient?.Id;
        var mentions = activity.GetMentions()
            .Where(m => m.Mentioned is not null && m.Mentioned.Id != botId)
            .Select(m => new MentionedPerson(m.Mentioned.Id, m.Mentioned.AadObjectId, StripTags(m.Text ?? m.Mentioned.Name ?? string.Empty)))
            .ToList();
        var text = activity.RemoveRecipientMention() ?? activity.Text ?? string.Empty;
        return (StripTags(System.Net.WebUtility.HtmlDecode(text)), mentions);
    }

    /// <summary>
    /// The file a user sent in personal chat: Teams attaches it as <c>application/vnd.microsoft.teams.file.download.info</c>
    /// with a pre-authenticated <c>downloadUrl</c> and the <c>fileType</c>; null when the message carries no such file.
    /// </summary>
    public static UploadedFile? FileOf(IMessageActivity activity)
    {
        var attachment = activity.Attachments?.FirstOrDefault(a => a.ContentType == FileDownloadInfo.ContentType);
        var info = attachment?.Content switch
        {
            null => null,
            JObject content => content.ToObject<FileDownloadInfo>(),
            var content => JObject.FromObject(content).ToObject<FileDownloadInfo>(),
        };
        return info is not null && Uri.TryCreate(info.DownloadUrl, UriKind.Absolute, out var downloadUrl)
            ? new UploadedFile(string.IsNullOrWhiteSpace(attachment!.Name) ? "the file" : attachment.Name, downloadUrl, info.FileType)
            : null;
    }

    /// <summary>The data of an <c>Action.Submit</c> (message value) or <c>Action.Execute</c> (invoke), as JSON.</summary>
    public static JsonObject? DataOf(object? value) => value switch
    {
        null => null,
        JObject jobject => JsonNode.Parse(jobject.ToString(Formatting.None)) as JsonObject,
        string text => TryParseObject(text),
        _ => JsonNode.Parse(JsonConvert.SerializeObject(value)) as JsonObject,
    };

    public static IMessageActivity ToActivity(Reply reply)
    {
        IMessageActivity activity;
        if (reply.File is { } file)
        {
            activity = MessageFactory.Attachment(FileConsentAttachment(file), reply.Text);
        }
        else if (reply.Card is null)
        {
            activity = MessageFactory.Text(reply.Text ?? string.Empty);
        }
        else
        {
            activity = MessageFactory.Attachment(CardAttachment(reply.Card));
            activity.Summary = reply.Text;
        }

        if (reply.QuickReplies is { Count: > 0 } quickReplies)
        {
            activity.SuggestedActions = new SuggestedActions
            {
                Actions = quickReplies.Select(text => new CardAction(ActionTypes.ImBack, text, value: text)).ToList(),
            };
        }

        return activity;
    }

    /// <summary>
    /// Teams' file consent card: the person accepts or declines in their personal chat, and Teams then sends a
    /// <c>fileConsent/invoke</c> with the upload location (see <see cref="FileConsentUploads"/>).
    /// </summary>
    public static Attachment FileConsentAttachment(FileOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var context = JObject.Parse(FileOfferRouter.ContextOf(offer).ToJsonString());
        return new Attachment(
            FileConsentCard.ContentType,
            name: offer.FileName,
            content: new FileConsentCard(offer.Description, offer.SizeInBytes, context, context.DeepClone()));
    }

    public static Attachment CardAttachment(JsonObject card) => new(AdaptiveCard.ContentType, content: JObject.Parse(card.ToJsonString()));

    /// <summary>The answer to an <c>adaptiveCard/action</c> invoke: the card that replaces the clicked one, or a message.</summary>
    public static AdaptiveCardInvokeResponse ToInvokeResponse(Reply reply) => reply.Card is not null
        ? new AdaptiveCardInvokeResponse { StatusCode = 200, Type = AdaptiveCard.ContentType, Value = JObject.Parse(reply.Card.ToJsonString()) }
        : new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = reply.Text ?? string.Empty };

    /// <summary>The sender's locale as Teams reports it (<c>en-GB</c>), from the activity or its clientInfo entity.</summary>
    public static string? LocaleOf(IActivity activity)
    {
        if (activity is Activity { Locale: { Length: > 0 } locale })
        {
            return locale;
        }

        var clientInfo = activity.Entities?.FirstOrDefault(e => e.Type == "clientInfo");
        return clientInfo?.Properties?["locale"]?.Value<string>();
    }

    private static string? TimeZoneOf(IActivity activity)
    {
        if (activity is Activity { LocalTimezone: { Length: > 0 } local })
        {
            return local;
        }

        var clientInfo = activity.Entities?.FirstOrDefault(e => e.Type == "clientInfo");
        return clientInfo?.Properties?["timezone"]?.Value<string>();
    }

    private static TeamsChannelData? TryGetTeamsChannelData(IActivity activity)
    {
        try
        {
            return activity.ChannelData is null ? null : activity.GetChannelData<TeamsChannelData>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject? TryParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string StripTags(string text) => AtTag().Replace(text, "$1").Trim();

    [GeneratedRegex("<at[^>]*>(.*?)</at>", RegexOptions.IgnoreCase)]
    private static partial Regex AtTag();
}
