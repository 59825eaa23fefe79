using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Commands;

/// <summary>A file someone sent the bot: its name, a short-lived pre-authenticated download URL, and its type (<c>csv</c>, <c>xlsx</c>, ...).</summary>
public sealed record UploadedFile(string Name, Uri DownloadUrl, string? FileType)
{
    /// <summary>The type Teams reported, or else the file name's extension, lower case without the dot.</summary>
    public string Extension => (string.IsNullOrWhiteSpace(FileType) ? Path.GetExtension(Name) : FileType).TrimStart('.').ToLowerInvariant();
}

public sealed record FileUploadRequest(PmoUser Caller, UploadedFile File, ConversationKind Conversation);

/// <summary>Takes the files of one kind users send the bot in chat (a message whose attachment is a file rather than text).</summary>
public interface IFileUploadHandler
{
    /// <summary>The file types taken, lower case without the dot (<c>csv</c>).</summary>
    IReadOnlySet<string> FileTypes { get; }

    /// <summary>What the files are for, as <c>help</c> and a refused file say it ("a CSV file of projects").</summary>
    string Purpose { get; }

    /// <summary>
    /// When set, this handler takes only files whose name starts with it (<c>training</c>), ahead of the handlers that
    /// take every file of the type: two features can then both take CSV files.
    /// </summary>
    string? NamePrefix => null;

    Task<Reply> HandleAsync(FileUploadRequest request, CancellationToken cancellationToken);
}

/// <summary>Sends an uploaded file to the feature that takes its type, and explains which files the bot takes otherwise.</summary>
public sealed class FileUploadRouter(IEnumerable<IFileUploadHandler> handlers)
{
    private readonly List<IFileUploadHandler> handlers = handlers.ToList();

    public Task<Reply> RouteAsync(FileUploadRequest request, CancellationToken cancellationToken)
    {
        var file = request.File;
        var handler = handlers.FirstOrDefault(h => h.NamePrefix is { } prefix && h.FileTypes.Contains(file.Extension) && file.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            ?? handlers.FirstOrDefault(h => h.NamePrefix is null && h.FileTypes.Contains(file.Extension));
        if (handler is not null)
        {
            return handler.HandleAsync(request, cancellationToken);
        }

        var taken = string.Join(" or ", handlers.Select(h => $"{h.Purpose} (.{string.Join(", .", h.FileTypes)}{(h.NamePrefix is { } prefix ? $", named {prefix}…" : string.Empty)})"));
        return Task.FromResult(Reply.Message(handlers.Count == 0
            ? $"Thanks for {request.File.Name}, but I don't take files. Nothing was changed."
            : $"I can't use {request.File.Name}: I take {taken}. Nothing was changed."));
    }
}
