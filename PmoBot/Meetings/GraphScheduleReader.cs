using System.Globalization;
using System.Text.Json.Nodes;

namespace PmoBot.Meetings;

/// <summary>One person's schedule from a getSchedule answer, or Graph's reason for not giving it.</summary>
public sealed record ScheduleReading(PersonSchedule? Schedule, string? Error, bool AccessDenied);

/// <summary>
/// Reads one entry of getSchedule's <c>value</c>: busy time from <c>scheduleItems</c> (busy, tentative, out of
/// office) and from the <c>availabilityView</c> digits (1 tentative, 2 busy, 3 away; the view also covers
/// calendars that share free/busy only), and <c>workingHours</c> in their own time zone.
/// </summary>
public static class GraphScheduleReader
{
    private static readonly HashSet<string> BusyStatuses = new(StringComparer.OrdinalIgnoreCase) { "busy", "tentative", "oof" };

    public static ScheduleReading Read(JsonNode? response, string address, int index, DateTimeOffset windowStart, TimeZoneInfo fallbackZone)
    {
        var entries = GraphJson.Objects(response, "value").ToList();
        var entry = entries.FirstOrDefault(e => string.Equals(GraphJson.Text(e, "scheduleId"), address, StringComparison.OrdinalIgnoreCase))
            ?? (index < entries.Count ? entries[index] : null);
        if (entry is null)
        {
            return new ScheduleReading(null, "Graph returned no schedule for them", false);
        }

        if (entry["error"] is JsonObject error)
        {
            var code = GraphJson.Text(error, "responseCode") ?? string.Empty;
            return new ScheduleReading(null, GraphJson.Text(error, "message") ?? code, code.Contains("AccessDenied", StringComparison.OrdinalIgnoreCase));
        }

        var busy = BusyItems(entry).Concat(BusyInView(GraphJson.Text(entry, "availabilityView"), windowStart)).ToList();
        return new ScheduleReading(new PersonSchedule(address, busy, WorkingHoursOf(entry["workingHours"], fallbackZone)), null, false);
    }

    private static IEnumerable<(DateTimeOffset, DateTimeOffset)> BusyItems(JsonObject entry)
    {
        foreach (var item in GraphJson.Objects(entry, "scheduleItems"))
        {
            if (BusyStatuses.Contains(GraphJson.Text(item, "status") ?? string.Empty)
                && GraphJson.Instant(item["start"]) is { } start
                && GraphJson.Instant(item["end"]) is { } end)
            {
                yield return (start, end);
            }
        }
    }

    private static IEnumerable<(DateTimeOffset, DateTimeOffset)> BusyInView(string? view, DateTimeOffset windowStart)
    {
        for (var i = 0; i < (view?.Length ?? 0); i++)
        {
            if (view![i] is '1' or '2' or '3')
            {
                var start = windowStart + (SlotFinder.SlotLength * i);
                yield return (start, start + SlotFinder.SlotLength);
            }
        }
    }

    /// <summary>Outlook's working hours; a mailbox without them counts as Monday to Friday, 09:00 to 17:00, in the person's PmoBot time zone.</summary>
    private static WorkingHours WorkingHoursOf(JsonNode? node, TimeZoneInfo fallbackZone)
    {
        var days = node is JsonObject obj && obj["daysOfWeek"] is JsonArray array
            ? array.Select(d => d is JsonValue v && v.TryGetValue<string>(out var s) && Enum.TryParse<DayOfWeek>(s, ignoreCase: true, out var day) ? (DayOfWeek?)day : null).OfType<DayOfWeek>().ToHashSet()
            : [];
        var start = Time(GraphJson.Text(node, "startTime"));
        var end = Time(GraphJson.Text(node, "endTime"));
        var zone = GraphTimeZones.ResolveWorkingHoursZone((node as JsonObject)?["timeZone"]) ?? fallbackZone;
        return days.Count == 0 || start is null || end is null
            ? WorkingHours.OfficeHours(zone)
            : new WorkingHours(days, start.Value, end.Value, zone);
    }

    /// <summary>Graph writes times of day as <c>08:00:00.0000000</c>.</summary>
    private static TimeOnly? Time(string? text) =>
        text is not null && TimeOnly.TryParse(text.Length > 8 ? text[..8] : text, CultureInfo.InvariantCulture, out var time) ? time : null;
}
