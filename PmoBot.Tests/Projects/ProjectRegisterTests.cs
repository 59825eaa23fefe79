using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Tests.Projects;

public sealed class ProjectRegisterTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_created_project_reads_back_with_every_field_milestones_and_baseline()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var project = ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan, adele) with { BudgetAtCompletion = 1_200_000.55m };

        var created = await harness.CreateAsync(project);
        var read = await harness.Register.GetAsync(project.Code.ToLowerInvariant(), None);

        Assert.NotNull(read);
        Assert.True(read.Project.HasSameContent(project));
        Assert.Equal(created.ETag, read.ETag);
        Assert.Equal(new ChangeStamp("test", harness.People.Time.GetUtcNow()), read.LastChange);
        Assert.Contains(project.Summary, await harness.Register.ListAsync(None));
    }

    [Fact]
    public async Task Creating_a_code_that_exists_changes_nothing_and_says_so()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var original = await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan));

        var again = await harness.Register.CreateAsync(original.Project with { Name = "Something else" }, "test", None);

        var exists = Assert.IsType<ProjectSaveResult.AlreadyExists>(again);
        Assert.Equal(original.Project.Name, exists.Existing.Project.Name);
        Assert.Equal(original.Project.Name, (await harness.Register.GetAsync(original.Project.Code, None))!.Project.Name);
    }

    [Fact]
    public async Task An_update_based_on_an_old_version_is_refused_and_the_newer_version_kept()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var original = await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan));
        var first = Assert.IsType<ProjectSaveResult.Saved>(await harness.Register.UpdateAsync(original.Project with { Name = "First edit" }, original.ETag, "Alex", None));

        var second = await harness.Register.UpdateAsync(original.Project with { Name = "Second edit" }, original.ETag, "Patti", None);

        var conflict = Assert.IsType<ProjectSaveResult.Conflict>(second);
        Assert.Equal("First edit", conflict.Latest.Project.Name);
        Assert.Equal(first.Project.ETag, conflict.Latest.ETag);
        Assert.Equal("Alex", conflict.Latest.LastChange.By);
        Assert.Equal("First edit", (await harness.Register.GetAsync(original.Project.Code, None))!.Project.Name);
    }

    [Fact]
    public async Task Saving_the_same_content_is_unchanged()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var stored = await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan));

        var result = await harness.Register.UpdateAsync(stored.Project with { Milestones = [.. stored.Project.Milestones] }, stored.ETag, "Alex", None);

        Assert.IsType<ProjectSaveResult.Unchanged>(result);
    }

    [Fact]
    public async Task The_pm_and_deputy_index_follows_a_change_of_pm_and_a_closed_project()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var nestor = await harness.PersonAsync("Nestor", Role.ProjectManager);
        var stored = await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan, adele));
        var code = stored.Project.Code;

        Assert.Equal([(megan.UserKey, ProjectRole.Manager)], (await harness.ByManager.ListAsync(megan.UserKey, None)).Select(r => (r.UserKey, r.Role)));
        Assert.Equal([(adele.UserKey, ProjectRole.Deputy)], (await harness.ByManager.ListAsync(adele.UserKey, None)).Select(r => (r.UserKey, r.Role)));

        var moved = stored.Project with { Manager = new ProjectPerson(nestor.UserKey, nestor.Name), Deputy = new ProjectPerson(megan.UserKey, megan.Name) };
        Assert.IsType<ProjectSaveResult.Saved>(await harness.Register.UpdateAsync(moved, stored.ETag, "Alex", None));
        Assert.IsType<ProjectSaveResult.Saved>(await harness.Register.SetStatusAsync(code, ProjectStatus.Closed, "Alex", None));

        Assert.Empty(await harness.Register.ListManagedByAsync(adele.UserKey, None));
        var nestorRow = Assert.Single(await harness.ByManager.ListAsync(nestor.UserKey, None));
        Assert.Equal((ProjectRole.Manager, code, ProjectStatus.Closed, nestor.Name), (nestorRow.Role, nestorRow.Project.Code, nestorRow.Project.Status, nestorRow.Project.ManagerName));
        var meganRow = Assert.Single(await harness.ByManager.ListAsync(megan.UserKey, None));
        Assert.Equal((ProjectRole.Deputy, ProjectStatus.Closed), (meganRow.Role, meganRow.Project.Status));
    }

    [Fact]
    public async Task Closing_twice_says_unchanged_and_reopening_makes_it_active()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var code = (await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan))).Project.Code;

        Assert.IsType<ProjectSaveResult.Saved>(await harness.Register.SetStatusAsync(code, ProjectStatus.Closed, "Alex", None));
        Assert.IsType<ProjectSaveResult.Unchanged>(await harness.Register.SetStatusAsync(code, ProjectStatus.Closed, "Alex", None));
        Assert.IsType<ProjectSaveResult.Saved>(await harness.Register.SetStatusAsync(code, ProjectStatus.Active, "Alex", None));
        Assert.IsType<ProjectSaveResult.NotFound>(await harness.Register.SetStatusAsync(ProjectsHarness.NewCode(), ProjectStatus.Closed, "Alex", None));

        Assert.Equal(ProjectStatus.Active, (await harness.Register.GetAsync(code, None))!.Project.Status);
    }

    [Fact]
    public async Task Importing_250_projects_commits_them_in_batches_and_again_changes_nothing()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var prefix = ProjectsHarness.NewCode()[..^2];
        var projects = Enumerable.Range(1, 250).Select(i => ProjectsHarness.Valid($"{prefix}-{i}", megan)).ToList();

        var first = await harness.Register.ImportAsync(projects, await harness.Register.ListStoredAsync(None), "import", None);
        var second = await harness.Register.ImportAsync(projects, await harness.Register.ListStoredAsync(None), "import", None);

        Assert.All(first.Values, o => Assert.Equal(ImportOutcome.Created, o));
        Assert.Equal(250, first.Count);
        Assert.All(second.Values, o => Assert.Equal(ImportOutcome.Unchanged, o));
        Assert.Equal(250, (await harness.Register.ListManagedByAsync(megan.UserKey, None)).Count);
    }

    [Fact]
    public async Task An_import_racing_a_chat_edit_redoes_the_batch_row_by_row_and_the_file_wins()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var prefix = ProjectsHarness.NewCode()[..^2];
        var original = Enumerable.Range(1, 3).Select(i => ProjectsHarness.Valid($"{prefix}-{i}", megan)).ToList();
        await harness.Register.ImportAsync(original, await harness.Register.ListStoredAsync(None), "import", None);
        var readBeforeTheEdit = await harness.Register.ListStoredAsync(None);
        var edited = readBeforeTheEdit[$"{prefix}-2"];
        await harness.Register.UpdateAsync(edited.Project with { Name = "Renamed in chat" }, edited.ETag, "Alex", None);

        var fromFile = original.Select(p => p with { Manager = new ProjectPerson(adele.UserKey, adele.Name) }).ToList();
        var outcomes = await harness.Register.ImportAsync(fromFile, readBeforeTheEdit, "import", None);

        Assert.All(outcomes.Values, o => Assert.Equal(ImportOutcome.Updated, o));
        var second = (await harness.Register.GetAsync($"{prefix}-2", None))!.Project;
        Assert.True(second.HasSameContent(fromFile[1]));
        Assert.Equal(3, (await harness.Register.ListManagedByAsync(adele.UserKey, None)).Count);
        Assert.Empty(await harness.Register.ListManagedByAsync(megan.UserKey, None));
    }
}
