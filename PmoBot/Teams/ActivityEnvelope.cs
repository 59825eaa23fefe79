using Microsoft.Bot.Schema;

namespace PmoBot.Teams;

/// <summary>
/// The parts of an activity every turn relies on, checked before the turn, so that an activity without them is
/// answered 400 naming what is missing instead of failing half-way through the turn. A channel must send all of
/// them on every activity it sends a bot (Bot Framework activity spec A2020, A2060, A2070, A2080), and the SDK
/// needs the serviceUrl even to answer an invoke. What some activities legitimately lack is not asked for: an id
/// (typing), text (a card submit, a message carrying only attachments), a name (Teams' card-action invoke has
/// none), members added or removed. The fields it has must then have the shape a turn reads (<see cref="ActivityFields"/>).
/// </summary>
public static class ActivityEnvelope
{
    /// <returns>Why the activity cannot be processed, or null when it can.</returns>
    public static string? Problem(Activity activity)
    {
        var missing = new List<string>();
        void Require(string? value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                missing.Add(name);
            }
        }

        Require(activity.Type, "type");
        Require(activity.ChannelId, "channelId");
        Require(activity.ServiceUrl, "serviceUrl");
        Require(activity.Conversation?.Id, "conversation.id");
        Require(activity.From?.Id, "from.id");
        Require(activity.Recipient?.Id, "recipient.id");
        if (missing.Count > 0)
        {
            return $"The activity has no {string.Join(", ", missing)}.";
        }

        return Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) && (serviceUrl.Scheme == Uri.UriSchemeHttps || serviceUrl.Scheme == Uri.UriSchemeHttp)
            ? ActivityFields.Problem(activity)
            : "The activity's serviceUrl is not an http(s) URL.";
    }
}
