using System.Text.Json.Nodes;
using PmoBot.Projects;
using PmoBot.Tests.Cards;
using PmoBot.Warnings;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Warnings;

/// <summary>The "Raise early warning" form: its field rules and the card, with problems marked under the fields.</summary>
public sealed class ManualWarningFormTests
{
    private static readonly string FormId = Guid.NewGuid().ToString("N");

    private static readonly ProjectSummary[] Projects =
    [
        new("PRJ-001", "Apollo", "Digital", "Megan Bowen", ProjectStage.Execution, ProjectStatus.Active),
        new("PRJ-002", "Borealis", "Digital", "Adele Vance", ProjectStage.Execution, ProjectStatus.Active),
    ];

    [Theory]
    [InlineData("Watch", WarningSeverity.Watch)]
    [InlineData("critical", WarningSeverity.Critical)]
    [InlineData("INFO", WarningSeverity.Info)]
    public void A_complete_form_passes_with_the_severity_in_any_case(string severity, WarningSeverity expected)
    {
        var (draft, errors) = ManualWarningFormValidator.Validate(ManualWarningForm.Read(Data("prj-001", severity, "  Vendor is late  ")));

        Assert.Empty(errors);
        Assert.Equal(new ManualWarningDraft(FormId, "PRJ-001", expected, "Vendor is late"), draft);
    }

    [Fact]
    public void Missing_fields_are_each_named()
    {
        var (draft, errors) = ManualWarningFormValidator.Validate(ManualWarningForm.Read(Data(null, null, "   ")));

        Assert.Null(draft);
        Assert.Equal(
            new Dictionary<string, string>
            {
                [ManualWarningForm.ProjectField] = "Pick the project the warning is about.",
                [ManualWarningForm.SeverityField] = "Pick the severity: info, watch or critical.",
                [ManualWarningForm.DescriptionField] = "Say what is wrong.",
            },
            errors);
    }

    [Theory]
    [InlineData("Severe")]
    [InlineData("2")]
    [InlineData("Closed")]
    public void A_severity_that_is_not_one_of_the_three_is_refused_by_name(string severity)
    {
        var (draft, errors) = ManualWarningFormValidator.Validate(ManualWarningForm.Read(Data("PRJ-001", severity, "Vendor is late")));

        Assert.Null(draft);
        Assert.Equal($"'{severity}' is not a severity: pick info, watch or critical.", Assert.Single(errors).Value);
    }

    [Fact]
    public void A_description_over_the_limit_is_refused_with_its_length()
    {
        var text = new string('x', ManualWarningForm.DescriptionMaxLength + 1);

        var (_, errors) = ManualWarningFormValidator.Validate(ManualWarningForm.Read(Data("PRJ-001", "Watch", text)));

        Assert.Equal($"Keep the description to 1000 characters (it has 1001).", errors[ManualWarningForm.DescriptionField]);
    }

    [Fact]
    public async Task The_form_lists_the_projects_and_severities_and_carries_its_form_id()
    {
        var card = ManualWarningForm.Card(new ManualWarningFormValues(FormId, null, null, null), Projects);

        Assert.Equal(["PRJ-001", "PRJ-002"], ChoiceValues(card, ManualWarningForm.ProjectField));
        Assert.Equal(["Info", "Watch", "Critical"], ChoiceValues(card, ManualWarningForm.SeverityField));
        Assert.True(Input(card, ManualWarningForm.DescriptionField)["isMultiline"]!.GetValue<bool>());
        Assert.Equal(FormId, ManualWarningsHarness.FormIdOf(card));
        Assert.Equal(ManualWarningForm.SubmitTitle, card["actions"]![0]!["title"]!.GetValue<string>());
        Assert.DoesNotContain(TextsOf(card), t => t.StartsWith("Nothing was raised yet", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("raise warning form", card);
    }

    [Fact]
    public async Task A_form_with_problems_comes_back_as_typed_with_each_problem_under_its_field()
    {
        var values = ManualWarningForm.Read(Data("PRJ-002", "Severe", null));
        var (_, errors) = ManualWarningFormValidator.Validate(values);

        var card = ManualWarningForm.Card(values, Projects, errors);

        var body = card["body"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal("Nothing was raised yet. Please fix the fields marked below.", body[1]["text"]!.GetValue<string>());
        Assert.Equal("'Severe' is not a severity: pick info, watch or critical.", TextAfter(body, ManualWarningForm.SeverityField));
        Assert.Equal("Say what is wrong.", TextAfter(body, ManualWarningForm.DescriptionField));
        Assert.Null(TextAfter(body, ManualWarningForm.ProjectField));
        Assert.Equal("PRJ-002", Input(card, ManualWarningForm.ProjectField)["value"]!.GetValue<string>());
        Assert.Equal("Severe", Input(card, ManualWarningForm.SeverityField)["value"]!.GetValue<string>());
        Assert.Equal(FormId, ManualWarningsHarness.FormIdOf(card));
        await AdaptiveCardValidator.AssertValidAsync("raise warning form with errors", card);
    }

    [Fact]
    public async Task Too_many_projects_to_list_ask_for_a_code_instead()
    {
        var many = Enumerable.Range(1, ManualWarningForm.MaxProjectChoices + 1)
            .Select(i => new ProjectSummary($"PRJ-{i:000}", $"Project {i}", "Digital", "Megan Bowen", ProjectStage.Execution, ProjectStatus.Active))
            .ToList();

        var card = ManualWarningForm.Card(new ManualWarningFormValues(FormId, null, null, null), many);

        Assert.Equal("Input.Text", Input(card, ManualWarningForm.ProjectField)["type"]!.GetValue<string>());
        await AdaptiveCardValidator.AssertValidAsync("raise warning form by code", card);
    }

    private static JsonObject Data(string? project, string? severity, string? description) => new()
    {
        [ManualWarningForm.FormIdField] = FormId,
        [ManualWarningForm.ProjectField] = project,
        [ManualWarningForm.SeverityField] = severity,
        [ManualWarningForm.DescriptionField] = description,
    };

    private static JsonObject Input(JsonObject card, string id) =>
        card["body"]!.AsArray().Single(e => (string?)e!["id"] == id)!.AsObject();

    private static List<string> ChoiceValues(JsonObject card, string id) =>
        Input(card, id)["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();

    /// <summary>The error shown right under the input <paramref name="id"/>, if any.</summary>
    private static string? TextAfter(List<JsonObject> body, string id)
    {
        var index = body.FindIndex(e => (string?)e["id"] == id);
        var next = index + 1 < body.Count ? body[index + 1] : null;
        return next is not null && (string?)next["color"] == "Attention" ? next["text"]!.GetValue<string>() : null;
    }
}
