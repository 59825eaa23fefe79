using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PmoBot.Teams;

/// <summary>
/// The fields of an activity that its JSON types loosely (an object, a list of entities, an invoke's value) or does not
/// bound, checked before the turn as the reader checks the typed ones (<c>from</c>, <c>conversation</c>,
/// <c>timestamp</c>): channel data that is not Teams' channel data, a mention that mentions nobody, an invoke value of
/// another shape than its name's, an id longer than any Teams sends. The SDK and PmoBot would otherwise throw half-way
/// through the turn (a 500, an apology) or answer with the SDK's own words and no log line; here each is a 400 naming
/// the field.
/// </summary>
public static class ActivityFields
{
    /// <summary>
    /// The longest ids taken, well above what Teams sends (a conversation id is at most a few hundred characters, a
    /// user's or an activity's far less, an Entra id 36). The ids become Table Storage keys, which hold 1 KiB at most,
    /// and the processed-activity key joins the conversation's and the activity's (512 + 1 + 256).
    /// </summary>
    public const int MaxConversationIdLength = 512;

    public const int MaxIdLength = 256;

    public const int MaxAadObjectIdLength = 128;

    public const string ComposeExtensionQuery = "composeExtension/query";

    public const string AdaptiveCardAction = "adaptiveCard/action";

    /// <summary>
    /// The other invokes whose value the SDK converts before anything else, whether or not PmoBot answers them: without
    /// a value it throws half-way (a NullReferenceException, an apology), where the sender deserves a 400.
    /// </summary>
    private static readonly HashSet<string> ConvertedInvokes = new(StringComparer.Ordinal)
    {
        "fileConsent/invoke", "actionableMessage/executeAction", "task/fetch", "task/submit", "tab/fetch", "tab/submit",
        "config/fetch", "config/submit", "composeExtension/queryLink", "composeExtension/anonymousQueryLink",
        "composeExtension/selectItem", "composeExtension/submitAction", "composeExtension/fetchTask",
        "composeExtension/querySettingUrl", "composeExtension/setting", "composeExtension/onCardButtonClicked",
        "signin/verifyState", "signin/tokenExchange", "application/search",
    };

    /// <returns>Why the activity cannot be processed, or null when it can.</returns>
    public static string? Problem(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return IdProblem(activity) ?? ChannelDataProblem(activity) ?? EntitiesProblem(activity) ?? InvokeValueProblem(activity);
    }

    private static string? IdProblem(Activity activity) => TooLong(
        ("conversation.id", activity.Conversation?.Id, MaxConversationIdLength),
        ("id", activity.Id, MaxIdLength),
        ("replyToId", activity.ReplyToId, MaxIdLength),
        ("from.id", activity.From?.Id, MaxIdLength),
        ("from.aadObjectId", activity.From?.AadObjectId, MaxAadObjectIdLength),
        ("recipient.id", activity.Recipient?.Id, MaxIdLength),
        ("conversation.tenantId", activity.Conversation?.TenantId, MaxAadObjectIdLength));

    private static string? TooLong(params (string Name, string? Value, int Max)[] ids)
    {
        var tooLong = ids.FirstOrDefault(id => id.Value?.Length > id.Max);
        return tooLong.Name is null ? null : $"The activity's {tooLong.Name} is {tooLong.Value!.Length} characters long; PmoBot takes at most {tooLong.Max}.";
    }

    private static string? ChannelDataProblem(Activity activity)
    {
        if (activity.ChannelData is null || (activity.ChannelData is JValue { Type: JTokenType.Null }))
        {
            return null;
        }

        if (activity.ChannelData is not JObject channelData)
        {
            return "The activity's channelData is not a JSON object.";
        }

        if (ReadProblem<TeamsChannelData>(channelData, "channelData") is { } problem)
        {
            return problem;
        }

        var teams = channelData.ToObject<TeamsChannelData>()!;
        return TooLong(
            ("channelData.team.id", teams.Team?.Id, MaxConversationIdLength),
            ("channelData.channel.id", teams.Channel?.Id, MaxConversationIdLength),
            ("channelData.tenant.id", teams.Tenant?.Id, MaxAadObjectIdLength));
    }

