using System.Globalization;
using Microsoft.Graph.Models;

namespace PmoBot.Meetings;

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
    public static TimeZoneInfo? ResolveWorkingHoursZone(TimeZoneBase? timeZone)
    {
        if (Resolve(timeZone?.Name) is { } named)
        {
            return named;
        }

        if (timeZone is CustomTimeZone { Bias: { } bias })
        {
            var offset = TimeSpan.FromMinutes(-bias);
            var label = $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}";
            return TimeZoneInfo.CreateCustomTimeZone(label, offset, label, label);
        }

        return null;
    }

    /// <summary>A Graph <c>dateTimeTimeZone</c> (<c>{"dateTime": "2026-03-10T09:00:00.0000000", "timeZone": "UTC"}</c>) as an instant.</summary>
    public static DateTimeOffset? ToInstant(DateTimeTimeZone? time)
    {
        if (time?.DateTime is not { } text || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
        {
            return null;
        }

        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        var zone = Resolve(time.TimeZone) ?? TimeZoneInfo.Utc;
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>An instant as Graph's <c>dateTimeTimeZone</c> in UTC.</summary>
    public static DateTimeTimeZone ToGraph(DateTimeOffset at) => new()
    {
        DateTime = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        TimeZone = "UTC",
    };
}
