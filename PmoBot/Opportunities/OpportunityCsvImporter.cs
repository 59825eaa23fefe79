using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.Projects;

namespace PmoBot.Opportunities;

/// <summary>
/// Reads opportunities from CSV the way the project import does (<see cref="CsvTableReader"/>: the documented header in
/// any order, each bad row reported with its line and reason, the good ones imported), matched by code so the same file
/// imported again updates or leaves unchanged instead of duplicating. A row may not close a deal: won, lost and
/// withdrawn have their own commands.
/// </summary>
public sealed class OpportunityCsvImporter(OpportunityInputReader reader, OpportunityRegister register) : ICsvImportTarget
{
    public string Word => "opportunities";

    public static readonly IReadOnlyList<string> Columns =
    [
        "code", "account", "name", "business_unit", "value", "currency", "contract_type", "stage", "expected_close", "delivery_start", "delivery_end",
        "sales_owner", "proposed_pm", "sponsor", "customer_problem", "scope", "commercial", "assumptions", "links",
    ];

    public static readonly IReadOnlySet<string> OptionalColumns = new HashSet<string>
    {
        "currency", "contract_type", "stage", "delivery_end", "proposed_pm", "sponsor", "customer_problem", "scope", "commercial", "assumptions", "links",
    };

    /// <summary>From the command line, where no person's calendar is at hand: a close "in the past" is judged on UTC's.</summary>
    public Task<ProjectImportReport> ImportAsync(Stream csv, string importedBy, CancellationToken cancellationToken) =>
        ImportAsync(csv, importedBy, null, cancellationToken);

    /// <param name="timeZone">The importer's zone: a row's close "in the past" is judged on their calendar.</param>
    public async Task<ProjectImportReport> ImportAsync(Stream csv, string importedBy, string? timeZone, CancellationToken cancellationToken)
    {
        var stored = await register.ListStoredAsync(cancellationToken);
        var reading = await CsvTableReader.ReadCodedAsync(
            csv,
            Columns,
            OptionalColumns,
            "opportunity",
            async (field, code) =>
            {
                var input = new OpportunityInput(
                    field("code"), field("account"), field("name"), field("business_unit"), field("value"), field("currency"), field("contract_type"), field("stage"),
                    field("expected_close"), field("delivery_start"), field("delivery_end"), field("sales_owner"), field("proposed_pm"), field("sponsor"),
                    field("customer_problem"), field("scope"), field("commercial"), field("assumptions"), field("links"));
                var read = await reader.ReadAsync(input, stored.GetValueOrDefault(code)?.Opportunity, timeZone, cancellationToken);
                return (read.Opportunity, read.Errors);
            },
            cancellationToken);
        return reading.FileError is not null
            ? new ProjectImportReport(0, 0, 0, [], reading.FileError)
            : ProjectImportReport.Of(await register.ImportAsync(reading.Rows, stored, importedBy, cancellationToken), reading.Errors);
    }

    public static Reply Report(string fileName, ProjectImportReport report) =>
        Reply.WithCard(ProjectCards.ImportReport(fileName, report, Columns, ("Show the pipeline", "opportunities")), $"{fileName}: {report.Summary}");
}

/// <summary>A CSV file whose name starts with "opportunit", sent by the PMO in chat: the pipeline import, answered with its report.</summary>
public sealed class OpportunityCsvUpload(UploadedFileDownloader downloader, OpportunityCsvImporter importer, IOptions<ProjectImportOptions> options) : IFileUploadHandler
{
    public const string Prefix = "opportunit";

    public IReadOnlySet<string> FileTypes { get; } = new HashSet<string> { "csv" };

    public string Purpose => "opportunities as CSV";

    public string? NamePrefix => Prefix;

    public async Task<Reply> HandleAsync(FileUploadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!OpportunityAccess.IsPmo(request.Caller))
        {
            return Reply.Message($"Thanks for {request.File.Name}, but only the PMO imports opportunities from files, so I did nothing with it. Sales owners add theirs with **opportunity add**.");
        }

        var download = await downloader.DownloadAsync(request.File, options.Value.MaxFileBytes, "Nothing was imported", cancellationToken);
        if (download is FileDownload.Refused refused)
        {
            return Reply.Message(refused.Reason);
        }

        using var content = ((FileDownload.Downloaded)download).Content;
        return OpportunityCsvImporter.Report(request.File.Name, await importer.ImportAsync(content, request.Caller.Name, request.Caller.TimeZone, cancellationToken));
    }
}
