using System.Text;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Reviews.Templates;

/// <summary>A JSON review template sent to the bot in chat by the PMO: downloaded, checked and published as the next version.</summary>
public sealed class ReviewTemplateUpload(UploadedFileDownloader downloader, ReviewTemplatePublisher publisher) : IFileUploadHandler
{
    /// <summary>A template within <see cref="ReviewTemplateValidator.MaxJsonLength"/> is far smaller; anything bigger is not one.</summary>
    public const int MaxFileBytes = 256 * 1024;

    private const string NothingPublished = "Nothing was published";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public IReadOnlySet<string> FileTypes { get; } = new HashSet<string> { "json" };

    public string Purpose => "a JSON review template";

    /// <summary>The file as UTF-8 text, or why it could not be read (too big, not downloadable, not UTF-8).</summary>
    public static async Task<(string? Json, string? Problem)> ReadAsync(UploadedFileDownloader downloader, UploadedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        ArgumentNullException.ThrowIfNull(file);
        var download = await downloader.DownloadAsync(file, MaxFileBytes, NothingPublished, cancellationToken);
        if (download is FileDownload.Refused refused)
        {
            return (null, refused.Reason);
        }

        using var content = ((FileDownload.Downloaded)download).Content;
        try
        {
            return (StrictUtf8.GetString(content.GetBuffer(), 0, (int)content.Length).TrimStart('\uFEFF'), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, $"{file.Name} is not UTF-8 text, so it cannot be a JSON template. {NothingPublished}; save it as UTF-8 and send it again.");
        }
    }

    public async Task<Reply> HandleAsync(FileUploadRequest request, CancellationToken cancellationToken)
    {
        var file = request.File;
        if (!request.Caller.HasAny(Roles.PmoOrAdmin))
        {
            return Reply.Message($"Thanks for {file.Name}, but only PMO members and admins change the review template, so I did nothing with it. Ask a PMO member to publish it.");
        }

        var (json, problem) = await ReadAsync(downloader, file, cancellationToken);
        if (json is null)
        {
            return Reply.Message(problem!);
        }

        return await publisher.PublishAsync(json, request.Caller.Name, basedOnVersion: null, cancellationToken) switch
        {
            TemplatePublishResult.Published published => Reply.WithCard(
                ReviewTemplateCards.Template(published.Template, request.Caller, $"Published {file.Name} as version {published.Template.Version}: it is now the current review template."),
                $"{file.Name}: published as review template version {published.Template.Version}."),
            TemplatePublishResult.Unchanged unchanged => Reply.WithCard(
                ReviewTemplateCards.Template(unchanged.Current, request.Caller, $"{file.Name} has the same questions as version {unchanged.Current.Version}, so nothing was published."),
                $"{file.Name}: the same as version {unchanged.Current.Version}; nothing was published."),
            TemplatePublishResult.Invalid invalid => Reply.WithCard(
                ReviewTemplateCards.FileNotPublished(file.Name, invalid.Errors),
                $"{file.Name}: nothing was published, {invalid.Errors.Count} {(invalid.Errors.Count == 1 ? "error" : "errors")} to fix."),
            _ => throw new InvalidOperationException("A file is published after whatever version is current, so it is never superseded."),
        };
    }
}
