using PmoBot.Reviews.Templates;

namespace PmoBot.Tests.Reviews.Templates;

public sealed class DefaultTemplateTests
{
    [Fact]
    public void The_default_asks_every_well_known_question_with_its_type_in_review_order()
    {
        var questions = DefaultTemplate.Questions;

        Assert.Equal(
            [
                WellKnownQuestions.Overall, WellKnownQuestions.Scope, WellKnownQuestions.Schedule, WellKnownQuestions.Cost, WellKnownQuestions.Quality,
                WellKnownQuestions.Risk, WellKnownQuestions.Stakeholders, WellKnownQuestions.PercentComplete, WellKnownQuestions.ActualCost,
                WellKnownQuestions.EstimateAtCompletion, WellKnownQuestions.NextMilestone, WellKnownQuestions.NextMilestoneDate, WellKnownQuestions.TopRisks,
                WellKnownQuestions.Issues, WellKnownQuestions.Decisions, WellKnownQuestions.Summary,
            ],
            questions.Select(q => q.Id));
        Assert.All(questions, q => Assert.Equal(WellKnownQuestions.Types[q.Id], q.Type));
        Assert.Equal(WellKnownQuestions.Types.Keys.Order(StringComparer.Ordinal), questions.Select(q => q.Id).Order(StringComparer.Ordinal));
        Assert.Equal(WellKnownQuestions.Dimensions, questions.Skip(1).Take(6).Select(q => q.Id));
    }

    [Fact]
    public void The_rags_percent_complete_and_actual_cost_are_required_and_the_rest_optional()
    {
        var required = DefaultTemplate.Questions.Where(q => q.Required).Select(q => q.Id);

        Assert.Equal([.. new[] { WellKnownQuestions.Overall }, .. WellKnownQuestions.Dimensions, WellKnownQuestions.PercentComplete, WellKnownQuestions.ActualCost], required);
    }

    [Fact]
    public void Every_default_question_has_help_and_passes_the_template_rules()
    {
        Assert.All(DefaultTemplate.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Help), $"{q.Id} has no help"));
        Assert.Empty(ReviewTemplateValidator.Validate(DefaultTemplate.Questions));
        Assert.Equal(1, DefaultTemplate.Version);
    }
}
