using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Tests.Projects;

public sealed class ProjectInputReaderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_pm_is_found_by_name_e_mail_or_entra_object_id()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonWithEmailAsync("Megan", Role.ProjectManager);

        foreach (var query in new[] { megan.Name.ToUpperInvariant(), megan.Email!, megan.UserKey })
        {
            var reading = await harness.Reader.ReadAsync(Input(ProjectsHarness.NewCode(), query), null, None);

            Assert.True(reading.IsValid, string.Join(" ", reading.Errors));
            Assert.Equal(new ProjectPerson(megan.UserKey, megan.Name), reading.Project!.Manager);
        }
    }

    [Fact]
    public async Task An_unknown_pm_is_an_error_naming_what_was_typed()
    {
        var harness = await ProjectsHarness.CreateAsync();

        var reading = await harness.Reader.ReadAsync(Input(ProjectsHarness.NewCode(), "Nobody Known"), null, None);

        Assert.False(reading.IsValid);
        Assert.StartsWith("PM \"Nobody Known\": I don't know anyone by that name, e-mail or Entra object id.", Assert.Single(reading.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namesakes_are_an_error_asking_for_the_e_mail()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var first = await harness.PersonWithEmailAsync("Sam", Role.ProjectManager);
        var namesake = TestSupport.TestPerson.New("Sam");
        var namesakeEmail = $"{namesake.AadObjectId[..8]}@contoso.example";
        await harness.People.Directory.EnsureAsync(
            new UserProfile(namesake.AadObjectId, first.Name, namesake.TeamsUserId, namesakeEmail, null, false, new HashSet<Role>(), null), None);

        var reading = await harness.Reader.ReadAsync(Input(ProjectsHarness.NewCode(), first.Name) with { Deputy = namesakeEmail }, null, None);

        var error = Assert.Single(reading.Errors);
        Assert.StartsWith($"PM \"{first.Name}\": several people match", error, StringComparison.Ordinal);
        Assert.EndsWith("use their e-mail or Entra object id.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stored_pm_is_kept_without_a_lookup_when_named_as_before()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var gone = new PmoUser(Guid.NewGuid().ToString(), "Someone Who Left", null, null, null, new HashSet<Role>(), false, null);
        var current = ProjectsHarness.Valid(ProjectsHarness.NewCode(), gone);

        var reading = await harness.Reader.ReadAsync(ProjectInput.From(current), current, None);

        Assert.True(reading.IsValid, string.Join(" ", reading.Errors));
        Assert.True(reading.Project!.HasSameContent(current));
    }

    [Fact]
    public async Task Every_unreadable_field_is_reported_together()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);

        var reading = await harness.Reader.ReadAsync(
            Input("", megan.Name) with { Stage = "Building", Start = "01/02/2026", PlannedEnd = null, Budget = "lots", Currency = " ", Milestones = "Go-live" },
            null,
            None);

        Assert.Equal(
            [
                "The project code is missing (like PRJ-042).",
                "The stage \"Building\" is not one of Initiation, Planning, Execution, Closing.",
                "The start date \"01/02/2026\" is not a date as yyyy-MM-dd (like 2026-03-31).",
                "The planned end date is missing (yyyy-MM-dd).",
                "The budget at completion \"lots\" is not a number (like 1250000 or 1,250,000.00).",
                "The currency is missing (like EUR).",
                "Milestone \"Go-live\" needs a name and a date as name:yyyy-MM-dd, e.g. Design sign-off:2026-03-31;Go-live:2026-09-30.",
            ],
            reading.Errors);
    }

    [Fact]
    public async Task Stage_cadence_and_status_default_when_left_empty()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);

        var reading = await harness.Reader.ReadAsync(Input(ProjectsHarness.NewCode(), megan.Name) with { Stage = null, Cadence = "", Status = " " }, null, None);

        Assert.Equal((ProjectStage.Initiation, ReviewCadence.Weekly, ProjectStatus.Active), (reading.Project!.Stage, reading.Project.Cadence, reading.Project.Status));
    }

    [Fact]
    public async Task One_reading_names_every_problem_both_the_fields_that_do_not_read_and_the_rules_on_those_that_do()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonWithEmailAsync("Megan", Role.ProjectManager);
        var input = Input(ProjectsHarness.NewCode(), megan.Name) with
        {
            Start = "2027-01-01",
            PlannedEnd = "2026-06-30",
            Budget = "-5",
            Currency = "EURO",
            Milestones = "Design:31/03/2027",
            Baseline = null,
        };

        var reading = await harness.Reader.ReadAsync(input, null, None);

        Assert.False(reading.IsValid);
        Assert.Collection(
            reading.Errors,
            e => Assert.StartsWith("Milestone \"Design:31/03/2027\" needs a name and a date", e, StringComparison.Ordinal),
            e => Assert.StartsWith("The planned end (30 Jun 2026) is before the start (1 Jan 2027).", e, StringComparison.Ordinal),
            e => Assert.StartsWith("The budget at completion cannot be negative", e, StringComparison.Ordinal),
            e => Assert.StartsWith("\"EURO\" is not a currency code", e, StringComparison.Ordinal));

        // Twin: the same form with the mistakes mended reads.
        var mended = await harness.Reader.ReadAsync(input with { PlannedEnd = "2027-12-31", Budget = "450000", Currency = "EUR", Milestones = "Design:2027-03-31" }, null, None);
        Assert.True(mended.IsValid, string.Join(" ", mended.Errors));
    }

    [Fact]
    public async Task A_field_that_does_not_read_raises_no_rule_of_its_own_stand_in()
    {
        var harness = await ProjectsHarness.CreateAsync();
        var megan = await harness.PersonWithEmailAsync("Megan", Role.ProjectManager);

        var reading = await harness.Reader.ReadAsync(Input(ProjectsHarness.NewCode(), megan.Name) with { Start = "soon", Budget = "lots" }, null, None);

        Assert.Equal(2, reading.Errors.Count);
        Assert.StartsWith("The start date \"soon\" is not a date", reading.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("The budget at completion \"lots\" is not a number", reading.Errors[1], StringComparison.Ordinal);
    }

    private static ProjectInput Input(string code, string manager) => new(
        code, "Customer portal", "Digital", manager, null, "Lynne Robbins", "Planning", "2026-01-01", "2026-09-30", "450,000", "eur", "weekly", "active",
        "Vendor selected:2026-02-27", "2026-01-31:20000;2026-09-30:440000");
}
