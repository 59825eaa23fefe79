using System.Globalization;
using System.Text;
using PmoBot.Commands;

namespace PmoBot.Development.Events;

/// <summary>An event's registrations and attendance as CSV (UTF-8 with a byte-order mark, so Excel reads the names right).</summary>
public static class EventCsv
{
    public static readonly IReadOnlyList<string> Columns =
        ["event_id", "event_title", "name", "user_key", "status", "waitlist_place", "responded_at_utc", "promoted_at_utc", "pdus_if_attended"];

    public static string FileName(LearningEvent learningEvent)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        return $"{learningEvent.Id}-registrations.csv";
    }

    public static byte[] Build(LearningEvent learningEvent, IReadOnlyList<Registration> rows)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        // RFC 4180 line breaks (CRLF), whatever the server's platform.
        text.Append(string.Join(',', Columns)).Append("\r\n");
        // The place each waiting person is told (1 is next), not the sequence number the waitlist is kept in order by:
        // those who left or were promoted leave gaps in it.
        var places = rows.Where(r => r.Status == RegistrationStatus.Waitlisted).OrderBy(r => r.Seq).Select((r, i) => (r.UserKey, Place: i + 1)).ToDictionary(p => p.UserKey, p => p.Place);
        foreach (var r in rows.OrderBy(r => r.Status).ThenBy(r => r.Seq).ThenBy(r => r.RespondedAt))
        {
            text.Append(string.Join(',', new[]
            {
                learningEvent.Id,
                learningEvent.Title,
                r.Name,
                r.UserKey,
                EventCards.StatusText(r.Status),
                places.TryGetValue(r.UserKey, out var place) ? place.ToString(CultureInfo.InvariantCulture) : string.Empty,
                Utc(r.RespondedAt),
                r.PromotedAt is { } promoted ? Utc(promoted) : string.Empty,
                TalentAreas.Format(learningEvent.Pdus.Total),
            }.Select(CsvField.Quote))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
