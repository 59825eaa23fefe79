using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;

namespace PmoBot.Tests.Warnings;

/// <summary>
/// A welcome counts the open warnings whose cards and notes could not reach someone before they opened PmoBot: all of
/// them for the PMO, those on their own projects for a PM or deputy.
/// </summary>
public sealed class WarningWelcomeNoteTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_pmo_is_told_how_many_warnings_are_open_on_how_many_projects_and_how_many_critical()
    {
        var (store, note, _) = await CreateAsync();
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

    [Fact]
    public async Task A_pm_and_their_deputy_are_told_the_warnings_on_their_own_projects_most_critical_first_and_nothing_of_others()
    {
        var (store, note, projects) = await CreateAsync();
        var megan = await projects.PersonAsync("Megan", Role.ProjectManager);
        var adele = await projects.PersonAsync("Adele", Role.ProjectManager);
        var calm = await projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(1), megan));
        var red = await projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(2), megan, deputy: adele));
        var watched = await projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(3), megan));
        var adeles = await projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(4), adele));

        var beforeAny = await note.NoteAsync(megan, None);
        await RaiseAsync(store, watched.Project.Code, "spi-low", WarningSeverity.Watch);
        await RaiseAsync(store, red.Project.Code, "cpi-low", WarningSeverity.Critical);
        await RaiseAsync(store, red.Project.Code, "rag-red", WarningSeverity.Critical);
        await RaiseAsync(store, red.Project.Code, "high-risk", WarningSeverity.Watch);

        Assert.Null(beforeAny);
        Assert.Equal(
            $"Early warnings are open on your projects: **{red.Project.Code}** (3, 2 critical), **{watched.Project.Code}** (1). Type **warnings** to see them, most severe first, "
                + "and say in your next review what is being done about them.",
            await note.NoteAsync(megan, None));
        Assert.DoesNotContain(calm.Project.Code, await note.NoteAsync(megan, None), StringComparison.Ordinal);
        Assert.StartsWith($"Early warnings are open on your project: **{red.Project.Code}** (3, 2 critical). ", await note.NoteAsync(adele, None), StringComparison.Ordinal);
        Assert.DoesNotContain(adeles.Project.Code, await note.NoteAsync(adele, None), StringComparison.Ordinal);
        Assert.Null(await note.NoteAsync(await projects.PersonAsync("Nestor", Role.ProjectManager), None));
    }

    private static async Task<(WarningStore Store, WarningWelcomeNote Note, ProjectsHarness Projects)> CreateAsync()
    {
        var table = $"Warnings{Guid.NewGuid():N}"[..20];
        var store = new WarningStore(await AzuriteStorage.WithTablesAsync(table), table);
        var projects = await ProjectsHarness.CreateAsync();
        return (store, new WarningWelcomeNote(store, projects.Register), projects);
    }

    private static async Task RaiseAsync(WarningStore store, string code, string rule, WarningSeverity severity)
    {
        var now = DateTimeOffset.UtcNow;
        Assert.NotNull(await store.TryAddAsync(new WarningEpisode(WarningEpisode.NewId(code, rule, now), code, "Project", "pm", "Megan Bowen", rule, severity, "Headline", "Trend", now, now, 1), None));
    }

    private static PmoUser Person(Role role) =>
        new(Guid.NewGuid().ToString(), "Alex Wilber", null, null, "Europe/London", new HashSet<Role> { role }, false, null);
}
