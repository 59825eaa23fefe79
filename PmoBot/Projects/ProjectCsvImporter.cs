using CsvHelper;

namespace PmoBot.Projects;

/// <summary>A row that was not imported: its line in the file (1 is the header), its code when it has one, and why.</summary>
public sealed record ImportRowError(int Line, string? Code, string Reason)
{
    public string Describe() => Code is null ? Reason : $"{Code}: {Reason}";
}

/// <param name="FileError">Set when the file as a whole could not be read (no header, unknown columns): nothing was imported.</param>
public sealed record ProjectImportReport(int Created, int Updated, int Unchanged, IReadOnlyList<ImportRowError> Errors, string? FileError = null)
{
    public int Failed => Errors.Count;

    public string Summary => FileError is not null
        ? $"Nothing was imported. {FileError}"
        : $"{Created} created, {Updated} updated, {Unchanged} unchanged, {Failed} failed.";
}

/// <summary>
/// Reads projects from CSV (the documented header: <see cref="Columns"/>), reports each bad row with its line
/// number and reason, and imports the good ones: a project is matched by code, so importing the same file again
/// updates (or leaves unchanged) instead of duplicating.
/// </summary>
public sealed class ProjectCsvImporter(ProjectInputReader reader, ProjectRegister register)
{
    public static readonly IReadOnlyList<string> Columns =
        ["code", "name", "business_unit", "pm", "deputy_pm", "sponsor", "stage", "start", "planned_end", "bac", "currency", "cadence", "status", "milestones", "baseline"];

    /// <summary>The columns a file may leave out: no deputy, stage Initiation, cadence Weekly, status Active, no milestones, no baseline.</summary>
    public static readonly IReadOnlySet<string> OptionalColumns = new HashSet<string> { "deputy_pm", "stage", "cadence", "status", "milestones", "baseline" };

    private const int MaxRecordBytes = 64 * 1024;

    public async Task<ProjectImportReport> ImportAsync(Stream csv, string importedBy, CancellationToken cancellationToken)
    {
        var errors = new List<ImportRowError>();
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
            OnMalformedRecord = record => errors.Add(new ImportRowError((int)record.LineNumber, null, Malformed(record.Reason))),
        };
        await using var rows = CsvReader.Create(csv, options, leaveOpen: true);
        try
        {
            await rows.ReadHeaderAsync(cancellationToken);
            var columns = rows.Headers.Select(Normalize).ToList();
            if (HeaderProblem(columns) is { } problem)
            {
                return new ProjectImportReport(0, 0, 0, [], problem);
            }

            string? Field(string column) => columns.IndexOf(column) is var index and >= 0 ? rows.GetString(index) : null;

            var stored = await register.ListStoredAsync(cancellationToken);
            var good = new List<Project>();
            var lineOfCode = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            while (await rows.ReadAsync(cancellationToken))
            {
                var line = (int)rows.LineNumber;
                var input = new ProjectInput(
                    Field("code"), Field("name"), Field("business_unit"), Field("pm"), Field("deputy_pm"), Field("sponsor"), Field("stage"), Field("start"),
                    Field("planned_end"), Field("bac"), Field("currency"), Field("cadence"), Field("status"), Field("milestones"), Field("baseline"));
                var code = ProjectText.NormalizeCode(input.Code);
                if (lineOfCode.TryGetValue(code, out var first))
                {
                    errors.Add(new ImportRowError(line, code, $"This code is already on line {first}; each project appears once in a file."));
                    continue;
                }

                var reading = await reader.ReadAsync(input, stored.GetValueOrDefault(code)?.Project, cancellationToken);
                if (!reading.IsValid)
                {
                    errors.Add(new ImportRowError(line, code.Length == 0 ? null : code, string.Join(" ", reading.Errors)));
                    continue;
                }

                lineOfCode[code] = line;
                good.Add(reading.Project!);
            }

            var outcomes = await register.ImportAsync(good, stored, importedBy, cancellationToken);
            return new ProjectImportReport(
                outcomes.Values.Count(o => o == ImportOutcome.Created),
                outcomes.Values.Count(o => o == ImportOutcome.Updated),
                outcomes.Values.Count(o => o == ImportOutcome.Unchanged),
                errors.OrderBy(e => e.Line).ToList());
        }
        catch (CsvFormatException ex)
        {
            return new ProjectImportReport(0, 0, 0, [], $"The file is not readable as CSV{(ex.LineNumber > 0 ? $" at line {ex.LineNumber}" : string.Empty)}: {ex.Message}");
        }
    }

    private static string Normalize(string header) => header.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    private static string? HeaderProblem(List<string> columns)
    {
        if (columns.Count == 0 || columns.All(c => c.Length == 0))
        {
            return "The file is empty: its first line must be the header.";
        }

        var problems = new List<string>();
        var unknown = columns.Where(c => !Columns.Contains(c)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"Unknown columns: {string.Join(", ", unknown.Select(c => $"\"{c}\""))}.");
        }

        var twice = columns.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
        {
            problems.Add($"Columns named twice: {string.Join(", ", twice)}.");
        }

        var missing = Columns.Where(c => !OptionalColumns.Contains(c) && !columns.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"Missing columns: {string.Join(", ", missing)}.");
        }

        return problems.Count == 0 ? null : $"Line 1 (the header): {string.Join(" ", problems)} The columns are {string.Join(",", Columns)}.";
    }

    private static string Malformed(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.FieldCountMismatch => "The row has a different number of fields from the header (a missing or extra comma?). Put fields that contain commas in double quotes.",
        CsvMalformedReason.StrayQuote or CsvMalformedReason.TextAfterClosingQuote => "A field has a stray double quote. Put the whole field in double quotes and double the quotes inside it.",
        CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.LineBreakInQuotes => "A quoted field is not closed on the same line. Keep each project on one line.",
        _ => "The row is not valid CSV.",
    };
}
