using System.Text;
using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Projects;

public sealed class ProjectCommandsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Teams refuses cards over about 28 KB; ours stay well below.</summary>
    private const int CardBudgetBytes = 20 * 1024;

    [Fact]
    public async Task The_pmo_adds_a_project_through_the_form_and_gets_its_card()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonWithEmailAsync("Megan", Role.ProjectManager);
        var code = ProjectsHarness.NewCode();

        var form = (await harness.SayAsync(pmo, $"project add {code.ToLowerInvariant()}")).Card!;
        var saved = await harness.ClickAsync(pmo, form, "Save", FilledIn(form, megan.Email!));

        Assert.Equal(code, ProjectsHarness.InputsOf(form)[ProjectCards.CodeField]);
        var card = saved.Card!;
        Assert.Contains($"Added {code}.", TextsOf(card));
        Assert.Contains(("Project manager", megan.Name), FactsOf(card));
        Assert.Contains(("Go-live", "due 30 Sep 2026, forecast 15 Oct 2026 (15 days late)"), FactsOf(card));
        Assert.Contains(("30 Jun 2026", "600,000 EUR"), FactsOf(card));
        var stored = (await harness.Register.GetAsync(code, None))!;
        Assert.Equal((megan.UserKey, 1_200_000m, pmo.Name), (stored.Project.Manager.UserKey, stored.Project.BudgetAtCompletion, stored.LastChange.By));
        Assert.Equal([code], (await harness.Register.ListManagedByAsync(megan.UserKey, None)).Select(p => p.Code));
        await AdaptiveCardValidator.AssertAllValidAsync([("project add form", form), ("project card after add", card)]);
    }

    [Fact]
    public async Task A_form_with_mistakes_comes_back_in_place_with_every_error_and_nothing_is_saved()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var code = ProjectsHarness.NewCode();
        var form = (await harness.SayAsync(pmo, "project add")).Card!;

        var answer = await harness.ClickAsync(pmo, form, "Save", FilledIn(form, "Nobody Known", new() { [ProjectCards.CodeField] = code, [ProjectCards.PlannedEndField] = "2025-01-01", [ProjectCards.BudgetField] = "-5" }));

        var card = answer.Card!;
        var errors = TextsOf(card).Single(t => t.StartsWith("Nothing was saved yet. Please fix:", StringComparison.Ordinal));
        Assert.Contains("PM \"Nobody Known\": I don't know anyone by that name", errors, StringComparison.Ordinal);
        Assert.Equal(code, ProjectsHarness.InputsOf(card)[ProjectCards.CodeField]);
        Assert.Equal("Nobody Known", ProjectsHarness.InputsOf(card)[ProjectCards.ManagerField]);
        Assert.Null(await harness.Register.GetAsync(code, None));
        await AdaptiveCardValidator.AssertValidAsync("project form with errors", card);
    }

    [Fact]
    public async Task Validation_errors_are_listed_in_the_form()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var form = (await harness.SayAsync(pmo, "project add")).Card!;

        var answer = await harness.ClickAsync(pmo, form, "Save", FilledIn(form, megan.Name, new() { [ProjectCards.CodeField] = ProjectsHarness.NewCode(), [ProjectCards.PlannedEndField] = "2025-12-01", [ProjectCards.MilestonesField] = null, [ProjectCards.BaselineField] = null }));

        Assert.Equal("Nothing was saved yet. Please fix:\n\n- The planned end (1 Dec 2025) is before the start (1 Jan 2026).", TextsOf(answer.Card!).Single(t => t.StartsWith("Nothing was saved", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Adding_a_code_that_exists_is_an_error_in_the_form()
    {
        var (harness, pmo, megan, existing, form) = await AddFormForExistingCodeAsync();

        var answer = await harness.ClickAsync(pmo, form, "Save", FilledIn(form, megan.Name));

        Assert.Contains(TextsOf(answer.Card!), t => t.Contains($"{existing.Project.Code} already exists (The original)", StringComparison.Ordinal));
        Assert.Equal("The original", (await harness.Register.GetAsync(existing.Project.Code, None))!.Project.Name);
    }

    [Fact]
    public async Task A_code_that_exists_is_said_in_the_same_round_as_the_forms_other_problems()
    {
        var (harness, pmo, megan, existing, form) = await AddFormForExistingCodeAsync();

        var answer = await harness.ClickAsync(pmo, form, "Save", FilledIn(form, megan.Name, new() { [ProjectCards.BudgetField] = "-5" }));

        var problems = TextsOf(answer.Card!).Single(t => t.StartsWith("Nothing was saved", StringComparison.Ordinal));
        Assert.Contains("The budget at completion cannot be negative", problems, StringComparison.Ordinal);
        Assert.Contains($"{existing.Project.Code} already exists (The original)", problems, StringComparison.Ordinal);

        // Twin: a free code with the same mistake names only the mistake.
        var free = await harness.ClickAsync(pmo, form, "Save", FilledIn(form, megan.Name, new() { [ProjectCards.CodeField] = ProjectsHarness.NewCode(), [ProjectCards.BudgetField] = "-5" }));
        var only = TextsOf(free.Card!).Single(t => t.StartsWith("Nothing was saved", StringComparison.Ordinal));
        Assert.Contains("The budget at completion cannot be negative", only, StringComparison.Ordinal);
        Assert.DoesNotContain("already exists", only, StringComparison.Ordinal);
    }

    /// <summary>A PMO member's <c>project add</c> form for the code of Megan's existing project "The original".</summary>
    private static async Task<(ProjectsHarness Harness, PmoUser Pmo, PmoUser Megan, StoredProject Existing, JsonObject Form)> AddFormForExistingCodeAsync()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var existing = await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan) with { Name = "The original" });
        return (harness, pmo, megan, existing, (await harness.SayAsync(pmo, $"project add {existing.Project.Code}")).Card!);
    }

    [Fact]
    public async Task An_edit_saves_the_changes_made_in_the_prefilled_form()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var code = (await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan))).Project.Code;

        var form = (await harness.SayAsync(pmo, $"project edit {code}")).Card!;
        var saved = await harness.ClickAsync(pmo, form, "Save", ProjectsHarness.InputsOf(form, new() { [ProjectCards.NameField] = "Relaunch, phase 2", [ProjectCards.StageField] = "Closing" }));

        Assert.Equal(megan.Name, ProjectsHarness.InputsOf(form)[ProjectCards.ManagerField]);
        Assert.DoesNotContain(ProjectCards.CodeField, ProjectsHarness.InputsOf(form).Keys);
        Assert.Contains($"Saved {code}.", TextsOf(saved.Card!));
        var stored = (await harness.Register.GetAsync(code, None))!.Project;
        Assert.Equal(("Relaunch, phase 2", ProjectStage.Closing), (stored.Name, stored.Stage));
        await AdaptiveCardValidator.AssertValidAsync("project edit form", form);
    }

    [Fact]
    public async Task A_concurrent_edit_is_not_overwritten_and_the_form_shows_the_latest_version()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var alex = await harness.PersonAsync("Alex", Role.Pmo);
        var patti = await harness.PersonAsync("Patti", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var code = (await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan))).Project.Code;
        var alexForm = (await harness.SayAsync(alex, $"project edit {code}")).Card!;
        var pattiForm = (await harness.SayAsync(patti, $"project edit {code}")).Card!;
        await harness.ClickAsync(patti, pattiForm, "Save", ProjectsHarness.InputsOf(pattiForm, new() { [ProjectCards.NameField] = "Patti's name" }));

        var answer = await harness.ClickAsync(alex, alexForm, "Save", ProjectsHarness.InputsOf(alexForm, new() { [ProjectCards.NameField] = "Alex's name" }));

        var card = answer.Card!;
        Assert.Contains(TextsOf(card), t => t.StartsWith($"{code} was changed by {patti.Name} on ", StringComparison.Ordinal) && t.Contains("nothing was overwritten", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(t, @" on \d+ \w+ \d{4} \d\d:\d\d \([A-Za-z_/]+\) while"));
        Assert.Equal("Patti's name", ProjectsHarness.InputsOf(card)[ProjectCards.NameField]);
        Assert.Equal("Patti's name", (await harness.Register.GetAsync(code, None))!.Project.Name);

        var retried = await harness.ClickAsync(alex, card, "Save", ProjectsHarness.InputsOf(card, new() { [ProjectCards.NameField] = "Alex's name" }));
        Assert.Contains($"Saved {code}.", TextsOf(retried.Card!));
        await AdaptiveCardValidator.AssertValidAsync("project form after a concurrent edit", card);
    }

    [Fact]
    public async Task A_pm_may_not_open_the_form_nor_save_it()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var code = (await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan))).Project.Code;
        var pmoForm = (await harness.SayAsync(pmo, $"project edit {code}")).Card!;

        var edit = await harness.SayAsync(megan, $"project edit {code}");
        var click = await harness.ClickAsync(megan, pmoForm, "Save", ProjectsHarness.InputsOf(pmoForm, new() { [ProjectCards.BaselineField] = "2026-01-31:1" }));

        Assert.StartsWith("**project edit** is for PMO or Admin", edit.Text, StringComparison.Ordinal);
        Assert.StartsWith("This action is for PMO or Admin", click.Text, StringComparison.Ordinal);
        Assert.Equal(3, (await harness.Register.GetAsync(code, None))!.Project.Baseline.Count);
    }

    [Fact]
    public async Task A_pm_sees_their_projects_and_their_baseline_but_no_edit_buttons()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var managed = await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan));
        var deputised = await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), adele, megan));

        var own = (await harness.SayAsync(megan, $"project {managed.Project.Code}")).Card!;
        var asDeputy = (await harness.SayAsync(megan, $"project {deputised.Project.Code}")).Card!;

        Assert.Contains(("31 Dec 2026", "1,150,000 EUR"), FactsOf(own));
        Assert.Contains("The PMO maintains this project's details and baseline; ask them for a change.", TextsOf(own));
        Assert.Equal(["My projects"], own["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
        Assert.Contains(("Deputy PM", megan.Name), FactsOf(asDeputy));
        await AdaptiveCardValidator.AssertValidAsync("project card for its pm", own);
    }

    [Fact]
    public async Task A_pm_asking_for_someone_elses_project_learns_nothing_about_whether_it_exists()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var others = (await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), adele))).Project.Code;
        var missing = ProjectsHarness.NewCode();

        var existing = await harness.SayAsync(megan, $"project {others}");
        var absent = await harness.SayAsync(megan, $"project {missing}");

        Assert.Equal($"I can't show you {others} — either it doesn't exist or it isn't one of your projects. Type **projects** to see yours.", existing.Text);
        Assert.Equal(existing.Text!.Replace(others, missing, StringComparison.Ordinal), absent.Text);
        Assert.Null(existing.Card);
    }

    [Fact]
    public async Task Leaders_see_every_project_and_are_told_plainly_when_one_does_not_exist()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var leader = await harness.PersonAsync("Isaiah", Role.Leader);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var code = (await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), adele))).Project.Code;
        var missing = ProjectsHarness.NewCode();

        var card = (await harness.SayAsync(leader, $"project {code}")).Card!;
        var absent = await harness.SayAsync(leader, $"project {missing}");

        Assert.Contains(("Project manager", adele.Name), FactsOf(card));
        Assert.Equal($"There is no project {missing}. Type **projects** to see the register.", absent.Text);
    }

    [Fact]
    public async Task A_leader_limited_to_a_business_unit_opens_and_lists_only_that_unit_and_their_own_projects()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var mine = ProjectsHarness.NewBusinessUnit();
        var theirs = ProjectsHarness.NewBusinessUnit();
        var leader = await harness.LeaderLimitedToAsync(mine);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var inUnit = (await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), adele, businessUnit: mine))).Project;
        var elsewhere = (await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), adele, businessUnit: theirs))).Project;
        var managed = (await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), leader, businessUnit: theirs))).Project;
        var missing = ProjectsHarness.NewCode();

        var shown = (await harness.SayAsync(leader, $"project {inUnit.Code}")).Card!;
        var refused = await harness.SayAsync(leader, $"project {elsewhere.Code}");
        var absent = await harness.SayAsync(leader, $"project {missing}");
        var list = (await harness.SayAsync(leader, "projects")).Card!;
        var otherUnit = (await harness.SayAsync(leader, $"projects {theirs}")).Card!;
        var unknownUnit = await harness.SayAsync(leader, "projects Nowhere");

        Assert.Contains(("Business unit", mine), FactsOf(shown));
        Assert.Equal(["Projects you may see"], shown["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
        Assert.Equal(
            $"I can't show you {elsewhere.Code} — either it doesn't exist or it isn't one you may see (business unit {mine} and the projects you manage). Type **projects** to see those you may.",
            refused.Text);
        Assert.Equal(refused.Text!.Replace(elsewhere.Code, missing, StringComparison.Ordinal), absent.Text);
        Assert.Null(refused.Card);
        Assert.Equal("Projects you may see (2)", TextsOf(list)[0]);
        Assert.Equal(new[] { inUnit.Code, managed.Code }.Order(ProjectText.CodeOrder), FactsOf(list).Select(f => f.Title));
        Assert.Equal([$"Projects in {theirs} (1)"], TextsOf(otherUnit).Take(1));
        Assert.Equal([managed.Code], FactsOf(otherUnit).Select(f => f.Title));
        Assert.Equal(
            $"There are no projects in \"Nowhere\" that you may see. The business units are: {string.Join(", ", new[] { mine, theirs }.Order(StringComparer.OrdinalIgnoreCase))}.",
            unknownUnit.Text);
        await AdaptiveCardValidator.AssertAllValidAsync([("project card for a limited leader", shown), ("project list for a limited leader", list)]);
    }

    [Fact]
    public async Task A_pm_lists_only_the_projects_they_manage_or_deputise_on()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var nestor = await harness.PersonAsync("Nestor", Role.ProjectManager);
        var own = await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan));
        var deputy = await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), adele, megan));
        await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), nestor));

        var card = (await harness.SayAsync(megan, "projects")).Card!;
        var none = (await harness.SayAsync(await harness.PersonAsync("Lee", Role.ProjectManager), "projects")).Card!;

        Assert.Equal("Your projects (2)", TextsOf(card)[0]);
        Assert.Equal(new[] { own.Project.Code, deputy.Project.Code }.Order(ProjectText.CodeOrder), FactsOf(card).Select(f => f.Title));
        Assert.Contains($"Mobile banking app relaunch · {adele.Name} · Execution · Active", FactsOf(card).Select(f => f.Value));
        Assert.Contains("You don't manage any project yet.", TextsOf(none));
        await AdaptiveCardValidator.AssertAllValidAsync([("pm project list", card), ("empty project list", none)]);
    }

    [Fact]
    public async Task A_long_list_pages_with_a_more_button_instead_of_cutting_it_short()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var prefix = ProjectsHarness.NewCode()[..^2];
        var longName = new string('x', ProjectValidator.MaxNameLength);
        var projects = Enumerable.Range(1, 60).Select(i => ProjectsHarness.Valid($"{prefix}-{i}", megan, businessUnit: unit) with { Name = longName }).ToList();
        await harness.Register.ImportAsync(projects, await harness.Register.ListStoredAsync(None), "test", None);

        var first = (await harness.SayAsync(pmo, $"projects {unit.ToUpperInvariant()}")).Card!;
        var more = first["actions"]!.AsArray().Single()!["data"]!["command"]!.GetValue<string>();
        var second = (await harness.SayAsync(pmo, more)).Card!;
        var last = (await harness.SayAsync(pmo, $"projects {unit} page 3")).Card!;

        Assert.Equal($"projects {unit} page 2", more);
        Assert.Equal([$"Projects in {unit} (60)", "Page 1 of 3"], TextsOf(first).Take(2));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"{prefix}-{i}"), FactsOf(first).Select(f => f.Title));
        Assert.Equal(Enumerable.Range(26, 25).Select(i => $"{prefix}-{i}"), FactsOf(second).Select(f => f.Title));
        Assert.Equal(Enumerable.Range(51, 10).Select(i => $"{prefix}-{i}"), FactsOf(last).Select(f => f.Title));
        Assert.Null(last["actions"]);
        Assert.True(Encoding.UTF8.GetByteCount(first.ToJsonString()) < CardBudgetBytes, $"The first page is {Encoding.UTF8.GetByteCount(first.ToJsonString())} bytes.");
        await AdaptiveCardValidator.AssertAllValidAsync([("project list page 1", first), ("project list page 3", last)]);
    }

    [Fact]
    public async Task An_unknown_business_unit_lists_the_known_ones()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan, businessUnit: unit));

        var answer = await harness.SayAsync(megan, "projects Nowhere");

        Assert.Equal($"There are no projects in \"Nowhere\" that you manage. The business units are: {unit}.", answer.Text);
    }

    [Theory]
    [InlineData("projects page two", "\"two\" is not a page number. Pages start at 1, e.g. **projects page 2**.")]
    [InlineData("project", "Which project? Type **project ‹code›**, e.g. project PRJ-042, or **projects** for the list.")]
    [InlineData("project PRJ42", "\"PRJ42\" is not a project code: letters and digits, a dash and a number, like PRJ-042.")]
    [InlineData("project close", "Which project? Type **project close ‹code›**, e.g. project close PRJ-042, or **projects** for the list.")]
    public async Task Unclear_arguments_get_a_clear_answer(string command, string expected)
    {
        var harness = await ProjectsHarness.CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);

        Assert.Equal(expected, (await harness.SayAsync(pmo, command)).Text);
    }

    [Fact]
    public async Task The_pmo_closes_and_reopens_a_project_and_the_pm_list_shows_it()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var code = (await harness.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan))).Project.Code;

        var closed = await harness.SayAsync(pmo, $"project close {code}");
        var again = await harness.SayAsync(pmo, $"project close {code}");
        var meganList = (await harness.SayAsync(megan, "projects")).Card!;
        var reopened = await harness.SayAsync(pmo, $"project reopen {code}");

        Assert.Equal($"{code} is now closed.", closed.Text);
        Assert.Contains(("Status", "Closed"), FactsOf(closed.Card!));
        Assert.Contains("Reopen", closed.Card!["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
        Assert.Equal($"{code} is already closed; nothing changed.", again.Text);
        Assert.EndsWith("· Closed", FactsOf(meganList).Single(f => f.Title == code).Value, StringComparison.Ordinal);
        Assert.Equal($"{code} is now active.", reopened.Text);
        await AdaptiveCardValidator.AssertValidAsync("closed project card", closed.Card!);
    }

    [Fact]
    public async Task Help_shows_the_project_commands_by_role()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var pm = await harness.PersonAsync("Megan", Role.ProjectManager);
        var nobody = await harness.PersonAsync("Nestor");

        var forPm = harness.Commands.AvailableTo(pm).Select(c => c.Name).ToList();

        Assert.Equal(["help", "projects", "project"], forPm);
        Assert.StartsWith("**projects** is for Project manager, PMO, Leader or Admin", (await harness.SayAsync(nobody, "projects")).Text, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> FilledIn(JsonObject form, string manager, Dictionary<string, string?>? changes = null)
    {
        var filled = new Dictionary<string, string?>
        {
            [ProjectCards.NameField] = "Mobile banking app relaunch",
            [ProjectCards.BusinessUnitField] = "Digital",
            [ProjectCards.ManagerField] = manager,
            [ProjectCards.SponsorField] = "Isaiah Langer",
            [ProjectCards.StageField] = "Execution",
            [ProjectCards.StartField] = "2026-01-01",
            [ProjectCards.PlannedEndField] = "2026-12-31",
            [ProjectCards.BudgetField] = "1,200,000",
            [ProjectCards.MilestonesField] = "Design sign-off:2026-03-31:done\nGo-live:2026-09-30:2026-10-15",
            [ProjectCards.BaselineField] = "2026-01-31:50000\n2026-06-30:600,000\n2026-12-31:1150000",
        };
        foreach (var (id, value) in changes ?? [])
        {
            filled[id] = value;
        }

        return ProjectsHarness.InputsOf(form, filled);
    }
}
