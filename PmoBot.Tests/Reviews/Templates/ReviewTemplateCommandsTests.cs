using System.Text;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Reviews.Templates.ReviewTemplatesHarness;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Reviews.Templates;

public sealed class ReviewTemplateCommandsTests
{
    /// <summary>Teams refuses messages over about 28 KB; the template cards stay below this, the largest template included.</summary>
    private const int CardBudgetBytes = 24 * 1024;

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Anyone_with_a_role_sees_the_template_card_with_every_question()
    {
        var harness = await CreateAsync();
        var pm = Person("Megan", Role.ProjectManager);

        var reply = await harness.SayAsync(pm, "review template");

        var card = reply.Card!;
        Assert.Equal("Review template, version 1", TextsOf(card)[0]);
        Assert.Equal([("Published by", "PmoBot"), ("Published", "10 Mar 2026 09:00 (Europe/London)"), ("Questions", "16, 9 required")], FactsOf(card));
        var texts = TextsOf(card);
        Assert.Contains("1. Overall, what is the project's status this week?", texts);
        Assert.Contains("Red, amber or green · required · id overall", texts);
        Assert.Contains("8. How much of the work is complete?", texts);
        Assert.Contains("Percentage, 0 to 100 · required · id percentComplete", texts);
        Assert.Contains("Amount in the project's currency · optional · id estimateAtCompletion", texts);
        Assert.Contains("Risks, each with probability and impact · optional · id risks", texts);
        Assert.Contains(DefaultTemplate.Questions[^1].Help!, texts);
        Assert.Null(card["actions"]);
        await AdaptiveCardValidator.AssertValidAsync("review template card for a pm", card);
    }

    [Fact]
    public async Task The_pmo_sees_an_edit_button_and_a_later_version_links_to_the_one_before()
    {
        var harness = await CreateAsync();
        var pmo = Person("Alex", Role.Pmo);
        await harness.Store.PublishAsync(
            [
                .. DefaultTemplate.Questions,
                new Question("phase", "Which phase is the project in?", QuestionType.Choice, Required: false, Choices: ["Design", "Build", "Test"]),
                new Question("teamSize", "How many people work on it?", QuestionType.Number, Required: false, Min: 1, Max: 500, Unit: "people"),
            ],
            "Patti Fernandez",
            None);

        var card = (await harness.SayAsync(pmo, "Review Template")).Card!;

        Assert.Equal("Review template, version 2", TextsOf(card)[0]);
        Assert.Contains("One of: Design, Build, Test · optional · id phase", TextsOf(card));
        Assert.Contains("Number from 1 to 500 people · optional · id teamSize", TextsOf(card));
        Assert.Equal([("Edit", "review template edit"), ("Previous version", "review template 1")], Buttons(card));
        await AdaptiveCardValidator.AssertValidAsync("review template card for the pmo", card);
    }

    [Theory]
    [InlineData("review template 1", "Review template, version 1")]
    [InlineData("review template v1", "Review template, version 1")]
    public async Task An_earlier_version_is_shown_by_its_number(string command, string heading)
    {
        var harness = await CreateAsync();
        await harness.Store.PublishAsync(Changed("Newer?"), "Alex", None);

        var card = (await harness.SayAsync(Person("Isaiah", Role.Leader), command)).Card!;

        Assert.Equal(heading, TextsOf(card)[0]);
        Assert.Contains("1. " + DefaultTemplate.Questions[0].Text, TextsOf(card));
    }

    [Theory]
    [InlineData("review template 7", "There is no version 7 of the review template; versions go from 1 to 1. Type **review template** for the current one.")]
    [InlineData("review template latest", "\"latest\" is not a version number. Type **review template** for the current template, or a version after it, e.g. **review template 1**.")]
    [InlineData("review template 0", "\"0\" is not a version number. Type **review template** for the current template, or a version after it, e.g. **review template 1**.")]
    [InlineData("review template edit now", "**review template edit** takes nothing after it: type **review template edit** for the form, or send the template as a .json file in this chat.")]
    public async Task Bad_arguments_get_a_clear_answer(string command, string answer)
    {
        var harness = await CreateAsync();

        Assert.Equal(answer, (await harness.SayAsync(Person("Alex", Role.Pmo), command)).Text);
    }

