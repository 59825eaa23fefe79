using System.Globalization;
using PmoBot.Commands;

namespace PmoBot.People;

/// <summary>Time zones are stored as IANA ids (what Teams sends and what DST rules are kept for).</summary>
public static class UserTimeZones
{
    /// <summary>The IANA zones this machine knows, as Area/City (not the bare aliases such as EST or GMT+1).</summary>
    private static readonly Lazy<IReadOnlyList<string>> KnownIds = new(() =>
        TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId && z.Id.Contains('/', StringComparison.Ordinal)).Select(z => z.Id).Order(StringComparer.Ordinal).ToList());

    /// <summary>
    /// Names people type for a region's time rather than a city: "eastern", "EST", "Pacific time". The abbreviations
    /// are also IANA ids of fixed offsets (EST is UTC-5 all year), which would silently drop daylight saving; these
    /// mean the region's clock, summer time included.
    /// </summary>
    private static readonly Dictionary<string, string> CommonNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["eastern"] = "America/New_York",
        ["est"] = "America/New_York",
        ["edt"] = "America/New_York",
        ["et"] = "America/New_York",
        ["central"] = "America/Chicago",
        ["cst"] = "America/Chicago",
        ["cdt"] = "America/Chicago",
        ["ct"] = "America/Chicago",
        ["mountain"] = "America/Denver",
        ["mst"] = "America/Denver",
        ["mdt"] = "America/Denver",
        ["mt"] = "America/Denver",
        ["pacific"] = "America/Los_Angeles",
        ["pst"] = "America/Los_Angeles",
        ["pdt"] = "America/Los_Angeles",
        ["pt"] = "America/Los_Angeles",
        ["uk"] = "Europe/London",
        ["bst"] = "Europe/London",
        ["british"] = "Europe/London",
        ["cet"] = "Europe/Paris",
        ["cest"] = "Europe/Paris",
        ["central european"] = "Europe/Paris",
        ["ist"] = "Asia/Kolkata",
        ["india"] = "Asia/Kolkata",
        ["indian"] = "Asia/Kolkata",
    };

    public static bool TryParse(string text, out string ianaId)
    {
        ianaId = string.Empty;
        var candidate = text.Trim();
        if (candidate.Length == 0)
        {
            return false;
        }

        var region = candidate.EndsWith(" time", StringComparison.OrdinalIgnoreCase) ? candidate[..^" time".Length].Trim() : candidate;
        if (CommonNames.TryGetValue(region, out var common))
        {
            ianaId = common;
            return true;
        }

        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(candidate, out var fromWindows))
        {
            candidate = fromWindows;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(candidate, out var zone))
        {
            // What people type for a zone: its name in another case (europe/london), or its city alone (London, new york).
            var sameName = KnownIds.Value.FirstOrDefault(id => string.Equals(id, candidate, StringComparison.OrdinalIgnoreCase));
            var byCity = CityMatches(candidate);
            var found = sameName ?? (byCity.Count == 1 ? byCity[0] : null);
            if (found is null)
            {
                return false;
            }

            zone = TimeZoneInfo.FindSystemTimeZoneById(found);
        }

        ianaId = zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
        return true;
    }

    /// <summary>The zone closest in spelling to what was typed (Europe/Londn), to offer when it is not one; null if none is close.</summary>
    public static string? Closest(string text)
    {
        var typed = text.Trim();
        if (typed.Length < 3)
        {
            return null;
        }

        var cities = CityMatches(typed);
        if (cities.Count > 1)
        {
            return cities[0];
        }

        var best = KnownIds.Value
            .Select(id => (Id: id, Distance: Math.Min(CommandText.Distance(typed, id), CommandText.Distance(typed.Replace(' ', '_'), City(id)))))
            .MinBy(c => c.Distance);
        return best.Id is not null && best.Distance <= Math.Max(2, typed.Length / 4) ? best.Id : null;
    }

    private static string City(string id) => id[(id.LastIndexOf('/') + 1)..];

    private static List<string> CityMatches(string typed)
    {
        var city = typed.Replace(' ', '_');
        return KnownIds.Value.Where(id => string.Equals(City(id), city, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    public static TimeZoneInfo Resolve(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The date on the calendar of someone in zone <paramref name="id"/> at <paramref name="instant"/> (UTC's for no zone or one not known).</summary>
    public static DateOnly DateAt(DateTimeOffset instant, string? id) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Resolve(id)).DateTime);

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

    /// <summary>
    /// A moment as cards and messages show it, on the reader's calendar with their zone named:
    /// <c>12 May 2026 14:05 (Europe/London)</c>. <paramref name="zoneId"/> is the reader's zone (UTC when unknown).
    /// </summary>
    public static string Stamp(DateTimeOffset at, string? zoneId) => Local(at, Resolve(zoneId), "d MMM yyyy HH:mm");
}
