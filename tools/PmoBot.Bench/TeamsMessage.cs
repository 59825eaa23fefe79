using System.Text.Json;

namespace PmoBot.Bench;

/// <summary>A message a PM types in their personal chat with the bot, as the JSON Teams posts to the bot's endpoint.</summary>
internal static class TeamsMessage
{
    public const string BotId = "28:pmobot-bench";
    public const string BotName = "PmoBot";

    /// <summary>The activity's fresh id (the bot replies to it) and its JSON.</summary>
    public static (string Id, string Json) From(BenchPm pm, string text, Uri serviceUrl)
    {
        var id = $"f:{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow;
        var activity = new
        {
            type = "message",
            id,
            timestamp = now,
            localTimestamp = now,
            localTimezone = BenchPm.TimeZone,
            serviceUrl = serviceUrl.ToString(),
            channelId = "msteams",
            from = new { id = pm.TeamsUserId, name = pm.Name, aadObjectId = pm.AadObjectId },
            conversation = new { conversationType = "personal", tenantId = BenchPm.TenantId, id = pm.ConversationId },
            recipient = new { id = BotId, name = BotName },
            textFormat = "plain",
            locale = BenchPm.Locale,
            text,
            entities = new object[] { new { type = "clientInfo", locale = BenchPm.Locale, country = "GB", platform = "Web", timezone = BenchPm.TimeZone } },
            channelData = new { tenant = new { id = BenchPm.TenantId } },
        };
        return (id, JsonSerializer.Serialize(activity));
    }
}
