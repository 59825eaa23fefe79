using System.Text.Json.Nodes;
using Azure.Core;
using Newtonsoft.Json.Linq;
using PmoBot.Cards;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Risks;
using PmoBot.Teams;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Teams.MessagingExtensionHarness;

namespace PmoBot.Tests.Teams;

/// <summary>"Log as risk": <c>composeExtension/fetchTask</c> and <c>submitAction</c> invokes through the bot, with the register and risks on Azurite.</summary>
public sealed class MessagingExtensionLogRiskTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_form_opens_prefilled_with_the_message_text_and_lists_only_the_PMs_active_projects()
    {
        var harness = await CreateAsync();
        var (pm, pmUser) = await harness.PersonAsync("Megan", Role.ProjectManager);
        var (_, other) = await harness.PersonAsync("Adele", Role.ProjectManager);
        var managed = await harness.ProjectAsync(pmUser);
        var deputised = await harness.ProjectAsync(other, deputy: pmUser);
        var closed = await harness.ProjectAsync(pmUser, ProjectStatus.Closed);
        var someoneElses = await harness.ProjectAsync(other);

        var body = await harness.InvokeAsync(FetchTask(pm, "<p>The <b>vendor</b> says the API slips&nbsp;to <at>Megan</at>&#39;s go-live &amp; beyond.</p><p>Second line</p>"));

        var task = body["task"]!;
        Assert.Equal("continue", (string?)task["type"]);
        Assert.Equal(RiskForm.Title, (string?)task["value"]!["title"]);
        var card = CardOf(task);
        Assert.Equal("The vendor says the API slips to Megan's go-live & beyond.\nSecond line", InputValue(card, RiskForm.DescriptionField));
        Assert.Equal(pmUser.Name, InputValue(card, RiskForm.OwnerField));
        var choices = ChoiceValues(card, RiskForm.ProjectField);
        Assert.Equal(new[] { managed.Code, deputised.Code }.Order(), choices.Order());
        Assert.DoesNotContain(closed.Code, choices);
        Assert.DoesNotContain(someoneElses.Code, choices);
        await AdaptiveCardValidator.AssertValidAsync("log as risk form", card);
    }

    [Fact]
    public async Task A_submitted_form_logs_the_risk_once_even_when_sent_twice()
    {
        var harness = await CreateAsync();
        var (pm, pmUser) = await harness.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.ProjectAsync(pmUser);
        var form = CardOf((await harness.InvokeAsync(FetchTask(pm, "<p>Vendor may be late</p>")))["task"]!);
        var data = Submission(form, project.Code, probability: "High", impact: "Medium");

        var first = await harness.InvokeAsync(SubmitAction(pm, data, "<p>Vendor may be late</p>"));
        var second = await harness.InvokeAsync(SubmitAction(pm, data, "<p>Vendor may be late</p>"));

        Assert.Equal("message", (string?)first["task"]!["type"]);
        Assert.Equal(
            $"Logged the risk on **{project.Code} · {project.Name}**: Vendor may be late (probability High, impact Medium, score 6; owner {pmUser.Name}). It shows in **status {project.Code}** and **risks**.",
            (string?)first["task"]!["value"]);
        Assert.Equal("message", (string?)second["task"]!["type"]);
        Assert.StartsWith("This risk was already logged on", (string?)second["task"]!["value"], StringComparison.Ordinal);
        var risk = Assert.Single(await harness.Risks.ListForProjectAsync(project.Code, None));
        Assert.Equal((string?)data[RiskForm.FormIdField], risk.Id);
        Assert.Equal(("Vendor may be late", RiskLevel.High, RiskLevel.Medium, pmUser.Name), (risk.Description, risk.Probability, risk.Impact, risk.Owner));
        Assert.Equal((pmUser.UserKey, pmUser.Name), (risk.LoggedByKey, risk.LoggedByName));
        Assert.Equal("Vendor may be late", risk.SourceMessage);
        Assert.Equal(harness.Time.GetUtcNow(), risk.LoggedAt);
    }

    [Fact]
    public async Task A_form_sent_again_naming_another_project_logs_nothing_and_says_where_its_risk_is()
    {
        var harness = await CreateAsync();
        var (pmo, _) = await harness.PersonAsync("Alex", Role.Pmo);
        Project[] projects = [await harness.ProjectAsync((await harness.PersonAsync("Megan", Role.ProjectManager)).User), await harness.ProjectAsync((await harness.PersonAsync("Adele", Role.ProjectManager)).User)];
        var (first, second) = (projects[0], projects[1]);
        async Task<JsonObject> OpenFormAsync() => CardOf((await harness.InvokeAsync(FetchTask(pmo, "<p>Vendor may be late</p>")))["task"]!);
        var form = await OpenFormAsync();
        var otherForm = await OpenFormAsync();

        var logged = await harness.InvokeAsync(SubmitAction(pmo, Submission(form, first.Code)));
        var elsewhere = await harness.InvokeAsync(SubmitAction(pmo, Submission(form, second.Code)));
        var fromAnotherForm = await harness.InvokeAsync(SubmitAction(pmo, Submission(otherForm, second.Code)));

        Assert.StartsWith($"Logged the risk on **{first.Code}", MessageOf(logged).Text, StringComparison.Ordinal);
        Assert.Equal(
            ("message", $"This form already logged its risk on **{first.Code}**, so nothing was logged on **{second.Code}**. To log another risk, choose **Log as risk** on the message again."),
            MessageOf(elsewhere));
        Assert.Single(await harness.Risks.ListForProjectAsync(first.Code, None));
        Assert.StartsWith($"Logged the risk on **{second.Code}", MessageOf(fromAnotherForm).Text, StringComparison.Ordinal);
        Assert.Equal((string?)otherForm["actions"]![0]!["data"]![RiskForm.FormIdField], Assert.Single(await harness.Risks.ListForProjectAsync(second.Code, None)).Id);
    }

    [Fact]
    public async Task A_submit_with_missing_fields_shows_the_form_again_with_each_problem_marked_and_logs_nothing()
    {
        var harness = await CreateAsync();
        var (pm, pmUser) = await harness.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.ProjectAsync(pmUser);
        var form = CardOf((await harness.InvokeAsync(FetchTask(pm, "<p>Vendor may be late</p>")))["task"]!);
        var data = Submission(form, project.Code, probability: null, impact: "Severe");
        data[RiskForm.OwnerField] = "  ";

        var body = await harness.InvokeAsync(SubmitAction(pm, data));

        Assert.Equal("continue", (string?)body["task"]!["type"]);
        var again = CardOf(body["task"]!);
        var texts = BotHarness.TextsOf(again);
        Assert.Contains("Nothing was logged yet. Please fix the fields marked below.", texts);
        Assert.Contains("Pick how likely it is: low, medium or high.", texts);
        Assert.Contains("'Severe' is not a level: pick low, medium or high.", texts);
        Assert.Contains("Say who owns the risk.", texts);
        Assert.Equal("Vendor may be late", InputValue(again, RiskForm.DescriptionField));
        Assert.Equal(project.Code, InputValue(again, RiskForm.ProjectField));
        Assert.Equal((string?)data[RiskForm.FormIdField], (string?)again["actions"]![0]!["data"]![RiskForm.FormIdField]);
        Assert.Empty(await harness.Risks.ListForProjectAsync(project.Code, None));
        await AdaptiveCardValidator.AssertValidAsync("log as risk form with errors", again);
    }

    [Fact]
    public async Task A_PM_is_refused_another_PMs_project_and_an_unknown_one_in_the_same_words()
    {
        var harness = await CreateAsync();
        var (pm, pmUser) = await harness.PersonAsync("Megan", Role.ProjectManager);
        var (_, other) = await harness.PersonAsync("Adele", Role.ProjectManager);
        await harness.ProjectAsync(pmUser);
        var notTheirs = await harness.ProjectAsync(other);
        var form = CardOf((await harness.InvokeAsync(FetchTask(pm, "<p>Risk</p>")))["task"]!);

        var refused = await harness.InvokeAsync(SubmitAction(pm, Submission(form, notTheirs.Code)));
        var unknown = await harness.InvokeAsync(SubmitAction(pm, Submission(form, ProjectsHarnessCode())));

        Assert.Equal(ErrorsOf(refused), ErrorsOf(unknown));
        Assert.Contains(RiskRegister.ProjectRefused, ErrorsOf(refused));
        Assert.Empty(await harness.Risks.ListForProjectAsync(notTheirs.Code, None));
    }

    [Fact]
    public async Task The_PMO_logs_on_any_active_project_but_not_on_a_closed_one()
    {
        var harness = await CreateAsync();
        var (pmo, _) = await harness.PersonAsync("Patti", Role.Pmo);
        var (_, pmUser) = await harness.PersonAsync("Megan", Role.ProjectManager);
        var active = await harness.ProjectAsync(pmUser);
        var closed = await harness.ProjectAsync(pmUser, ProjectStatus.Closed);
        var form = CardOf((await harness.InvokeAsync(FetchTask(pmo, "<p>Budget cut</p>")))["task"]!);

        var logged = await harness.InvokeAsync(SubmitAction(pmo, Submission(form, active.Code)));
        var onClosed = await harness.InvokeAsync(SubmitAction(pmo, Submission(form, closed.Code)));

        Assert.StartsWith($"Logged the risk on **{active.Code}", (string?)logged["task"]!["value"], StringComparison.Ordinal);
        Assert.Single(await harness.Risks.ListForProjectAsync(active.Code, None));
        Assert.Contains(RiskRegister.ProjectRefused, ErrorsOf(onClosed));
        Assert.Empty(await harness.Risks.ListForProjectAsync(closed.Code, None));
    }

    [Fact]
    public async Task A_caller_without_a_role_or_without_projects_is_told_why_and_gets_no_form()
    {
        var harness = await CreateAsync();
        var (nobody, _) = await harness.PersonAsync("Nestor");
        var (leader, _) = await harness.PersonAsync("Isaiah", Role.Leader);
        var (_, pmUser) = await harness.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.ProjectAsync(pmUser);

        var noRoleOpen = await harness.InvokeAsync(FetchTask(nobody, "<p>Risk</p>"));
        var noRoleSubmit = await harness.InvokeAsync(SubmitAction(nobody, Submission(null, project.Code)));
        var leaderOpen = await harness.InvokeAsync(FetchTask(leader, "<p>Risk</p>"));

        Assert.Equal(("message", RiskRegister.NoRoleMessage), MessageOf(noRoleOpen));
        Assert.Equal(("message", RiskRegister.NoRoleMessage), MessageOf(noRoleSubmit));
        Assert.Equal(("message", RiskRegister.NoProjectsMessage), MessageOf(leaderOpen));
        Assert.Empty(await harness.Risks.ListForProjectAsync(project.Code, None));
    }

    [Fact]
    public async Task A_submit_not_from_a_form_PmoBot_opened_is_refused()
    {
        var harness = await CreateAsync();
        var (pm, pmUser) = await harness.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.ProjectAsync(pmUser);
        var data = Submission(null, project.Code);
        data.Remove(RiskForm.FormIdField);

        var body = await harness.InvokeAsync(SubmitAction(pm, data));

        Assert.Equal(("message", RiskRegister.UnknownFormMessage), MessageOf(body));
        Assert.Empty(await harness.Risks.ListForProjectAsync(project.Code, None));
    }

    [Fact]
    public async Task Unknown_action_commands_get_a_clear_message_when_opened_and_when_submitted()
    {
        var harness = await CreateAsync();
        var (pmo, _) = await harness.PersonAsync("Patti", Role.Pmo);

        var opened = await harness.InvokeAsync(FetchTask(pmo, "<p>x</p>", commandId: "archiveProject"));
        var submitted = await harness.InvokeAsync(SubmitAction(pmo, new JObject { ["anything"] = "x" }, commandId: ""));

        Assert.Equal(("message", MessagingExtensionRouter.UnknownCommandMessage("archiveProject")), MessageOf(opened));
        Assert.Equal(("message", MessagingExtensionRouter.UnknownCommandMessage(null)), MessageOf(submitted));
    }

    [Fact]
    public async Task Storage_down_while_logging_is_answered_in_the_dialog_and_a_retry_logs_the_risk()
    {
        var harness = await CreateAsync();
        var (pm, pmUser) = await harness.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.ProjectAsync(pmUser);
        var form = CardOf((await harness.InvokeAsync(FetchTask(pm, "<p>Vendor may be late</p>")))["task"]!);
        var data = Submission(form, project.Code);
        harness.Faults.FailNext(LoggedRiskStore.TableName, RequestMethod.Post);

        var failed = await harness.InvokeAsync(SubmitAction(pm, data));
        Assert.Equal(1, harness.Faults.Injected);
        Assert.Equal(("message", PmoBotAdapter.StorageFailureMessage), MessageOf(failed));
        Assert.Empty(await harness.Risks.ListForProjectAsync(project.Code, None));

        var retried = await harness.InvokeAsync(SubmitAction(pm, data));

        Assert.StartsWith("Logged the risk on", MessageOf(retried).Text, StringComparison.Ordinal);
        Assert.Single(await harness.Risks.ListForProjectAsync(project.Code, None));
    }

    /// <summary>What Teams sends when the form is submitted: the action's data plus every input, here filled in.</summary>
    private static JObject Submission(JsonObject? form, string projectCode, string? probability = "Medium", string? impact = "High")
    {
        var data = new JObject
        {
            [RiskForm.FormIdField] = form is null ? Guid.NewGuid().ToString("N") : (string?)form["actions"]![0]!["data"]![RiskForm.FormIdField],
            [RiskForm.ProjectField] = projectCode,
            [RiskForm.DescriptionField] = form is null ? "Vendor may be late" : InputValue(form, RiskForm.DescriptionField),
            [RiskForm.OwnerField] = form is null ? "Megan Bowen" : InputValue(form, RiskForm.OwnerField),
        };
        if (probability is not null)
        {
            data[RiskForm.ProbabilityField] = probability;
        }

        if (impact is not null)
        {
            data[RiskForm.ImpactField] = impact;
        }

        return data;
    }

    private static string ProjectsHarnessCode() => Projects.ProjectsHarness.NewCode();

    private static JsonObject CardOf(JToken task)
    {
        var card = task["value"]!["card"]!;
        Assert.Equal(AdaptiveCard.ContentType, (string?)card["contentType"]);
        return JsonNode.Parse(card["content"]!.ToString())!.AsObject();
    }

    private static (string? Type, string? Text) MessageOf(JObject body) => ((string?)body["task"]!["type"], (string?)body["task"]!["value"]);

    private static List<string> ErrorsOf(JObject body)
    {
        Assert.Equal("continue", (string?)body["task"]!["type"]);
        return CardOf(body["task"]!)["body"]!.AsArray()
            .Where(e => (string?)e!["color"] == "Attention")
            .Select(e => e!["text"]!.GetValue<string>())
            .ToList();
    }

    private static JsonObject Input(JsonObject card, string id) =>
        card["body"]!.AsArray().Single(e => (string?)e!["id"] == id)!.AsObject();

    private static string? InputValue(JsonObject card, string id) => (string?)Input(card, id)["value"];

    private static List<string> ChoiceValues(JsonObject card, string id) =>
        Input(card, id)["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();
}
