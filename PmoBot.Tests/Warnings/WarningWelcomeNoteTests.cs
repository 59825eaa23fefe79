using PmoBot.People;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;

namespace PmoBot.Tests.Warnings;

/// <summary>A PMO member's welcome counts the open warnings, whose cards could not reach them before they opened PmoBot.</summary>
public sealed class WarningWelcomeNoteTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_pmo_is_told_how_many_warnings_are_open_on_how_many_projects_and_how_many_critical_and_a_pm_is_not()
    {
        var table = $"Warnings{Guid.NewGuid():N}"[..20];
        var store = new WarningStore(await AzuriteStorage.WithTablesAsync(table), table);
        var note = new WarningWelcomeNote(store);
        var pmo = Person(Role.Pmo);

        var beforeAny = await note.NoteAsync(pmo, None);
        await RaiseAsync(store, "PRJ-1", "cpi-low", WarningSeverity.Critical);
        await RaiseAsync(store, "PRJ-1", "spi-low", WarningSeverity.Watch);
        await RaiseAsync(store, "PRJ-2", "missed-reviews", WarningSeverity.Watch);

        Assert.Null(beforeAny);
        Assert.Equal("3 early warnings are open on 2 projects, 1 critical. Type **warnings** to see them, most severe first.", await note.NoteAsync(pmo, None));
        Assert.Equal("3 early warnings are open on 2 projects, 1 critical. Type **warnings** to see them, most severe first.", await note.NoteAsync(Person(Role.Admin), None));
        Assert.Null(await note.NoteAsync(Person(Role.ProjectManager), None));
        Assert.Null(await note.NoteAsync(Person(Role.Leader), None));
    }

    private static async Task RaiseAsync(WarningStore store, string code, string rule, WarningSeverity severity)
    {
        var now = DateTimeOffset.UtcNow;
        Assert.NotNull(await store.TryAddAsync(new WarningEpisode(WarningEpisode.NewId(code, rule, now), code, "Project", "pm", "Megan Bowen", rule, severity, "Headline", "Trend", now, now, 1), None));
    }

    private static PmoUser Person(Role role) =>
        new(Guid.NewGuid().ToString(), "Alex Wilber", null, null, "Europe/London", new HashSet<Role> { role }, false, null);
}
