using System.Globalization;
using PmoBot.Commands;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Development.Training;

public sealed record CatalogueImportReport(int Created, int Updated, int Unchanged, IReadOnlyList<ImportRowError> Errors, string? FileError = null)
{
    public string Summary => FileError is not null
        ? $"Nothing was imported. {FileError}"
        : $"{Created} created, {Updated} updated, {Unchanged} unchanged, {Errors.Count} failed.";
}

/// <summary>
/// Reads the training catalogue from CSV (the header: <see cref="Columns"/>) with the same reader as the project
/// import, reports each bad row with its line and reason, and writes the good ones by id: importing the same file
/// again changes nothing.
/// </summary>
public sealed class TrainingCsvImporter(TrainingCatalogueStore catalogue)
{
    public static readonly IReadOnlyList<string> Columns =
        ["id", "title", "knowledge_area", "level", "format", "duration_hours", "provider", "link", "pdus_ways_of_working", "pdus_power_skills", "pdus_business_acumen"];

    public static readonly IReadOnlySet<string> OptionalColumns = new HashSet<string> { "level", "format", "provider", "link", "pdus_ways_of_working", "pdus_power_skills", "pdus_business_acumen" };

    public async Task<CatalogueImportReport> ImportAsync(Stream csv, CancellationToken cancellationToken)
    {
        var errors = new List<ImportRowError>();
        var good = new Dictionary<string, Programme>(StringComparer.Ordinal);
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var reading = await CsvTableReader.ReadAsync(
            csv,
            Columns,
            OptionalColumns,
            (line, field) =>
            {
                var id = TrainingText.NormalizeId(field("id"));
                if (lineOf.TryGetValue(id, out var first))
                {
                    errors.Add(new ImportRowError(line, id, $"This id is already on line {first}; each programme appears once in a file."));
                    return Task.CompletedTask;
                }

                var (programme, problems) = Read(id, field);
                if (programme is null)
                {
                    errors.Add(new ImportRowError(line, id.Length == 0 ? null : id, string.Join(" ", problems)));
                }
                else
                {
                    lineOf[id] = line;
                    good[id] = programme;
                }

                return Task.CompletedTask;
            },
            cancellationToken);
        if (reading.FileError is not null)
        {
            return new CatalogueImportReport(0, 0, 0, [], reading.FileError);
        }

        var existing = (await catalogue.ListAsync(cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var changed = good.Values.Where(p => !existing.TryGetValue(p.Id, out var before) || before != p).ToList();
        await catalogue.UpsertAsync(changed, cancellationToken);
        return new CatalogueImportReport(
            changed.Count(p => !existing.ContainsKey(p.Id)),
            changed.Count(p => existing.ContainsKey(p.Id)),
            good.Count - changed.Count,
            errors.Concat(reading.Malformed).OrderBy(e => e.Line).ToList());
    }

    private static (Programme? Programme, List<string> Problems) Read(string id, Func<string, string?> field)
    {
        var problems = new List<string>();
        if (!TrainingText.IsId(id))
        {
            problems.Add(id.Length == 0 ? "The id is missing (like TR-RISK-1)." : $"The id \"{id}\" may hold only letters, digits and dashes, up to 32.");
        }

        var title = (field("title") ?? string.Empty).Trim();
        if (title.Length is 0 or > 120)
        {
            problems.Add(title.Length == 0 ? "The title is missing." : "The title is longer than 120 characters.");
        }

        var area = KnowledgeAreas.Parse(field("knowledge_area"));
        if (area is null)
        {
            problems.Add($"The knowledge area \"{field("knowledge_area")}\" is not one of {KnowledgeAreas.Choices}.");
        }

        var level = ProgrammeLevel.Foundation;
        if (field("level") is { Length: > 0 } levelText && !EnumText.TryParse(levelText, out level))
        {
            problems.Add($"The level \"{levelText}\" is not one of {EnumText.Choices<ProgrammeLevel>()}.");
        }

        var format = ProgrammeFormat.Online;
        if (field("format") is { Length: > 0 } formatText && !EnumText.TryParse(formatText, out format))
        {
            problems.Add($"The format \"{formatText}\" is not one of {EnumText.Choices<ProgrammeFormat>()}.");
        }

        var hours = Number(field("duration_hours"), "duration in hours", 0.25m, 1000, problems, required: true);
        Uri? link = null;
        if (field("link") is { Length: > 0 } linkText && !(Uri.TryCreate(linkText, UriKind.Absolute, out link) && link.Scheme is "https" or "http"))
        {
            problems.Add($"The link \"{linkText}\" is not a web address (https://...).");
        }

        var pdus = new PduSplit(
            Number(field("pdus_ways_of_working"), "Ways of Working PDUs", 0, 100, problems),
            Number(field("pdus_power_skills"), "Power Skills PDUs", 0, 100, problems),
            Number(field("pdus_business_acumen"), "Business Acumen PDUs", 0, 100, problems));
        var provider = field("provider") is { Length: > 0 } p ? p.Trim() : null;
        return problems.Count > 0 ? (null, problems) : (new Programme(id, title, area!, level, format, hours, provider, link, pdus), problems);
    }

    private static decimal Number(string? text, string what, decimal min, decimal max, List<string> problems, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                problems.Add($"The {what} is missing.");
            }

            return 0;
        }

        if (!NumberText.TryReadQuantity(text, out var value) || value < min || value > max)
        {
            problems.Add($"The {what} \"{text}\" is not a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
            return 0;
        }

        return value;
    }
}
