using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PmoBot.People;

namespace PmoBot.Tests.People;

public sealed class WelcomeNotesTests
{
    private static readonly PmoUser Megan = new(Guid.NewGuid().ToString(), "Megan Bowen", null, null, "Europe/London", new HashSet<Role> { Role.ProjectManager }, false, null);

    [Fact]
    public async Task A_feature_whose_line_fails_is_left_out_and_logged_once_and_the_others_lines_still_come_in_order()
    {
        var logger = new FakeLogger<WelcomeNotes>();
        var notes = new WelcomeNotes([new Note("Your review is waiting."), new Failing(), new Note(null), new Note("A process update to read.")], logger);

        var lines = await notes.ForAsync(Megan, CancellationToken.None);

        Assert.Equal(["Your review is waiting.", "A process update to read."], lines);
        var logged = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal((LogLevel.Warning, null), (logged.Level, logged.Exception));
        Assert.Contains("storage is down", logged.Message, StringComparison.Ordinal);
    }

    private sealed class Note(string? line) : IWelcomeNote
    {
        public Task<string?> NoteAsync(PmoUser person, CancellationToken cancellationToken) => Task.FromResult(line);
    }

    private sealed class Failing : IWelcomeNote
    {
        public Task<string?> NoteAsync(PmoUser person, CancellationToken cancellationToken) => throw new InvalidOperationException("storage is down");
    }
}
