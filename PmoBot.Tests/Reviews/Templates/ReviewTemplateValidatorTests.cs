using System.Globalization;
using PmoBot.Reviews.Templates;

namespace PmoBot.Tests.Reviews.Templates;

public sealed class ReviewTemplateValidatorTests
{
    private static readonly Question Overall = new("overall", "Overall status?", QuestionType.Rag, Required: true);
    private static readonly Question Phase = new("phase", "Which phase?", QuestionType.Choice, Required: false, Choices: ["Design", "Build", "Test"]);
    private static readonly Question TeamSize = new("teamSize", "How many people?", QuestionType.Number, Required: false, Min: 1, Max: 500, Unit: "people");

    public static TheoryData<string, string> Broken => new()
    {
        { "id empty", "Question 2: \"id\" is empty: give the question a short id of its own, e.g. budgetOwner." },
        { "id digit first", "Question 2 (1phase): \"id\" \"1phase\" must start with a letter and have only letters, digits, - and _ (at most 40 characters), e.g. budgetOwner." },
        { "id with space", "Question 2 (the phase): \"id\" \"the phase\" must start with a letter and have only letters, digits, - and _ (at most 40 characters), e.g. budgetOwner." },
        { "id too long", $"Question 2 ({new string('p', 40)}…): \"id\" \"{new string('p', 40)}…\" must start with a letter and have only letters, digits, - and _ (at most 40 characters), e.g. budgetOwner." },
        { "id repeated", "Question 2 (OVERALL): \"id\" \"OVERALL\" is already used by question 1; every question needs its own id (ignoring case)." },
        { "text empty", "Question 2 (phase): \"text\" is empty: write the question as the project manager will read it." },
        { "text too long", "Question 2 (phase): \"text\" is 301 characters long; the most is 300. Keep the question short and put detail in \"help\"." },
        { "help too long", "Question 2 (phase): \"help\" is 501 characters long; the most is 500." },
        { "one choice", "Question 2 (phase): \"choices\" has 1 choice; a choice question needs 2 to 12, e.g. [\"On track\", \"At risk\", \"Off track\"]." },
        { "no choices", "Question 2 (phase): \"choices\" has 0 choices; a choice question needs 2 to 12, e.g. [\"On track\", \"At risk\", \"Off track\"]." },
        { "thirteen choices", "Question 2 (phase): \"choices\" has 13 choices; a choice question needs 2 to 12, e.g. [\"On track\", \"At risk\", \"Off track\"]." },
        { "repeated choice", "Question 2 (phase): \"choices\" lists \"Build\" 2 times (ignoring case); every choice must be different." },
        { "empty choice", "Question 2 (phase): \"choices\" has an empty choice: give every choice a few words." },
        { "long choice", $"Question 2 (phase): the choice \"{new string('c', 40)}…\" is 101 characters long; the most is 100." },
        { "numeric choice", "Question 2 (phase): the choice \"3\" is a number, which a PM types to pick a choice by its position; write it in words, e.g. \"3 days\"." },
        { "choices on rag", "Question 1 (overall): \"choices\" are only for questions of type choice: remove them, or make the type choice." },
        { "min above max", "Question 3 (teamSize): \"min\" (600) is more than \"max\" (500)." },
        { "range on a rag", "Question 1 (overall): \"min\" and \"max\" are only for questions of type number: remove them." },
        { "unit on a rag", "Question 1 (overall): \"unit\" is only for questions of type number (amounts are in the project's currency): remove it." },
        { "long unit", "Question 3 (teamSize): \"unit\" is 21 characters long; the most is 20, e.g. days." },
        { "well-known type changed", "Question 1 (overall): \"overall\" is a question PmoBot reads meaning from (status, earned value, warnings), so its \"type\" must stay rag, not choice. Give a different question an id of its own." },
        { "well-known id in another case", "Question 2 (PercentComplete): \"PercentComplete\" is a question PmoBot reads meaning from (status, earned value, warnings), so its \"type\" must stay percent, not number. Give a different question an id of its own." },
        { "nothing required", "No question is required: set \"required\": true on at least one, e.g. the overall RAG, so a review always says something." },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Each_rule_is_explained_naming_the_question_and_the_field(string breakage, string error)
    {
        Assert.Equal([error], ReviewTemplateValidator.Validate(Break(breakage)));
    }

    [Fact]
    public void A_template_without_questions_or_with_more_than_forty_is_refused()
    {
        var many = Enumerable.Range(1, 41).Select(i => new Question($"q{i}", $"Question {i}?", QuestionType.Text, Required: true)).ToList();

        Assert.Equal(
            ["The template has no questions: add at least one, e.g. {\"id\": \"overall\", \"text\": \"Overall, what is the project's status?\", \"type\": \"rag\", \"required\": true}."],
            ReviewTemplateValidator.Validate([]));
        Assert.Equal(["The template has 41 questions; the most is 40. A weekly review should take minutes: merge or drop some."], ReviewTemplateValidator.Validate(many));
        Assert.Empty(ReviewTemplateValidator.Validate(many.Take(40).ToList()));
    }

    [Fact]
    public void A_template_too_long_for_a_teams_card_is_refused()
    {
        var questions = Enumerable.Range(1, 40)
            .Select(i => new Question($"q{i}", $"Question {i}?", QuestionType.Text, Required: true, Help: new string('h', 380)))
            .ToList();

        var length = ReviewTemplateJson.Serialize(questions).Length;

        var error = Assert.Single(ReviewTemplateValidator.Validate(questions));

        Assert.InRange(length, 14_001, 30_000);
        Assert.Equal($"The template is {length.ToString("N0", CultureInfo.InvariantCulture)} characters long as JSON; the most is 14,000, so that it fits in a Teams card. Shorten the help texts or drop questions.", error);
        Assert.Empty(ReviewTemplateValidator.Validate(questions.Take(25).ToList()));
    }

    [Fact]
    public void Every_broken_rule_is_reported_at_once()
    {
        var errors = ReviewTemplateValidator.Validate(
        [
            new Question("1st", string.Empty, QuestionType.Rag, Required: false),
            new Question("phase", "Which phase?", QuestionType.Choice, Required: false, Choices: ["Only one"]),
        ]);

        Assert.Equal(4, errors.Count);
        Assert.StartsWith("Question 1 (1st): \"id\"", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Question 1 (1st): \"text\" is empty", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("Question 2 (phase): \"choices\" has 1 choice", errors[2], StringComparison.Ordinal);
        Assert.StartsWith("No question is required", errors[3], StringComparison.Ordinal);
    }

    /// <summary>A good three-question template with one thing broken.</summary>
    private static List<Question> Break(string breakage)
    {
        var overall = Overall;
        var phase = Phase;
        var teamSize = TeamSize;
        switch (breakage)
        {
            case "id empty": phase = phase with { Id = " " }; break;
            case "id digit first": phase = phase with { Id = "1phase" }; break;
            case "id with space": phase = phase with { Id = "the phase" }; break;
            case "id too long": phase = phase with { Id = new string('p', 41) }; break;
            case "id repeated": phase = phase with { Id = "OVERALL" }; break;
            case "text empty": phase = phase with { Text = "  " }; break;
            case "text too long": phase = phase with { Text = new string('t', 301) }; break;
            case "help too long": phase = phase with { Help = new string('h', 501) }; break;
            case "one choice": phase = phase with { Choices = ["Design"] }; break;
            case "no choices": phase = phase with { Choices = null }; break;
            case "thirteen choices": phase = phase with { Choices = Enumerable.Range(1, 13).Select(i => $"Phase {i}").ToList() }; break;
            case "repeated choice": phase = phase with { Choices = ["Design", "Build", "build"] }; break;
            case "empty choice": phase = phase with { Choices = ["Design", " "] }; break;
            case "long choice": phase = phase with { Choices = ["Design", new string('c', 101)] }; break;
            case "numeric choice": phase = phase with { Choices = ["Design", "3"] }; break;
            case "choices on rag": overall = overall with { Choices = ["Red", "Green"] }; break;
            case "min above max": teamSize = teamSize with { Min = 600 }; break;
            case "range on a rag": overall = overall with { Min = 0 }; break;
            case "unit on a rag": overall = overall with { Unit = "EUR" }; break;
            case "long unit": teamSize = teamSize with { Unit = new string('u', 21) }; break;
            case "well-known type changed": overall = overall with { Type = QuestionType.Choice, Choices = ["Fine", "Not fine"] }; break;
            case "well-known id in another case": phase = new Question("PercentComplete", "How much is done?", QuestionType.Number, Required: false); break;
            case "nothing required": overall = overall with { Required = false }; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }

        return [overall, phase, teamSize];
    }
}
