using System.Text.Json.Nodes;
using PmoBot.People;

namespace PmoBot.Commands;

/// <summary>
/// A file the bot offers to send (a CSV export). Teams asks the person first (a file consent card in their personal
/// chat); only when they accept is the file built, from <see cref="Context"/>, and uploaded to their OneDrive.
/// </summary>
/// <param name="Kind">Which <see cref="IFileOfferSource"/> builds it.</param>
/// <param name="Context">What the source needs to build it again (an event id): the card carries it back on accept.</param>
public sealed record FileOffer(string Kind, string FileName, string Description, JsonObject Context, long SizeInBytes);

/// <summary>A file's content, or why it cannot be had (the person lost the role since, the thing is gone).</summary>
public abstract record OfferedFile
{
    public sealed record Built(string FileName, byte[] Content) : OfferedFile;

    public sealed record Refused(string Reason) : OfferedFile;
}

/// <summary>Builds the files of one kind when the person accepts them.</summary>
public interface IFileOfferSource
{
    string Kind { get; }

    Task<OfferedFile> BuildAsync(PmoUser caller, JsonObject context, CancellationToken cancellationToken);
}

/// <summary>Sends an accepted file offer to the source of its kind; an unknown kind is refused in words.</summary>
public sealed class FileOfferRouter(IEnumerable<IFileOfferSource> sources)
{
    public const string KindField = "kind";

    private readonly Dictionary<string, IFileOfferSource> sources = sources.ToDictionary(s => s.Kind, StringComparer.Ordinal);

    public static JsonObject ContextOf(FileOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var context = offer.Context.DeepClone().AsObject();
        context[KindField] = offer.Kind;
        return context;
    }

    public Task<OfferedFile> BuildAsync(PmoUser caller, JsonObject? context, CancellationToken cancellationToken)
    {
        var kind = context?[KindField] is JsonValue value && value.TryGetValue<string>(out var k) ? k : null;
        return kind is not null && sources.TryGetValue(kind, out var source)
            ? source.BuildAsync(caller, context!, cancellationToken)
            : Task.FromResult<OfferedFile>(new OfferedFile.Refused("This file offer is not one PmoBot knows (perhaps from an older version). Ask for the file again."));
    }
}