    [Fact]
    public async Task Only_the_pmo_and_admins_edit_and_people_without_a_role_see_nothing()
    {
        var harness = await CreateAsync();
        var pm = Person("Megan", Role.ProjectManager);
        var form = (await harness.SayAsync(Person("Alex", Role.Admin), "review template edit")).Card!;

        var edit = await harness.SayAsync(pm, "review template edit");
        var click = await harness.ClickAsync(pm, form, "Publish", WithJson(ReviewTemplateJson.Serialize(Changed("Mine?"))));
        var newcomer = await harness.SayAsync(Person("Nestor"), "review template");

        Assert.StartsWith("**review template edit** is for PMO or Admin", edit.Text, StringComparison.Ordinal);
        Assert.StartsWith("This action is for PMO or Admin", click.Text, StringComparison.Ordinal);
        Assert.StartsWith("**review template** is for Project manager, PMO, Leader or Admin", newcomer.Text, StringComparison.Ordinal);
        Assert.Equal(1, (await harness.NewStore().GetCurrentAsync(None)).Version);
    }

    [Fact]
    public async Task The_edit_form_holds_the_current_json_and_publishing_a_change_makes_the_next_version()
    {
        var harness = await CreateAsync();
        var pmo = Person("Alex", Role.Pmo);

        var form = (await harness.SayAsync(pmo, "review template edit")).Card!;
        var json = JsonIn(form);
        var changed = json.Replace("Overall, what is the project's status this week?", "Overall, how is the project doing?", StringComparison.Ordinal);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var reply = await harness.ClickAsync(pmo, form, "Publish", WithJson(changed));

        Assert.Equal(ReviewTemplateJson.Serialize(DefaultTemplate.Questions), json);
        var input = form["body"]!.AsArray().Single(e => e!["id"]?.GetValue<string>() == ReviewTemplateCards.JsonField)!;
        Assert.True(input["isMultiline"]!.GetValue<bool>());
        var publish = form["actions"]!.AsArray().Single()!;
        Assert.Equal(("Action.Execute", ReviewTemplateCards.PublishVerb, "1"), (publish["type"]!.GetValue<string>(), publish["verb"]!.GetValue<string>(), publish["data"]![ReviewTemplateCards.BasedOnField]!.GetValue<string>()));
        Assert.Equal("Published review template version 2.", reply.Text);
        Assert.Equal("Review template, version 2", TextsOf(reply.Card!)[0]);
        Assert.Contains("Published version 2: it is now the current review template.", TextsOf(reply.Card!));
        Assert.Contains(("Published by", pmo.Name), FactsOf(reply.Card!));
        var current = await harness.NewStore().GetCurrentAsync(None);
        Assert.Equal((2, pmo.Name, ReviewTemplatesHarness.Start.AddMinutes(5), "Overall, how is the project doing?"), (current.Version, current.PublishedBy, current.PublishedAt, current.Questions[0].Text));
        await AdaptiveCardValidator.AssertAllValidAsync([("review template edit form", form), ("review template card after publishing", reply.Card!)]);
    }

    [Fact]
    public async Task An_unchanged_template_is_not_published_again()
    {
        var harness = await CreateAsync();
        var pmo = Person("Alex", Role.Pmo);
        var form = (await harness.SayAsync(pmo, "review template edit")).Card!;

        // Indented differently it is still the same template: templates are compared as they would be stored.
        var reply = await harness.ClickAsync(pmo, form, "Publish", WithJson(JsonIn(form).Replace("\n", "\n  ", StringComparison.Ordinal)));

        Assert.Equal("The template is the same as version 1; nothing was published.", reply.Text);
        Assert.Contains("Nothing changed, so nothing was published: version 1 is still current.", TextsOf(reply.Card!));
        Assert.Equal([1], await harness.StoredVersionsAsync());
    }

