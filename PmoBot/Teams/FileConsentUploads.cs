using System.Net;
using System.Net.Http.Headers;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Teams;

/// <summary>
/// The second half of sending a file the Teams way (personal chat only): the person answered the file consent card.
/// On accept, the file is built now (from the context the card carried, with the person's role checked again),
/// uploaded with one PUT to the OneDrive location Teams gave, and announced with a file info card; on decline,
/// nothing is built or sent.
/// </summary>
public sealed partial class FileConsentUploads(FileOfferRouter offers, IHttpClientFactory httpClients, ILogger<FileConsentUploads> logger)
{
    public const string HttpClientName = "FileConsentUpload";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public async Task AcceptAsync(ITurnContext turnContext, PmoUser caller, FileConsentCardResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(response);
        var upload = response.UploadInfo;
        if (upload is null || !Uri.TryCreate(upload.UploadUrl, UriKind.Absolute, out var uploadUrl) || !IsAllowedLocation(uploadUrl))
        {
            await turnContext.SendActivityAsync(MessageFactory.Text("Teams did not give a place to upload the file, so nothing was sent. Ask for the file again."), cancellationToken);
            return;
        }

        var built = await offers.BuildAsync(caller, ActivityMapping.DataOf(response.Context), cancellationToken);
        if (built is OfferedFile.Refused refused)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(refused.Reason), cancellationToken);
            return;
        }

        var file = (OfferedFile.Built)built;
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var content = new ByteArrayContent(file.Content);
            content.Headers.ContentLength = file.Content.Length;
            content.Headers.ContentRange = new ContentRangeHeaderValue(0, Math.Max(0, file.Content.Length - 1), file.Content.Length);
            using var put = await client.PutAsync(uploadUrl, content, cancellationToken);
            if (!put.IsSuccessStatusCode)
            {
                LogUploadRefused(upload.Name, (int)put.StatusCode);
                await turnContext.SendActivityAsync(MessageFactory.Text($"OneDrive refused the upload of {upload.Name} ({(int)put.StatusCode} {put.ReasonPhrase}), so the file was not sent. Ask for it again."), cancellationToken);
                return;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUploadFailed(upload.Name, ex.Message);
            var what = ex is TaskCanceledException
                ? $"OneDrive did not answer within {Timeout.TotalSeconds:0} seconds"
                : "OneDrive could not be reached";
            await turnContext.SendActivityAsync(MessageFactory.Text($"{what}, so {upload.Name} was not sent. Ask for the file again."), cancellationToken);
            return;
        }

        var info = new Attachment(FileInfoCard.ContentType, upload.ContentUrl, new FileInfoCard(upload.UniqueId, upload.FileType), upload.Name);
        await turnContext.SendActivityAsync(MessageFactory.Attachment(info, $"Here is {upload.Name} ({file.Content.Length:N0} bytes), saved in your OneDrive."), cancellationToken);
    }

    public static Task DeclineAsync(ITurnContext turnContext, FileConsentCardResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.SendActivityAsync(MessageFactory.Text("OK, I did not send the file. Ask again whenever you need it."), cancellationToken);
    }

    /// <summary>Teams' upload locations are https; plain http only for a local stand-in on this machine.</summary>
    private static bool IsAllowedLocation(Uri url) =>
        url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of {FileName} refused with {StatusCode}")]
    private partial void LogUploadRefused(string fileName, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of {FileName} failed: {Reason}")]
    private partial void LogUploadFailed(string fileName, string reason);
}
