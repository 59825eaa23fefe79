using System.Text.Json.Nodes;
using PmoBot.Reviews.Templates;

namespace PmoBot.Tests.Reviews.Templates;

public sealed class ReviewTemplateJsonTests
{
    [Fact]
    public void The_default_template_round_trips_through_its_json()
    {
        var json = ReviewTemplateJson.Serialize(DefaultTemplate.Questions);

        var parsed = Assert.IsType<ReviewTemplateParse.Ok>(ReviewTemplateJson.Parse(json));

        Assert.Equal(DefaultTemplate.Questions.Count, parsed.Questions.Count);
        for (var i = 0; i < parsed.Questions.Count; i++)
        {
            var (expected, actual) = (DefaultTemplate.Questions[i], parsed.Questions[i]);
            Assert.Equal((expected.Id, expected.Text, expected.Type, expected.Required, expected.Help), (actual.Id, actual.Text, actual.Type, actual.Required, actual.Help));
            Assert.Equal((expected.Min, expected.Max, expected.Unit), (actual.Min, actual.Max, actual.Unit));
            Assert.Equal(expected.ChoiceList, actual.ChoiceList);
        }

        Assert.Equal(json, ReviewTemplateJson.Serialize(parsed.Questions));
    }

    [Fact]
    public void The_json_is_indented_camel_case_with_types_as_lower_case_words_and_no_empty_fields()
    {
        var json = ReviewTemplateJson.Serialize(
        [
            new Question("overall", "Overall status?", QuestionType.Rag, Required: true, Help: "Green: on track; the vendor's fine"),
            new Question("phase", "Which phase?", QuestionType.Choice, Required: false, Choices: ["Design", "Build"]),
            new Question("teamSize", "How many people?", QuestionType.Number, Required: false, Min: 1, Max: 2.5m, Unit: "FTE"),
            new Question("actualCost", "Spent so far (€)?", QuestionType.Money, Required: true),
        ]);

        Assert.Equal(
            """
            {
              "questions": [
                {
                  "id": "overall",
                  "text": "Overall status?",
                  "type": "rag",
                  "required": true,
                  "help": "Green: on track; the vendor's fine"
                },
                {
                  "id": "phase",
                  "text": "Which phase?",
                  "type": "choice",
                  "required": false,
                  "choices": [
                    "Design",
                    "Build"
                  ]
                },
                {
                  "id": "teamSize",
                  "text": "How many people?",
                  "type": "number",
                  "required": false,
                  "min": 1,
                  "max": 2.5,
                  "unit": "FTE"
                },
                {
                  "id": "actualCost",
                  "text": "Spent so far (€)?",
                  "type": "money",
                  "required": true
                }
              ]
            }
            """.ReplaceLineEndings("\n"),
            json);
    }

    [Theory]
    [InlineData(QuestionType.Rag, "rag")]
    [InlineData(QuestionType.Choice, "choice")]
    [InlineData(QuestionType.Number, "number")]
    [InlineData(QuestionType.Percent, "percent")]
    [InlineData(QuestionType.Money, "money")]
    [InlineData(QuestionType.Date, "date")]
    [InlineData(QuestionType.Text, "text")]
    [InlineData(QuestionType.Risks, "risks")]
    public void Each_type_is_written_and_read_as_its_word(QuestionType type, string word)
    {
        var json = $$"""{"questions": [{"id": "q", "text": "Question?", "type": "{{word.ToUpperInvariant()}}", "required": true{{(type == QuestionType.Choice ? ", \"choices\": [\"Yes\", \"No\"]" : string.Empty)}}}]}""";

        var parsed = Assert.IsType<ReviewTemplateParse.Ok>(ReviewTemplateJson.Parse(json));

        Assert.Equal(word, ReviewTemplateJson.TypeName(type));
        Assert.Equal(type, Assert.Single(parsed.Questions).Type);
    }

    [Fact]
    public void A_hand_edited_template_with_comments_trailing_commas_any_case_and_a_bare_list_is_read()
    {
        const string json = """
            // The PMO's weekly review
            [
              { "ID": " overall ", "Text": " Overall status? ", "TYPE": "rag", "Required": true, },
              { "id": "phase", "text": "Which phase?", "type": "choice", "choices": [" Design ", "Build"], "help": "  " },
            ]
            """;

        var parsed = Assert.IsType<ReviewTemplateParse.Ok>(ReviewTemplateJson.Parse(json));

        Assert.Equal(new Question("overall", "Overall status?", QuestionType.Rag, true), parsed.Questions[0]);
        Assert.Equal(("phase", false, null), (parsed.Questions[1].Id, parsed.Questions[1].Required, parsed.Questions[1].Help));
        Assert.Equal(["Design", "Build"], parsed.Questions[1].ChoiceList);
    }

