using System.Globalization;
using PmoBot.Reviews.Templates;

namespace PmoBot.Tests.Reviews.Templates;

public sealed class AnswerFormatterTests
{
    private static readonly Dictionary<QuestionType, Question> Questions = new()
    {
        [QuestionType.Rag] = new("overall", "Overall?", QuestionType.Rag, true),
        [QuestionType.Choice] = new("phase", "Phase?", QuestionType.Choice, true, Choices: ["Design", "Build"]),
        [QuestionType.Number] = new("delay", "Delay?", QuestionType.Number, true, Unit: "days"),
        [QuestionType.Percent] = new("percentComplete", "Done?", QuestionType.Percent, true),
        [QuestionType.Money] = new("actualCost", "Cost?", QuestionType.Money, true),
        [QuestionType.Date] = new("nextMilestoneDate", "When?", QuestionType.Date, false),
        [QuestionType.Text] = new("summary", "Summary?", QuestionType.Text, false),
        [QuestionType.Risks] = new("risks", "Risks?", QuestionType.Risks, false),
    };

    [Theory]
    [InlineData(QuestionType.Rag, "Amber", "en-GB", "EUR", "Amber")]
    [InlineData(QuestionType.Rag, "red", "en-GB", "EUR", "Red")]
    [InlineData(QuestionType.Choice, "Build", "en-GB", "EUR", "Build")]
    [InlineData(QuestionType.Number, "12.5", "en-GB", "EUR", "12.5 days")]
    [InlineData(QuestionType.Number, "1234.5", "de-DE", "EUR", "1.234,5 days")]
    [InlineData(QuestionType.Percent, "40", "en-GB", "EUR", "40%")]
    [InlineData(QuestionType.Percent, "40.5", "de-DE", "EUR", "40,5%")]
    [InlineData(QuestionType.Money, "1250000", "en-GB", "EUR", "1,250,000 EUR")]
    [InlineData(QuestionType.Money, "1250000.5", "en-US", "USD", "1,250,001 USD")]
    [InlineData(QuestionType.Money, "812.5", "de-DE", "EUR", "812,50 EUR")]
    [InlineData(QuestionType.Money, "1250000", "de-DE", "EUR", "1.250.000 EUR")]
    [InlineData(QuestionType.Money, "1250000", "en-IN", "INR", "12,50,000 INR")]
    [InlineData(QuestionType.Money, "1250000", "en-GB", null, "1,250,000")]
    [InlineData(QuestionType.Date, "2026-09-30", "en-GB", "EUR", "30 Sep 2026")]
    [InlineData(QuestionType.Date, "2026-09-30", "de-DE", "EUR", "30 Sep 2026")]
    [InlineData(QuestionType.Text, "Design signed off.\nBuild started.", "en-GB", "EUR", "Design signed off.\nBuild started.")]
    [InlineData(QuestionType.Risks, "High|Medium|Vendor late", "en-GB", "EUR", "Vendor late (high probability, medium impact)")]
    [InlineData(QuestionType.Risks, "High|Medium|Vendor late\nLow|High|Key engineer leaves", "en-GB", "EUR", "Vendor late (high probability, medium impact); Key engineer leaves (low probability, high impact)")]
    [InlineData(QuestionType.Risks, "", "en-GB", "EUR", "None")]
    public void A_canonical_answer_is_shown_as_people_read_it(QuestionType type, string canonical, string culture, string? currency, string shown)
    {
        Assert.Equal(shown, AnswerFormatter.Display(Questions[type], canonical, CultureInfo.GetCultureInfo(culture), currency));
    }

    [Theory]
    [InlineData(QuestionType.Rag, "purple")]
    [InlineData(QuestionType.Number, "twelve")]
    [InlineData(QuestionType.Money, "lots")]
    [InlineData(QuestionType.Date, "30/09/2026")]
    public void An_answer_that_is_not_canonical_is_shown_as_it_is(QuestionType type, string stored)
    {
        Assert.Equal(stored, AnswerFormatter.Display(Questions[type], stored, CultureInfo.GetCultureInfo("en-GB"), "EUR"));
    }
}
