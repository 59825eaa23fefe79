using CsvHelper;

namespace PmoBot.Projects;

/// <summary>What reading a CSV file gave: a problem with the file as a whole (nothing imported), or the rows it could not read.</summary>
public sealed record CsvReading(string? FileError, IReadOnlyList<ImportRowError> Malformed);

/// <summary>
/// Reads a CSV file with a header the way every import does: the header's columns in any order and case (spaces and
/// dashes read as underscores), unknown, repeated or missing columns refused with the expected list, and each row
/// handed over with its line number, or reported when it is not valid CSV (a stray quote, a field count that does not
/// match). Shared by the project register and the training catalogue.
/// </summary>
public static class CsvTableReader
{
    private const int MaxRecordBytes = 64 * 1024;

    /// <param name="row">Called for each readable row with its line number (1 is the header) and its fields by column name (null when the column is absent).</param>
    public static async Task<CsvReading> ReadAsync(
        Stream csv, IReadOnlyList<string> columns, IReadOnlySet<string> optional, Func<int, Func<string, string?>, Task> row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var malformed = new List<ImportRowError>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            AllowLineBreaksInQuotes = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            MaxRecordSize = MaxRecordBytes,
            OnMalformedRecord = record => malformed.Add(new ImportRowError((int)record.LineNumber, null, Malformed(record.Reason))),
        };
        await using var rows = CsvReader.Create(csv, options, leaveOpen: true);
        try
        {
            await rows.ReadHeaderAsync(cancellationToken);
            var header = rows.Headers.Select(Normalize).ToList();
            if (HeaderProblem(header, columns, optional) is { } problem)
            {
                return new CsvReading(problem, []);
            }

            string? Field(string column) => header.IndexOf(column) is var index and >= 0 ? rows.GetString(index) : null;
            while (await rows.ReadAsync(cancellationToken))
            {
                await row((int)rows.LineNumber, Field);
            }

            return new CsvReading(null, malformed);
        }
        catch (CsvFormatException ex)
        {
            return new CsvReading($"The file is not readable as CSV{(ex.LineNumber > 0 ? $" at line {ex.LineNumber}" : string.Empty)}: {ex.Message}", []);
        }
    }

    private static string Normalize(string header) => header.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    private static string? HeaderProblem(List<string> header, IReadOnlyList<string> columns, IReadOnlySet<string> optional)
    {
        if (header.Count == 0 || header.All(c => c.Length == 0))
        {
            return "The file is empty: its first line must be the header.";
        }

        var problems = new List<string>();
        var unknown = header.Where(c => !columns.Contains(c)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"Unknown columns: {string.Join(", ", unknown.Select(c => $"\"{c}\""))}.");
        }

        var twice = header.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
        {
            problems.Add($"Columns named twice: {string.Join(", ", twice)}.");
        }

        var missing = columns.Where(c => !optional.Contains(c) && !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"Missing columns: {string.Join(", ", missing)}.");
        }

        return problems.Count == 0 ? null : $"Line 1 (the header): {string.Join(" ", problems)} The columns are {string.Join(",", columns)}.";
    }

    private static string Malformed(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.FieldCountMismatch => "The row has a different number of fields from the header (a missing or extra comma?). Put fields that contain commas in double quotes.",
        CsvMalformedReason.StrayQuote or CsvMalformedReason.TextAfterClosingQuote => "A field has a stray double quote. Put the whole field in double quotes and double the quotes inside it.",
        CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.LineBreakInQuotes => "A quoted field is not closed on the same line. Keep each row on one line.",
        _ => "The row is not valid CSV.",
    };
}
