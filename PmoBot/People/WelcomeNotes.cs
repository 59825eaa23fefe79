namespace PmoBot.People;

/// <summary>
/// A feature's line on a person's welcome card: what is waiting for them now. The welcome is the first thing a person
/// sees, and often the first message PmoBot can send them at all: what was sent before they opened it (a review's
/// invitation) never reached them.
/// </summary>
public interface IWelcomeNote
{
    /// <returns>A line (markdown) for the person's welcome card, or null when the feature has nothing for them.</returns>
    Task<string?> NoteAsync(PmoUser person, CancellationToken cancellationToken);
}

/// <summary>Every feature's welcome lines, read side by side; one that fails is left out (logged), and the welcome still goes.</summary>
public sealed partial class WelcomeNotes(IEnumerable<IWelcomeNote> notes, ILogger<WelcomeNotes> logger)
{
    public async Task<IReadOnlyList<string>> ForAsync(PmoUser person, CancellationToken cancellationToken)
    {
        var lines = await Task.WhenAll(notes.Select(async note =>
        {
            try
            {
                return await note.NoteAsync(person, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(note.GetType().Name, ex.Message);
                return null;
            }
        }));
        return [.. lines.OfType<string>()];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The welcome card went without {Note}'s line: {Reason}")]
    private partial void LogFailed(string note, string reason);
}
