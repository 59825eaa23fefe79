using System.Runtime.CompilerServices;
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
    /// <summary>The reply each outgoing activity was made from, while the activity lives: its text before it became HTML.</summary>
    private static readonly ConditionalWeakTable<IMessageActivity, Reply> MadeFrom = [];

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
            // A channel's message seldom carries its name; without it ChannelNames asks Teams (the team's name alone would misname it).
            kind == ConversationKind.Channel ? channelData?.Channel?.Name : activity.Conversation.Name,
            now);
    }

    /// <summary>
    /// The address of one channel of the activity's team (a channel Teams announces a change to): the activity's
    /// service and bot, that channel's id. The name is left to the feature that composes it.
    /// </summary>
    public static ConversationAddress ChannelAddress(IActivity activity, string channelId, string? teamId, DateTimeOffset now) =>
        new(
            ConversationKind.Channel,
            channelId,
            activity.ServiceUrl,
            activity.Conversation?.TenantId ?? TryGetTeamsChannelData(activity)?.Tenant?.Id,
            activity.ChannelId,
            activity.Recipient?.Id ?? string.Empty,
            activity.Recipient?.Name,
            null,
            null,
            teamId,
            null,
            now);

    /// <summary>
    /// The command the user typed: the bot's own @mention removed wherever it is, other mentions reduced to the name.
    /// People write the mention anywhere: words before it ("please @PmoBot whoami") and people mentioned before the
    /// command ("@PmoBot @Megan Bowen role list") speak to someone, and the command is what follows them.
    /// </summary>
    public static (string Text, IReadOnlyList<MentionedPerson> Mentions) CommandOf(IMessageActivity activity)
    {
        // A SendMessage button's press: the command is in the submit data, and nothing was typed.
        if (string.IsNullOrWhiteSpace(activity.Text) && ButtonCommandOf(activity) is { } pressed)
        {
            return (pressed, []);
        }

        var botId = activity.Recipient?.Id;
        var all = activity.GetMentions().Where(m => m.Mentioned is not null).ToList();
        var mentions = all
            .Where(m => m.Mentioned.Id != botId)
            .Select(m => new MentionedPerson(m.Mentioned.Id, m.Mentioned.AadObjectId, StripTags(m.Text ?? m.Mentioned.Name ?? string.Empty)))
            .ToList();
        var botMentions = all
            .Where(m => m.Mentioned.Id == botId)
            .Select(m => m.Text is { Length: > 0 } tagged ? tagged : $"<at>{m.Mentioned.Name}</at>")
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var text = AfterWordsBeforeMention(activity.Text ?? string.Empty, botMentions);
        foreach (var botMention in botMentions)
        {
            text = text.Replace(botMention, " ", StringComparison.OrdinalIgnoreCase);
        }

        text = WithoutLeadingMentions(text.Trim());
        // A formatted message (a paragraph, a line break, bold) comes as HTML: its words are the command.
        if (FormattingTag().IsMatch(text) && CardsOf(activity).Count == 0)
        {
            text = MessageText.Plain(text, isHtml: true);
        }

        var decoded = InsertedCardMarkup().Replace(System.Net.WebUtility.HtmlDecode(text), " ");

        // Beside a card the text is Teams' markup around it, never a command's angle brackets.
        var command = StripTags(CardsOf(activity).Count > 0 ? AnyTag().Replace(decoded, " ") : decoded);

        // Only the people the command still names: someone addressed before it ("@Megan please @PmoBot role grant
        // Adele pmo") is not whom it is about.
        return (command, mentions.Where(m => m.Name.Length > 0 && command.Contains(m.Name, StringComparison.OrdinalIgnoreCase)).ToList());
    }

    /// <summary>The text after the bot's first mention, when words come before it and after it; else the text as it is.</summary>
    private static string AfterWordsBeforeMention(string text, IReadOnlyList<string> botMentions)
    {
        var first = botMentions
            .Select(mention => (Mention: mention, At: text.IndexOf(mention, StringComparison.OrdinalIgnoreCase)))
            .Where(found => found.At > 0)
            .OrderBy(found => found.At)
            .FirstOrDefault();
        if (first.Mention is null)
        {
            return text;
        }

        var after = text[(first.At + first.Mention.Length)..];
        return HasWords(text[..first.At]) && HasWords(after) ? after : text;
    }

    /// <summary>The text without the people mentioned before its first word, when a word follows them.</summary>
    private static string WithoutLeadingMentions(string text)
    {
        var leading = LeadingMentions().Match(text);
        return leading.Success && HasWords(text[leading.Length..]) ? leading.Groups["tags"].Value + text[leading.Length..] : text;
    }

    private static bool HasWords(string html) => AnyTag().Replace(System.Net.WebUtility.HtmlDecode(html), " ").Trim().Length > 0;

    /// <summary>
    /// The titles of the cards a message carries (null for a card without a heading): a card inserted into the compose
    /// box (a status card from the messaging extension) arrives as an attachment, with only a placeholder in the text.
    /// Files and Teams' HTML copy of the typed text are not cards.
    /// </summary>
    public static IReadOnlyList<string?> CardsOf(IMessageActivity activity) =>
        (activity.Attachments ?? [])
            .Where(IsCard)
            .Select(a => TitleOf(a.Content))
            .ToList();

    /// <summary>
    /// Whether the message carries something PmoBot does not read: a picture pasted in (an image attachment), a GIF or
    /// sticker (an image in the message's HTML), an attachment that is neither a card nor a shared file.
    /// </summary>
    public static bool HasPicturesOrOtherAttachments(IMessageActivity activity) =>
        (activity.Text?.Contains("<img", StringComparison.OrdinalIgnoreCase) ?? false)
        || (activity.Attachments ?? []).Any(a => a.ContentType is { Length: > 0 } type && !IsCard(a) && type != FileDownloadInfo.ContentType && !type.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private static bool IsCard(Attachment attachment) =>
        attachment.ContentType is { } type
        && (type.StartsWith("application/vnd.microsoft.card.", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/vnd.microsoft.teams.card.", StringComparison.OrdinalIgnoreCase));

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

    /// <summary>The command a <see cref="AdaptiveCard.SendMessage"/> button sends, when the message is such a press (and not a card verb's).</summary>
    private static string? ButtonCommandOf(IMessageActivity activity) =>
        activity.Value is not null
        && DataOf(activity.Value) is { } data
        && !data.ContainsKey(AdaptiveCard.VerbField)
        && data[AdaptiveCard.CommandField] is JsonValue value
        && value.TryGetValue<string>(out var command)
        && !string.IsNullOrWhiteSpace(command)
            ? command
            : null;

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
            if (reply.Card is null)
            {
                activity.Text = SuggestedActionText.ToHtml(activity.Text ?? string.Empty);
                activity.TextFormat = SuggestedActionText.TextFormat;
            }

            activity.SuggestedActions = new SuggestedActions
            {
                Actions = quickReplies.Select(text => new CardAction(ActionTypes.ImBack, text, value: text)).ToList(),
            };
            MadeFrom.AddOrUpdate(activity, reply);
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

    /// <summary>
    /// What <see cref="ToActivity(Reply)"/> made, read back from the activity: the text (a card's is its summary) and
    /// the Adaptive Card, if it carries one. A message with quick replies gives back its own markdown (not the HTML it
    /// was sent as) with the replies as a line of text to type, for a channel that carries no buttons (the outbox).
    /// </summary>
    public static (string? Text, JsonObject? Card) ContentOf(IMessageActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (MadeFrom.TryGetValue(activity, out var reply) && reply.Card is null && reply.QuickReplies is { Count: > 0 } replies)
        {
            return ($"{reply.Text}\n\nType {string.Join(", ", replies.Select(r => $"**{r}**"))}.", null);
        }

        var card = activity.Attachments?.FirstOrDefault(a => a.ContentType == AdaptiveCard.ContentType)?.Content;
        return card is null
            ? (activity.Text, null)
            : (activity.Summary ?? activity.Text, JsonNode.Parse(JToken.FromObject(card).ToString(Formatting.None)) as JsonObject);
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

    public static TeamsChannelData? TryGetTeamsChannelData(IActivity activity)
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

    /// <summary>An Adaptive Card's first TextBlock, or a hero or thumbnail card's title.</summary>
    private static string? TitleOf(object? content)
    {
        var card = content switch
        {
            null => null,
            JObject json => json,
            string text => TryParseJObject(text),
            var other => JObject.FromObject(other),
        };
        var title = card?["title"]?.Type == JTokenType.String
            ? card["title"]!.Value<string>()
            : card?.SelectTokens("$..[?(@.type == 'TextBlock')].text").FirstOrDefault()?.Value<string>();
        return string.IsNullOrWhiteSpace(title) ? null : title.Trim();
    }

    private static JObject? TryParseJObject(string text)
    {
        try
        {
            return JObject.Parse(text);
        }
        catch (JsonReaderException)
        {
            return null;
        }
    }

    [GeneratedRegex("<at[^>]*>(.*?)</at>", RegexOptions.IgnoreCase)]
    private static partial Regex AtTag();

    /// <summary>Mentions at the start of the text, after any opening formatting tags (kept, as <c>tags</c>).</summary>
    [GeneratedRegex(@"^(?<tags>(?:\s|<(?!at\b)[a-z][^>]*>)*)(?:<at[^>]*>.*?</at>(?:\s|&nbsp;|[,:])*)+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingMentions();

    /// <summary>
    /// Where the compose box held a card, the text carries a placeholder for it: the playground's
    /// <c>&lt;span class="inline-compose-card" itemtype="http://schema.skype.com/InputExtension"&gt;&lt;span itemprop="cardId"&gt;&lt;/span&gt;&lt;/span&gt;</c>,
    /// or an <c>&lt;attachment id="…"&gt;&lt;/attachment&gt;</c> tag. Neither is typed text.
    /// </summary>
    [GeneratedRegex("""<span[^>]*itemtype="http://schema\.skype\.com/InputExtension"[^>]*>.*?</span>\s*</span>|<attachment\b[^>]*>\s*</attachment>""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InsertedCardMarkup();

    [GeneratedRegex("</?[a-z][^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex AnyTag();

    /// <summary>The tags Teams' compose box writes around formatted text; a command's own angle brackets are none of them.</summary>
    [GeneratedRegex(@"</?(p|div|br|span|strong|b|i|em|u|s|strike|del|a|ol|ul|li|blockquote|pre|code|h[1-6]|table|tr|td|font)(\s[^>]*)?/?>", RegexOptions.IgnoreCase)]
    private static partial Regex FormattingTag();
}
