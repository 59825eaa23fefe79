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

    public async Task<ProjectImportReport> ImportAsync(Stream csv, string importedBy, CancellationToken cancellationToken)
    {
        var errors = new List<ImportRowError>();
        var stored = await register.ListStoredAsync(cancellationToken);
        var good = new List<Project>();
        var lineOfCode = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var reading = await CsvTableReader.ReadAsync(
            csv,
            Columns,
            OptionalColumns,
            async (line, field) =>
            {
                var input = new ProjectInput(
                    field("code"), field("name"), field("business_unit"), field("pm"), field("deputy_pm"), field("sponsor"), field("stage"), field("start"),
                    field("planned_end"), field("bac"), field("currency"), field("cadence"), field("status"), field("milestones"), field("baseline"));
                var code = ProjectText.NormalizeCode(input.Code);
                if (lineOfCode.TryGetValue(code, out var first))
                {
                    errors.Add(new ImportRowError(line, code, $"This code is already on line {first}; each project appears once in a file."));
                    return;
                }

                var project = await reader.ReadAsync(input, stored.GetValueOrDefault(code)?.Project, cancellationToken);
                if (!project.IsValid)
                {
                    errors.Add(new ImportRowError(line, code.Length == 0 ? null : code, string.Join(" ", project.Errors)));
                    return;
                }

                lineOfCode[code] = line;
                good.Add(project.Project!);
            },
            cancellationToken);
        if (reading.FileError is not null)
        {
            return new ProjectImportReport(0, 0, 0, [], reading.FileError);
        }

        var outcomes = await register.ImportAsync(good, stored, importedBy, cancellationToken);
        return new ProjectImportReport(
            outcomes.Values.Count(o => o == ImportOutcome.Created),
            outcomes.Values.Count(o => o == ImportOutcome.Updated),
            outcomes.Values.Count(o => o == ImportOutcome.Unchanged),
            errors.Concat(reading.Malformed).OrderBy(e => e.Line).ToList());
    }
}
