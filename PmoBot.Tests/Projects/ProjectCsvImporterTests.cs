using PmoBot.Demo;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Projects;

public sealed class ProjectCsvImporterTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Good_rows_are_imported_and_each_bad_row_is_reported_with_its_line_and_reason()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonWithEmailAsync("Megan", Role.ProjectManager);
        var (a, b, c, d, down) = (ProjectsHarness.NewCode(), ProjectsHarness.NewCode(), ProjectsHarness.NewCode(), ProjectsHarness.NewCode(), ProjectsHarness.NewCode());
        var csv = ProjectsHarness.Csv(
            new Row(a, megan.Email!),
            new Row(b, megan.Name) with { End = "2025-06-30" },
            new Row(c, "Unknown Person"),
            "",
            new Row(d, megan.UserKey) with { Bac = "-10" },
            new Row(a, megan.Name) with { Name = "Duplicate" },
            $"{ProjectsHarness.NewCode()},only,three fields",
            new Row(down, megan.Name) with { Baseline = "2026-01-31:50000;2026-02-28:40000" },
            new Row(ProjectsHarness.NewCode(), megan.Name) with { Code = "not a code" },
            new Row(b.Replace("-1", "-2", StringComparison.Ordinal), megan.Email!));

        var report = await harness.ImportAsync(csv);

        Assert.Null(report.FileError);
        Assert.Equal((2, 0, 0), (report.Created, report.Updated, report.Unchanged));
        Assert.Equal(
            [(3, b), (4, c), (6, d), (7, a), (8, null), (9, down), (10, "NOT A CODE")],
            report.Errors.Select(e => (e.Line, e.Code)));
        Assert.StartsWith("The planned end (30 Jun 2025) is before the start (1 Jan 2026). The baseline point 31 Jan 2026 is outside the project", report.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal("PM \"Unknown Person\": I don't know anyone by that name, e-mail or Entra object id. People appear once they have messaged PmoBot or been registered by the PMO.", report.Errors[1].Reason);
        Assert.Equal("The budget at completion cannot be negative (-10 EUR).", report.Errors[2].Reason);
        Assert.Equal("This code is already on line 2; each project appears once in a file.", report.Errors[3].Reason);
        Assert.Equal("The row has a different number of fields from the header (a missing or extra comma?). Put fields that contain commas in double quotes.", report.Errors[4].Reason);
        Assert.StartsWith("The baseline is cumulative, so it cannot go down", report.Errors[5].Reason, StringComparison.Ordinal);
        Assert.StartsWith("\"NOT A CODE\" is not a project code", report.Errors[6].Reason, StringComparison.Ordinal);
        Assert.Equal(7, report.Failed);
        Assert.Equal("Megan Bowen project", (await harness.Register.GetAsync(a, None))!.Project.Name);
        Assert.Null(await harness.Register.GetAsync(c, None));
    }

    [Fact]
    public async Task Importing_the_same_file_again_updates_rather_than_duplicates()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonWithEmailAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonWithEmailAsync("Adele", Role.ProjectManager);
        var (a, b) = (ProjectsHarness.NewCode(), ProjectsHarness.NewCode());
        var original = ProjectsHarness.Csv(new Row(a, megan.Email!), new Row(b, megan.Email!));
        var changed = ProjectsHarness.Csv(new Row(a, megan.Email!), new Row(b, adele.Email!) with { Name = "Renamed", Stage = "Closing" });

        var first = await harness.ImportAsync(original);
        var again = await harness.ImportAsync(original);
        var third = await harness.ImportAsync(changed);

        Assert.Equal((2, 0, 0, 0), (first.Created, first.Updated, first.Unchanged, first.Failed));
        Assert.Equal((0, 0, 2, 0), (again.Created, again.Updated, again.Unchanged, again.Failed));
        Assert.Equal((0, 1, 1, 0), (third.Created, third.Updated, third.Unchanged, third.Failed));
        var renamed = (await harness.Register.GetAsync(b, None))!.Project;
        Assert.Equal(("Renamed", ProjectStage.Closing, adele.UserKey), (renamed.Name, renamed.Stage, renamed.Manager.UserKey));
        Assert.Equal(1, (await harness.Register.ListAsync(None)).Count(p => p.Code == b));
        Assert.Equal([a], (await harness.Register.ListManagedByAsync(megan.UserKey, None)).Select(p => p.Code));
        Assert.Equal([b], (await harness.Register.ListManagedByAsync(adele.UserKey, None)).Select(p => p.Code));
    }

    [Theory]
    [InlineData("code,name,business_unit,pm,sponsor,start,planned_end,bac", "Missing columns: currency.")]
    [InlineData("code,name,business_unit,pm,sponsor,start,planned_end,bugdet,currency", "Unknown columns: \"bugdet\". Missing columns: bac.")]
    [InlineData("code,code,name,business_unit,pm,sponsor,start,planned_end,bac,currency", "Columns named twice: code.")]
    public async Task A_header_that_does_not_match_the_documented_columns_imports_nothing(string header, string problem)
    {
        var harness = await ProjectsHarness.CreateAsync();

        var report = await harness.ImportAsync(header + "\n" + ProjectsHarness.NewCode() + ",x\n");

        Assert.Equal($"Line 1 (the header): {problem} The columns are {string.Join(",", ProjectCsvImporter.Columns)}.", report.FileError);
        Assert.Equal((0, 0, 0, 0), (report.Created, report.Updated, report.Unchanged, report.Failed));
    }

    [Fact]
    public async Task An_empty_file_imports_nothing_and_says_so()
    {
        var harness = await ProjectsHarness.CreateAsync();

        var report = await harness.ImportAsync(string.Empty);

        Assert.Equal("Nothing was imported. The file is empty: its first line must be the header.", report.Summary);
    }

    [Fact]
    public async Task Optional_columns_may_be_left_out_and_columns_come_in_any_order_and_case()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var code = ProjectsHarness.NewCode();

        var report = await harness.ImportAsync($"Name,Code,Business Unit,PM,Sponsor,Start,Planned_End,BAC,Currency\n\"Portal, phase 2\",{code},Digital,{megan.Name},Lynne Robbins,2026-01-01,2026-06-30,\"250,000\",usd\n");

        Assert.Equal(1, report.Created);
        var project = (await harness.Register.GetAsync(code, None))!.Project;
        Assert.Equal(("Portal, phase 2", 250_000m, "USD", ProjectStage.Initiation, ProjectStatus.Active), (project.Name, project.BudgetAtCompletion, project.Currency, project.Stage, project.Status));
        Assert.Empty(project.Milestones);
        Assert.Empty(project.Baseline);
    }

    [Fact]
    public async Task A_stray_quote_spoils_only_its_own_row()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var (bad, good) = (ProjectsHarness.NewCode(), ProjectsHarness.NewCode());

        var report = await harness.ImportAsync(ProjectsHarness.Csv(new Row(bad, megan.Name) with { Name = "\"Unclosed quote" }, new Row(good, megan.Name)));

        Assert.Equal(1, report.Created);
        var error = Assert.Single(report.Errors);
        Assert.Equal(2, error.Line);
        Assert.NotNull(await harness.Register.GetAsync(good, None));
    }

    [Fact]
    public async Task The_sample_file_imports_cleanly_once_the_demo_people_exist()
    {
        var harness = await ProjectsHarness.CreateAsync();
        foreach (var person in DemoOrganisation.People)
        {
            await harness.People.Directory.EnsureAsync(person.ToProfile(), None);
        }

        await using var sample = File.OpenRead(RepositoryRoot.Combine("PmoBot", "Demo", "sample-projects.csv"));
        var report = await harness.Importer.ImportAsync(sample, "test", None);

        Assert.Null(report.FileError);
        Assert.Empty(report.Errors);
        Assert.Equal(4, report.Created + report.Updated + report.Unchanged);
        var loyalty = (await harness.Register.GetAsync("ONB-202", None))!.Project;
        Assert.Equal(("Adele Vance", "Megan Bowen"), (loyalty.Manager.Name, loyalty.Deputy?.Name));
    }

    /// <summary>One CSV row in the documented column order.</summary>
    private sealed record Row(string Code, string Pm)
    {
        public string Name { get; init; } = "Megan Bowen project";

        public string End { get; init; } = "2026-12-31";

        public string Bac { get; init; } = "\"1,200,000\"";

        public string Stage { get; init; } = "Execution";

        public string Baseline { get; init; } = "2026-01-31:50000;2026-06-30:600000";

        public override string ToString() =>
            $"{Code},{Name},Digital,{Pm},,Isaiah Langer,{Stage},2026-01-01,{End},{Bac},EUR,Fortnightly,Active,Design sign-off:2026-03-31;Go-live:2026-09-30:2026-10-15,{Baseline}";

        public static implicit operator string(Row row) => row.ToString();
    }
}