    [Fact]
    public async Task A_template_with_mistakes_comes_back_with_every_error_and_what_was_typed()
    {
        var harness = await CreateAsync();
        var pmo = Person("Alex", Role.Pmo);
        var form = (await harness.SayAsync(pmo, "review template edit")).Card!;
        var typed = JsonIn(form)
            .Replace("\"type\": \"percent\"", "\"type\": \"percentage\"", StringComparison.Ordinal)
            .Replace("\"id\": \"summary\"", "\"id\": \"overall\"", StringComparison.Ordinal);

        var reply = await harness.ClickAsync(pmo, form, "Publish", WithJson(typed));

        var card = reply.Card!;
        var errors = TextsOf(card).Single(t => t.StartsWith("Nothing was published. Please fix:", StringComparison.Ordinal));
        Assert.Equal(
            "Nothing was published. Please fix:\n\n"
            + "- Question 8 (percentComplete): \"type\" must be one of rag, choice, number, percent, money, date, text, risks or compliance, not \"percentage\".\n"
            + "- Question 16 (overall): \"id\" \"overall\" is already used by question 1; every question needs its own id (ignoring case).",
            errors);
        Assert.Equal("Nothing was published: Question 8 (percentComplete): \"type\" must be one of rag, choice, number, percent, money, date, text, risks or compliance, not \"percentage\".", reply.Text);
        Assert.Equal(typed, JsonIn(card));
        Assert.Equal("1", card["actions"]![0]!["data"]![ReviewTemplateCards.BasedOnField]!.GetValue<string>());
        Assert.Equal([1], await harness.StoredVersionsAsync());
        await AdaptiveCardValidator.AssertValidAsync("review template form with errors", card);
    }

    [Fact]
    public async Task Json_that_does_not_parse_is_explained_in_the_form()
    {
        var harness = await CreateAsync();
        var pmo = Person("Alex", Role.Pmo);
        var form = (await harness.SayAsync(pmo, "review template edit")).Card!;

        var reply = await harness.ClickAsync(pmo, form, "Publish", WithJson("{\"questions\": [ {\"id\": \"overall\" } "));

        Assert.StartsWith("Nothing was published: The template is not valid JSON:", reply.Text, StringComparison.Ordinal);
        Assert.Equal("{\"questions\": [ {\"id\": \"overall\" }", JsonIn(reply.Card!));
    }

    [Fact]
    public async Task An_empty_template_is_refused_and_the_form_shows_the_current_one_again()
    {
        var harness = await CreateAsync();
        var pmo = Person("Alex", Role.Pmo);
        var form = (await harness.SayAsync(pmo, "review template edit")).Card!;

        var reply = await harness.ClickAsync(pmo, form, "Publish", WithJson("  "));

        Assert.Equal("Nothing was published: the template was empty.", reply.Text);
        Assert.Contains("The template you sent was empty, so nothing was published. Here is version 1 again to edit.", TextsOf(reply.Card!));
        Assert.Equal(ReviewTemplateJson.Serialize(DefaultTemplate.Questions), JsonIn(reply.Card!));
        Assert.Equal([1], await harness.StoredVersionsAsync());
    }

    [Fact]
    public async Task A_version_published_while_editing_is_not_superseded_and_the_typed_text_is_kept()
    {
        var harness = await CreateAsync();
        var alex = Person("Alex", Role.Pmo);
        var patti = Person("Patti", Role.Pmo);
        var alexForm = (await harness.SayAsync(alex, "review template edit")).Card!;
        var pattiForm = (await harness.SayAsync(patti, "review template edit")).Card!;
        await harness.ClickAsync(patti, pattiForm, "Publish", WithJson(ReviewTemplateJson.Serialize(Changed("Patti's question?"))));
        var alexJson = ReviewTemplateJson.Serialize(Changed("Alex's question?"));

        var reply = await harness.ClickAsync(alex, alexForm, "Publish", WithJson(alexJson));

        var card = reply.Card!;
        Assert.Equal($"{patti.Name} published version 2 meanwhile; nothing was published.", reply.Text);
        Assert.Contains(TextsOf(card), t => t.StartsWith($"{patti.Name} published version 2 on 10 Mar 2026 09:00 (Europe/London) while you were editing version 1, so nothing was published and nothing was overwritten.", StringComparison.Ordinal));
        Assert.Equal(alexJson, JsonIn(card));
        Assert.Equal("Patti's question?", (await harness.NewStore().GetCurrentAsync(None)).Questions[0].Text);

        var again = await harness.ClickAsync(alex, card, "Publish", WithJson(JsonIn(card)));

        Assert.Equal("Published review template version 3.", again.Text);
        Assert.Equal("Alex's question?", (await harness.NewStore().GetCurrentAsync(None)).Questions[0].Text);
        await AdaptiveCardValidator.AssertValidAsync("review template form after a concurrent publish", card);
    }