    /// <summary>A mention must name who it mentions; clientInfo's locale and time zone are read as text.</summary>
    private static string? EntitiesProblem(Activity activity)
    {
        var entities = activity.Entities ?? [];
        for (var i = 0; i < entities.Count; i++)
        {
            var entity = entities[i];
            var field = $"entities[{i}]";
            if (entity is null)
            {
                return $"The activity's {field} is null.";
            }

            var json = JObject.FromObject(entity);
            if (entity.Type == "mention")
            {
                if (json["mentioned"] is { } mentioned && mentioned.Type is not (JTokenType.Object or JTokenType.Null))
                {
                    return $"The activity's {field}.mentioned is not an object naming who is mentioned.";
                }

                if (ReadProblem<Mention>(json, field) is { } problem)
                {
                    return problem;
                }
            }
            else if (entity.Type == "clientInfo")
            {
                foreach (var name in new[] { "locale", "timezone" })
                {
                    if (json[name] is { Type: JTokenType.Object or JTokenType.Array })
                    {
                        return $"The activity's {field}.{name} is not text.";
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The invokes PmoBot reads a value from, checked before the SDK converts it.</summary>
    private static string? InvokeValueProblem(Activity activity)
    {
        if (activity.Type != ActivityTypes.Invoke)
        {
            return null;
        }

        return activity.Name switch
        {
            ComposeExtensionQuery => QueryProblem(activity.Value),
            AdaptiveCardAction => CardActionProblem(activity.Value),
            { } name when ConvertedInvokes.Contains(name) && activity.Value is not JObject =>
                $"The {name} invoke's value is {(activity.Value is null or JValue { Type: JTokenType.Null } ? "missing" : "not a JSON object")}.",
            _ => null,
        };
    }

    private static string? QueryProblem(object? value)
    {
        if (value is not JObject query)
        {
            return $"The {ComposeExtensionQuery} invoke's value is not a JSON object (a search: commandId, parameters, queryOptions).";
        }

        if (query["parameters"] is { Type: not JTokenType.Null } parameters)
        {
            if (parameters is not JArray list)
            {
                return $"The {ComposeExtensionQuery} invoke's value.parameters is not a list.";
            }

            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is not JObject parameter || parameter["name"] is { Type: JTokenType.Object or JTokenType.Array })
                {
                    return $"The {ComposeExtensionQuery} invoke's value.parameters[{i}] is not a parameter (an object with a name and a value).";
                }
            }
        }

        return ReadProblem<MessagingExtensionQuery>(query, "value");
    }

    private static string? CardActionProblem(object? value)
    {
        if (value is not JObject invoke)
        {
            return $"The {AdaptiveCardAction} invoke's value is not a JSON object (the card's action and its data).";
        }

        if (invoke["action"] is not JObject action)
        {
            return $"The {AdaptiveCardAction} invoke's value.action is missing or not an object.";
        }

        if (action["type"]?.Type != JTokenType.String || (string?)action["type"] != "Action.Execute")
        {
            return $"The {AdaptiveCardAction} invoke's value.action.type is not Action.Execute, the only card action Teams sends as an invoke.";
        }

        if (action["verb"] is { Type: not (JTokenType.String or JTokenType.Null) })
        {
            return $"The {AdaptiveCardAction} invoke's value.action.verb is not text.";
        }

        return ReadProblem<AdaptiveCardInvokeValue>(invoke, "value");
    }

    /// <summary>Whether the JSON reads as <typeparamref name="T"/>, as the SDK reads it; if not, the field that does not.</summary>
    private static string? ReadProblem<T>(JToken json, string field)
    {
        try
        {
            _ = json.ToObject<T>();
            return null;
        }
        catch (Exception wrongShape) when (wrongShape is JsonException or ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            var path = (wrongShape as JsonSerializationException)?.Path ?? (wrongShape as JsonReaderException)?.Path;
            return string.IsNullOrEmpty(path)
                ? $"The activity's {field} does not have the shape Teams gives it."
                : $"The activity's {field}.{path} does not have the type Teams gives it.";
        }
    }
}
