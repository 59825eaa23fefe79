using Microsoft.Extensions.Options;

namespace PmoBot.Commands;

/// <summary>The content of an uploaded file, or why it could not be had, in words for the person who sent it.</summary>
public abstract record FileDownload
{
    public sealed record Downloaded(MemoryStream Content) : FileDownload;

    public sealed record Refused(string Reason) : FileDownload;
}

/// <summary>
/// Downloads a file sent in chat from the pre-authenticated link Teams gives, within a size limit: one place for the
/// checks every file feature needs (a Teams file host over https, size, Teams' answer, time-out).
/// </summary>
public sealed class UploadedFileDownloader(IHttpClientFactory httpClients, IOptions<UploadedFilesOptions> options)
{
    public const string HttpClientName = "UploadedFileDownload";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <param name="nothingDone">What was not done, for the refusals: "Nothing was imported".</param>
    public async Task<FileDownload> DownloadAsync(UploadedFile file, int maxBytes, string nothingDone, CancellationToken cancellationToken)
    {
        if (!options.Value.Allows(file.DownloadUrl))
        {
            return new FileDownload.Refused($"I could not download {file.Name}: its download link does not point to OneDrive or SharePoint over https, where Teams keeps files sent in chat. {nothingDone}; drop the file into this chat from your computer or OneDrive.");
        }

        var content = new MemoryStream();
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(file.DownloadUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new FileDownload.Refused($"I could not download {file.Name} (Teams answered {(int)response.StatusCode} {response.ReasonPhrase}). {nothingDone}; send the file again.");
            }

            await using var download = await response.Content.ReadAsStreamAsync(cancellationToken);
            if (response.Content.Headers.ContentLength > maxBytes || !await CopyWithinAsync(download, content, maxBytes, cancellationToken))
            {
                return new FileDownload.Refused($"{file.Name} is larger than {maxBytes / 1024:N0} KB, the most I take from chat. {nothingDone}.");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new FileDownload.Refused($"I could not download {file.Name} ({ex.Message}). {nothingDone}; send the file again.");
        }

        content.Position = 0;
        return new FileDownload.Downloaded(content);
    }

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
