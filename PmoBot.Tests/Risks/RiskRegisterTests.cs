using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Risks;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Risks;

/// <summary>The risk register over the run's Azurite: who may log on which project, and what a logged risk looks like to the portfolio views.</summary>
public sealed class RiskRegisterTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_deputy_logs_on_their_project_and_the_portfolio_and_project_reads_find_it()
    {
        var (projects, register, store) = await CreateAsync();
        var pm = await projects.PersonAsync("Megan", Role.ProjectManager);
        var deputy = await projects.PersonAsync("Adele", Role.ProjectManager);
        var project = ProjectsHarness.Valid(ProjectsHarness.NewCode(10), pm, deputy);
        var neighbour = ProjectsHarness.Valid(project.Code + "0", pm);
        await projects.CreateAsync(project);
        await projects.CreateAsync(neighbour);

        var answer = await register.LogAsync(deputy, Submission(project.Code, "high", "low"), "Context from chat", None);

        var closed = Assert.IsType<RiskFormAnswer.Close>(answer);
        var risk = Assert.IsType<LoggedRisk>(closed.Risk);
        Assert.Equal(3, risk.Score);
        Assert.Equal(new RiskEntry("Vendor late", RiskLevel.High, RiskLevel.Low), risk.AsEntry());
        Assert.Equal("Context from chat", risk.SourceMessage);
        Assert.Equal([risk], await store.ListForProjectAsync(project.Code, None));
        Assert.Empty(await store.ListForProjectAsync(neighbour.Code, None));
        Assert.Contains(risk, await store.ListAsync(None));
    }

    [Fact]
    public async Task A_PM_with_one_project_gets_it_preselected_and_the_message_as_description()
    {
        var (projects, register, _) = await CreateAsync();
        var pm = await projects.PersonAsync("Megan", Role.ProjectManager);
        var project = await projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), pm));
        var longMessage = string.Join(' ', Enumerable.Repeat("delay", 400));

        var form = Assert.IsType<RiskFormAnswer.ShowForm>(await register.OpenAsync(pm, longMessage, None)).Card;

        Assert.Equal(project.Project.Code, Value(form, RiskForm.ProjectField));
        Assert.True(Value(form, RiskForm.DescriptionField)!.Length <= RiskForm.DescriptionMaxLength);
        Assert.True(Guid.TryParseExact((string?)form["actions"]![0]!["data"]![RiskForm.FormIdField], "N", out _));
    }

    [Fact]
    public async Task Two_openings_of_the_form_are_two_risks_but_one_form_sent_twice_is_one()
    {
        var (projects, register, store) = await CreateAsync();
        var pmo = await projects.PersonAsync("Patti", Role.Pmo);
        var pm = await projects.PersonAsync("Megan", Role.ProjectManager);
        var code = (await projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), pm))).Project.Code;
        var first = Submission(code, "medium", "medium");
        var second = Submission(code, "medium", "medium");

        await register.LogAsync(pmo, first, null, None);
        var repeated = await register.LogAsync(pmo, first.DeepClone().AsObject(), null, None);
        await register.LogAsync(pmo, second, null, None);

        Assert.Null(Assert.IsType<RiskFormAnswer.Close>(repeated).Risk);
        Assert.Equal(2, (await store.ListForProjectAsync(code, None)).Count);
    }

    [Fact]
    public async Task A_project_put_on_hold_after_the_form_opened_is_refused_without_saying_why()
    {
        var (projects, register, store) = await CreateAsync();
        var pm = await projects.PersonAsync("Megan", Role.ProjectManager);
        var code = (await projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), pm))).Project.Code;
        await projects.Register.SetStatusAsync(code, ProjectStatus.OnHold, "test", None);

        var answer = await register.LogAsync(pm, Submission(code, "low", "low"), null, None);

        var form = Assert.IsType<RiskFormAnswer.ShowForm>(answer).Card;
        Assert.Contains(RiskRegister.ProjectRefused, form["body"]!.AsArray().Select(e => (string?)e!["text"]));
        Assert.Empty(await store.ListForProjectAsync(code, None));
    }

    private static async Task<(ProjectsHarness Projects, RiskRegister Register, LoggedRiskStore Store)> CreateAsync()
    {
        var projects = await ProjectsHarness.CreateAsync();
        var store = new LoggedRiskStore(await AzuriteStorage.WithTablesAsync(LoggedRiskStore.TableName));
        return (projects, new RiskRegister(projects.Register, store, projects.People.Time, NullLogger<RiskRegister>.Instance), store);
    }

    private static JsonObject Submission(string code, string probability, string impact) => new()
    {
        [RiskForm.FormIdField] = Guid.NewGuid().ToString("N"),
        [RiskForm.ProjectField] = code,
        [RiskForm.DescriptionField] = "Vendor late",
        [RiskForm.ProbabilityField] = probability,
        [RiskForm.ImpactField] = impact,
        [RiskForm.OwnerField] = "Megan Bowen",
    };

    private static string? Value(JsonObject card, string id) =>
        (string?)card["body"]!.AsArray().Single(e => (string?)e!["id"] == id)!["value"];
}