    [Fact]
    public async Task The_largest_template_allowed_fits_in_teams_cards()
    {
        var harness = await CreateAsync();
        var pmo = Person("Alex", Role.Pmo);
        var largest = LargestTemplate();
        Assert.Empty(ReviewTemplateValidator.Validate(largest));
        await harness.Store.PublishAsync(largest, pmo.Name, None);

        var template = (await harness.SayAsync(pmo, "review template")).Card!;
        var form = (await harness.SayAsync(pmo, "review template edit")).Card!;
        var errors = (await harness.ClickAsync(pmo, form, "Publish", WithJson(JsonIn(form).Replace("\"type\": \"text\"", "\"type\": \"txt\"", StringComparison.Ordinal)))).Card!;

        foreach (var (name, card) in new[] { ("template", template), ("form", form), ("form with errors", errors) })
        {
            var size = Encoding.UTF8.GetByteCount(card.ToJsonString());
            Assert.True(size < CardBudgetBytes, $"The {name} card of the largest template is {size} bytes.");
        }

        Assert.Contains("- and 15 more: fix these and publish again to see the rest.", TextsOf(errors).Single(t => t.StartsWith("Nothing was published", StringComparison.Ordinal)), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertAllValidAsync([("largest template card", template), ("largest template form with errors", errors)]);
    }

    [Fact]
    public async Task The_commands_are_in_help_for_the_roles_that_may_use_them()
    {
        var harness = await CreateAsync();

        var forPm = harness.Commands.AvailableTo(Person("Megan", Role.ProjectManager)).Select(c => c.Name);
        var forPmo = harness.Commands.AvailableTo(Person("Alex", Role.Pmo)).Select(c => c.Name);

        Assert.Equal(["help", "review template"], forPm);
        Assert.Equal(["help", "review template", "review template edit"], forPmo);
        Assert.Equal(
            ("review template [version]", "review template edit"),
            (harness.Commands.Commands.Single(c => c.Name == "review template").Usage, harness.Commands.Commands.Single(c => c.Name == "review template edit").Usage));
    }

    [Fact]
    public async Task The_publish_button_sent_as_a_message_submit_reaches_the_same_handler()
    {
        var harness = await CreateAsync();
        var pmo = Person("Alex", Role.Pmo);
        var form = (await harness.SayAsync(pmo, "review template edit")).Card!;
        var fallback = form["actions"]![0]!["fallback"]!["data"]!.DeepClone().AsObject();
        fallback[ReviewTemplateCards.JsonField] = ReviewTemplateJson.Serialize(Changed("Submitted?"));

        var reply = await harness.CardActions.RouteAsync(CardActionRouter.VerbOf(fallback), new CardActionRequest(pmo, fallback, ConversationKind.Personal), None);

        Assert.Equal("Published review template version 2.", reply.Text);
        Assert.Equal(ReviewTemplateCards.PublishVerb, fallback[AdaptiveCard.VerbField]!.GetValue<string>());
    }

    private static List<(string Title, string Message)> Buttons(JsonObject card) =>
        card["actions"]!.AsArray().Select(a => (a!["title"]!.GetValue<string>(), a["data"]!["command"]!.GetValue<string>())).ToList();

    /// <summary>Forty questions with long texts and help, as close to the JSON limit as they go.</summary>
    private static List<Question> LargestTemplate()
    {
        var questions = new List<Question>();
        for (var i = 1; i <= ReviewTemplateValidator.MaxQuestions; i++)
        {
            questions.Add(new Question($"question{i}", $"Question {i}: " + new string('q', 80), QuestionType.Text, Required: true, Help: new string('h', 80)));
        }

        while (ReviewTemplateJson.Serialize(questions).Length < ReviewTemplateValidator.MaxJsonLength - 50)
        {
            var index = questions.FindIndex(q => q.Help!.Length < ReviewTemplateValidator.MaxHelpLength);
            questions[index] = questions[index] with { Help = questions[index].Help + "h" };
        }

        return questions;
    }
}
