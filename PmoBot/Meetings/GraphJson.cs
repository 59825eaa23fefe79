using System.Globalization;
using System.Text.Json.Nodes;

namespace PmoBot.Meetings;

/// <summary>Reading Graph's JSON defensively: a missing or differently typed property is null, never an exception.</summary>
public static class GraphJson
{
    public static string? Text(JsonNode? node, string property) =>
        node is JsonObject obj && obj[property] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    public static int? Number(JsonNode? node, string property) =>
        node is JsonObject obj && obj[property] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    public static IEnumerable<JsonObject> Objects(JsonNode? node, string property) =>
        node is JsonObject obj && obj[property] is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>A Graph <c>dateTimeTimeZone</c> (<c>{"dateTime": "2026-03-10T09:00:00.0000000", "timeZone": "UTC"}</c>) as an instant.</summary>
    public static DateTimeOffset? Instant(JsonNode? node)
    {
        var text = Text(node, "dateTime");
        if (text is null || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
        {
            return null;
        }

        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        var zone = GraphTimeZones.Resolve(Text(node, "timeZone")) ?? TimeZoneInfo.Utc;
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}

/// <summary>
/// Graph names time zones the Windows way (<c>Pacific Standard Time</c>), sometimes the IANA way, and for a
/// customised zone gives only its bias. .NET resolves both kinds of names on every platform (with ICU).
/// </summary>
public static class GraphTimeZones
{
    public static TimeZoneInfo? Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var id = name.Trim();
        if (id is "UTC" or "Coordinated Universal Time" or "tzone://Microsoft/Utc" or "Etc/UTC")
        {
            return TimeZoneInfo.Utc;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) && TimeZoneInfo.TryFindSystemTimeZoneById(iana, out zone) ? zone : null;
    }

    /// <summary>
    /// A working-hours <c>timeZone</c>: a named zone, or a <c>customTimeZone</c> whose <c>bias</c> (minutes to add to
    /// local time for UTC) becomes a fixed offset; its daylight rules are ignored, which moves a slot by an hour at
    /// most for the rare mailbox with a hand-made zone.
    /// </summary>
    public static TimeZoneInfo? ResolveWorkingHoursZone(JsonNode? timeZone)
    {
        if (Resolve(GraphJson.Text(timeZone, "name")) is { } named)
        {
            return named;
        }

        if (GraphJson.Number(timeZone, "bias") is { } bias)
        {
            var offset = TimeSpan.FromMinutes(-bias);
            var label = $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}";
            return TimeZoneInfo.CreateCustomTimeZone(label, offset, label, label);
        }

        return null;
    }
}
