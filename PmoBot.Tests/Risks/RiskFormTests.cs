using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Risks;
using PmoBot.Tests.Cards;

namespace PmoBot.Tests.Risks;

/// <summary>The "Log as risk" form as plain JSON: prefilling from a message, the card in each state, reading and validating a submission.</summary>
public sealed class RiskFormTests
{
    [Theory]
    [InlineData("<p>Vendor&nbsp;late</p>", true, "Vendor late")]
    [InlineData("<div><at>Megan Bowen</at> the <i>API</i> slips<br/>by two weeks</div>", true, "Megan Bowen the API slips\nby two weeks")]
    [InlineData("<p>one</p><p></p><p></p><p>two</p>", true, "one\n\ntwo")]
    [InlineData("Costs &amp; <b>scope</b>", false, "Costs &amp; <b>scope</b>")]
    [InlineData("   ", true, "")]
    [InlineData(null, true, "")]
    public void A_message_body_becomes_plain_text(string? content, bool isHtml, string expected) =>
        Assert.Equal(expected, MessageText.Plain(content, isHtml));

    [Fact]
    public void Long_text_is_shortened_at_a_word_and_marked()
    {
        var shortened = MessageText.Shorten(string.Join(' ', Enumerable.Repeat("slipping", 200)), 100);

        Assert.True(shortened.Length <= 100);
        Assert.EndsWith("slipping…", shortened, StringComparison.Ordinal);
        Assert.Equal("short", MessageText.Shorten("short", 100));
    }

    [Fact]
    public async Task The_form_lists_a_few_projects_as_choices_and_asks_for_a_code_when_there_are_many()
    {
        var values = new RiskFormValues(Guid.NewGuid().ToString("N"), null, "Vendor late", null, null, "Megan Bowen");
        var few = RiskForm.Card(values, Projects(3));
        var many = RiskForm.Card(values, Projects(RiskForm.MaxProjectChoices + 1));
        var withErrors = RiskForm.Card(values with { Probability = "Extreme" }, Projects(3), new Dictionary<string, string>
        {
            [RiskForm.ProjectField] = "Pick the project the risk belongs to.",
            [RiskForm.ProbabilityField] = "'Extreme' is not a level: pick low, medium or high.",
        });

        Assert.Equal("Input.ChoiceSet", (string?)Input(few, RiskForm.ProjectField)["type"]);
        Assert.Equal(["PRJ-001 · Project 1", "PRJ-002 · Project 2", "PRJ-003 · Project 3"], Input(few, RiskForm.ProjectField)["choices"]!.AsArray().Select(c => (string?)c!["title"]));
        Assert.Equal("Input.Text", (string?)Input(many, RiskForm.ProjectField)["type"]);
        var body = withErrors["body"]!.AsArray().ToList();
        var projectAt = body.FindIndex(e => (string?)e!["id"] == RiskForm.ProjectField);
        Assert.Equal("Pick the project the risk belongs to.", (string?)body[projectAt + 1]!["text"]);
        Assert.Equal("Attention", (string?)body[projectAt + 1]!["color"]);
        await AdaptiveCardValidator.AssertAllValidAsync([("few projects", few), ("many projects", many), ("with errors", withErrors)]);
    }

    [Fact]
    public void A_submission_is_read_trimmed_with_the_code_upper_cased_and_blanks_as_missing()
    {
        var values = RiskForm.Read(new JsonObject
        {
            [RiskForm.FormIdField] = "abc",
            [RiskForm.ProjectField] = " prj-101 ",
            [RiskForm.DescriptionField] = " Vendor late ",
            [RiskForm.ProbabilityField] = "",
            [RiskForm.ImpactField] = "high",
            [RiskForm.OwnerField] = 42,
        });

        Assert.Equal(new RiskFormValues("abc", "PRJ-101", "Vendor late", null, "high", null), values);
    }

    [Fact]
    public void A_complete_form_passes_and_levels_are_read_in_any_case()
    {
        var (draft, errors) = RiskFormValidator.Validate(new RiskFormValues("id", "PRJ-101", "Vendor late", "low", "HIGH", "Megan"));

        Assert.Empty(errors);
        Assert.Equal(new RiskDraft("id", "PRJ-101", "Vendor late", RiskLevel.Low, RiskLevel.High, "Megan"), draft);
    }

    [Fact]
    public void Each_broken_field_gets_its_own_message()
    {
        var (draft, errors) = RiskFormValidator.Validate(new RiskFormValues("id", null, new string('x', RiskForm.DescriptionMaxLength + 1), "1", null, new string('o', RiskForm.OwnerMaxLength + 1)));

        Assert.Null(draft);
        Assert.Equal(
            new Dictionary<string, string>
            {
                [RiskForm.ProjectField] = "Pick the project the risk belongs to.",
                [RiskForm.DescriptionField] = $"Keep the description to {RiskForm.DescriptionMaxLength} characters (it has {RiskForm.DescriptionMaxLength + 1}).",
                [RiskForm.ProbabilityField] = "'1' is not a level: pick low, medium or high.",
                [RiskForm.ImpactField] = "Pick how bad it would be: low, medium or high.",
                [RiskForm.OwnerField] = $"Keep the owner to {RiskForm.OwnerMaxLength} characters.",
            },
            errors);
    }

    private static List<ProjectSummary> Projects(int count) =>
        Enumerable.Range(1, count)
            .Select(i => new ProjectSummary($"PRJ-{i:000}", $"Project {i}", "Digital", "Megan Bowen", ProjectStage.Execution, ProjectStatus.Active))
            .ToList();

    private static JsonObject Input(JsonObject card, string id) =>
        card["body"]!.AsArray().Single(e => (string?)e!["id"] == id)!.AsObject();
}
