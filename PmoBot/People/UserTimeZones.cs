using System.Globalization;

namespace PmoBot.People;

/// <summary>Time zones are stored as IANA ids (what Teams sends and what DST rules are kept for).</summary>
public static class UserTimeZones
{
    public static bool TryParse(string text, out string ianaId)
    {
        ianaId = string.Empty;
        var candidate = text.Trim();
        if (candidate.Length == 0)
        {
            return false;
        }

        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(candidate, out var fromWindows))
        {
            candidate = fromWindows;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(candidate, out var zone))
        {
            return false;
        }

        ianaId = zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
        return true;
    }

    public static TimeZoneInfo Resolve(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The line under a list of times read in <paramref name="zone"/>, so each row need not name it.</summary>
    public static string TimesIn(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return $"Times are in {zone.Id}.";
    }

    /// <summary>A moment as read in <paramref name="zone"/>, in <paramref name="format"/>, with the zone named: <c>Sat 5 Dec 2026 20:03 (America/New_York)</c>.</summary>
    public static string Local(DateTimeOffset at, TimeZoneInfo zone, string format)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.InvariantCulture) + $" ({zone.Id})";
    }
}
