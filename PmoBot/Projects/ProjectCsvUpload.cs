using Microsoft.Extensions.Options;
using PmoBot.Commands;

namespace PmoBot.Projects;

/// <summary>A CSV file of projects sent to the bot in chat by a PMO member: downloaded, imported, and answered with the import report.</summary>
public sealed class ProjectCsvUpload(UploadedFileDownloader downloader, ProjectCsvImporter importer, IOptions<ProjectImportOptions> options) : IFileUploadHandler
{
    private const string NothingImported = "Nothing was imported";

    /// <summary>Spreadsheets come here too, to be told how to save them as CSV.</summary>
    public IReadOnlySet<string> FileTypes { get; } = new HashSet<string> { "csv", "xlsx", "xls" };

    public string Purpose => "a CSV file of projects";

    public async Task<Reply> HandleAsync(FileUploadRequest request, CancellationToken cancellationToken)
    {
        var file = request.File;
        if (!ProjectAccess.CanChange(request.Caller))
        {
            return Reply.Message($"Thanks for {file.Name}, but only the PMO imports projects from files, so I did nothing with it. Ask a PMO member to import it.");
        }

        if (file.Extension != "csv")
        {
            return Reply.Message($"{file.Name} is not a CSV file, so I did not import it. Save the sheet as CSV (comma separated) with the header {string.Join(",", ProjectCsvImporter.Columns)} and send it again.");
        }

        var download = await downloader.DownloadAsync(file, options.Value.MaxFileBytes, NothingImported, cancellationToken);
        if (download is FileDownload.Refused refused)
        {
            return Reply.Message(refused.Reason);
        }

        using var content = ((FileDownload.Downloaded)download).Content;
        var report = await importer.ImportAsync(content, request.Caller.Name, cancellationToken);
        return Reply.WithCard(ProjectCards.ImportReport(file.Name, report), $"{file.Name}: {report.Summary}");
    }
}
