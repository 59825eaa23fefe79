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
}
