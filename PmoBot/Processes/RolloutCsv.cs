using System.Globalization;
using System.Text;
using PmoBot.Commands;

namespace PmoBot.Processes;

/// <summary>A rollout's people as CSV, one line per person, for the PMO's own follow-up and records.</summary>
public static class RolloutCsv
{
    public const string NoBusinessUnit = "(no active project)";

    public static readonly IReadOnlyList<string> Columns = ["name", "entra_object_id", "business_units", "state", "seen_utc", "acknowledged_utc"];

    /// <summary>The header and one line per person, names in order; states as of <paramref name="now"/> (overdue included).</summary>
    public static string Build(Rollout rollout, IReadOnlyList<Acknowledgement> people, DateTimeOffset now)
    {
        var csv = new StringBuilder().AppendJoin(',', Columns).Append('\n');
        foreach (var person in people.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            csv.AppendJoin(
                ',',
                Field(person.Name),
                Field(person.UserKey),
                Field(person.BusinessUnits.Count == 0 ? NoBusinessUnit : string.Join("; ", person.BusinessUnits)),
                person.StateAt(rollout, now).ToString(),
                Utc(person.SeenAt),
                Utc(person.AcknowledgedAt)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>The same lines as a file: RFC 4180 line breaks (CRLF) and a UTF-8 byte order mark, so Excel reads names as typed.</summary>
    public static byte[] File(Rollout rollout, IReadOnlyList<Acknowledgement> people, DateTimeOffset now) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Build(rollout, people, now).Replace("\n", "\r\n", StringComparison.Ordinal))];

    /// <summary>
    /// Splits the CSV into pieces of at most <paramref name="maxLength"/> characters at line ends, each starting with the
    /// header, so every piece is a CSV file of its own.
    /// </summary>
    public static IReadOnlyList<string> Split(string csv, int maxLength)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0] + "\n";
        var pieces = new List<string>();
        var piece = new StringBuilder(header);
        foreach (var line in lines.Skip(1))
        {
            if (piece.Length + line.Length + 1 > maxLength && piece.Length > header.Length)
            {
                pieces.Add(piece.ToString());
                piece.Clear().Append(header);
            }

            piece.Append(line).Append('\n');
        }

        pieces.Add(piece.ToString());
        return pieces;
    }

    private static string Utc(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Field(string value) => CsvField.Quote(value);
}
