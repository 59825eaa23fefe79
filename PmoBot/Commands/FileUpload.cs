using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Commands;

/// <summary>A file someone sent the bot: its name, a short-lived pre-authenticated download URL, and its type (<c>csv</c>, <c>xlsx</c>, ...).</summary>
public sealed record UploadedFile(string Name, Uri DownloadUrl, string? FileType);

public sealed record FileUploadRequest(PmoUser Caller, UploadedFile File, ConversationKind Conversation);

/// <summary>Takes the files users send the bot in chat (a message whose attachment is a file rather than text).</summary>
public interface IFileUploadHandler
{
    Task<Reply> HandleAsync(FileUploadRequest request, CancellationToken cancellationToken);
}
