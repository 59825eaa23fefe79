using System.Net;
using Microsoft.Extensions.Options;
using PmoBot.Commands;

namespace PmoBot.Projects;

/// <summary>A CSV file of projects sent to the bot in chat by a PMO member: downloaded, imported, and answered with the import report.</summary>
public sealed class ProjectCsvUpload(IHttpClientFactory httpClients, ProjectCsvImporter importer, IOptions<ProjectImportOptions> options) : IFileUploadHandler
{
    public const string HttpClientName = "ProjectCsvDownload";

    public async Task<Reply> HandleAsync(FileUploadRequest request, CancellationToken cancellationToken)
    {
        var file = request.File;
        if (!ProjectAccess.CanChange(request.Caller))
        {
            return Reply.Message($"Thanks for {file.Name}, but only the PMO imports projects from files, so I did nothing with it. Ask a PMO member to import it.");
        }

        if (!IsCsv(file))
        {
            return Reply.Message($"{file.Name} is not a CSV file, so I did not import it. Save the sheet as CSV (comma separated) with the header {string.Join(",", ProjectCsvImporter.Columns)} and send it again.");
        }

        if (!IsAllowedLocation(file.DownloadUrl))
        {
            return Reply.Message($"I could not download {file.Name}: its download link is not a secure (https) address. Nothing was imported.");
        }

        using var content = new MemoryStream();
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(file.DownloadUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return Reply.Message($"I could not download {file.Name} (Teams answered {(int)response.StatusCode} {response.ReasonPhrase}). Nothing was imported; send the file again.");
            }

            var limit = options.Value.MaxFileBytes;
            await using var download = await response.Content.ReadAsStreamAsync(cancellationToken);
            if (response.Content.Headers.ContentLength > limit || !await CopyWithinAsync(download, content, limit, cancellationToken))
            {
                return Reply.Message($"{file.Name} is larger than {limit / 1024:N0} KB, the most I import from chat. Nothing was imported: split the file, or ask an operator to run the import from the command line.");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Reply.Message($"I could not download {file.Name} ({ex.Message}). Nothing was imported; send the file again.");
        }

        content.Position = 0;
        var report = await importer.ImportAsync(content, request.Caller.Name, cancellationToken);
        return Reply.WithCard(ProjectCards.ImportReport(file.Name, report), $"{file.Name}: {report.Summary}");
    }

    private static bool IsCsv(UploadedFile file) =>
        string.Equals(file.FileType, "csv", StringComparison.OrdinalIgnoreCase)
        || file.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>Teams' download links are https; plain http only for a local stand-in on this machine.</summary>
    private static bool IsAllowedLocation(Uri url) =>
        url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address));

    private static async Task<bool> CopyWithinAsync(Stream source, Stream target, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81_920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (target.Length + read > limit)
            {
                return false;
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return true;
    }
}