    public static TheoryData<string, string[]> BrokenJson => new()
    {
        { string.Empty, ["The template is empty. It is a JSON object with a list of questions, e.g. {\"questions\": [{\"id\": \"overall\", \"text\": \"Overall, what is the project's status?\", \"type\": \"rag\", \"required\": true}]}."] },
        { "{\"questions\": [\n{\"id\": \"overall\" \"text\": \"x\"}]}", ["The template is not valid JSON: '\"' is invalid after a value (line 2, character 18). Check for a missing comma, quote or bracket there."] },
        { "\"overall\"", ["The template must be a JSON object with a list of questions, {\"questions\": [ ... ]}."] },
        { "{\"items\": []}", ["The template has an unknown field \"items\"; it has only \"questions\", the list of questions."] },
        { "{}", ["The template has no \"questions\" list: write {\"questions\": [ ... ]} around the questions."] },
        { "{\"questions\": {}}", ["\"questions\" must be a list of questions in square brackets, [ ... ]."] },
        { "[\"overall\"]", ["Question 1: must be an object in curly brackets, e.g. {\"id\": \"scope\", \"text\": \"Is the scope under control?\", \"type\": \"rag\", \"required\": true}."] },
        {
            "[{\"id\": \"overall\", \"text\": \"Overall?\", \"type\": \"rag\", \"required\": true}, {\"text\": \"Phase?\", \"type\": \"colour\", \"requried\": true}]",
            [
                "Question 2: unknown field \"requried\"; the fields are id, text, type, required, help, choices, min, max, unit, stages, link, weight.",
                "Question 2: \"id\" is missing: give the question a short id of its own, e.g. \"id\": \"budgetOwner\".",
                "Question 2: \"type\" must be one of rag, choice, number, percent, money, date, text, risks or compliance, not \"colour\".",
            ]
        },
        {
            "[{\"id\": \"overall\", \"type\": \"rag\", \"required\": \"yes\"}]",
            [
                "Question 1 (overall): \"text\" is missing: write the question as the project manager will read it, e.g. \"text\": \"Is the scope under control?\".",
                "Question 1 (overall): \"required\" must be true or false (without quotes), not \"yes\".",
            ]
        },
        {
            "[{\"id\": \"size\", \"text\": \"Size?\", \"type\": \"number\", \"required\": true, \"min\": \"1\", \"max\": [5], \"unit\": 3}]",
            [
                "Question 1 (size): \"min\" must be a number without quotes, e.g. \"min\": 0, not \"1\".",
                "Question 1 (size): \"max\" must be a number without quotes, e.g. \"max\": 0, not a list.",
                "Question 1 (size): \"unit\" must be text in double quotes, not the number 3.",
            ]
        },
        {
            "[{\"id\": 7, \"text\": \"Phase?\", \"type\": \"choice\", \"required\": true, \"choices\": \"Design, Build\"}]",
            [
                "Question 1: \"id\" must be text in double quotes, not the number 7.",
                "Question 1: \"choices\" must be a list of texts, e.g. [\"On track\", \"At risk\", \"Off track\"].",
            ]
        },
        { "[{\"id\": \"a\", \"id\": \"b\", \"text\": \"A?\", \"type\": \"text\", \"required\": true}]", ["Question 1 (a): \"id\" appears twice; keep one."] },
        { "[{\"text\": \"A?\", \"required\": true}]", ["Question 1: \"id\" is missing: give the question a short id of its own, e.g. \"id\": \"budgetOwner\".", "Question 1: \"type\" is missing: one of rag, choice, number, percent, money, date, text, risks or compliance, e.g. \"type\": \"rag\"."] },
    };

    [Theory]
    [MemberData(nameof(BrokenJson))]
    public void Every_error_names_the_question_by_position_and_id_and_the_field(string json, string[] errors)
    {
        var parse = Assert.IsType<ReviewTemplateParse.Invalid>(ReviewTemplateJson.Parse(json));

        Assert.Equal(errors, parse.Errors);
    }

    [Fact]
    public void Rule_errors_are_reported_with_reading_errors_and_keep_the_positions()
    {
        const string json = """
            [
              {"id": "overall", "text": "Overall?", "type": "rag", "required": true},
              {"id": "scope", "text": "Scope?", "type": "ragg", "required": true},
              {"id": "Overall", "text": "Again?", "type": "text", "required": false}
            ]
            """;

        var parse = Assert.IsType<ReviewTemplateParse.Invalid>(ReviewTemplateJson.Parse(json));

        Assert.Equal(
            [
                "Question 2 (scope): \"type\" must be one of rag, choice, number, percent, money, date, text, risks or compliance, not \"ragg\".",
                "Question 3 (Overall): \"id\" \"Overall\" is already used by question 1; every question needs its own id (ignoring case).",
            ],
            parse.Errors);
    }

    [Fact]
    public void A_template_that_reads_but_breaks_a_rule_is_invalid()
    {
        var json = ReviewTemplateJson.Serialize([new Question("overall", "Overall?", QuestionType.Rag, Required: false)]);

        var parse = Assert.IsType<ReviewTemplateParse.Invalid>(ReviewTemplateJson.Parse(json));

        Assert.Equal(["No question is required: set \"required\": true on at least one, e.g. the overall RAG, so a review always says something."], parse.Errors);
    }

    [Fact]
    public void The_serialized_json_is_valid_json_the_edit_card_can_carry()
    {
        var node = JsonNode.Parse(ReviewTemplateJson.Serialize(DefaultTemplate.Questions))!.AsObject();

        Assert.Equal(DefaultTemplate.Questions.Count, node["questions"]!.AsArray().Count);
        Assert.All(node["questions"]!.AsArray(), q => Assert.All(q!.AsObject(), p => Assert.NotNull(p.Value)));
    }
}
