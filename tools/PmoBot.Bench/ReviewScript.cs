using System.Globalization;
using PmoBot.Reviews.Templates;

namespace PmoBot.Bench;

/// <summary>
/// A full review in chat, as the bot answers it (see PmoBot/Reviews/CheckIn): <c>hello</c> (first contact: the
/// welcome card), <c>review</c> (the intro and question 1), one answer per question (the next question, then the
/// summary card), <c>submit</c> (the submitted card).
/// </summary>
internal static class ReviewScript
{
    public static ChatScript For(BenchPm pm, ReviewTemplate template, DateOnly today)
    {
        var code = pm.ProjectCode;
        var count = template.Questions.Count;
        var turns = new List<ChatTurn>
        {
            new("hello", "hello", replies => replies.Any(r => r.Summary == $"Welcome to PmoBot, {pm.Name}") ? null : "expected the welcome card"),
            new("review", "review", replies => Question(replies[^1], code, 1, count)),
        };
        for (var i = 0; i < count; i++)
        {
            var next = i + 2;
            turns.Add(new ChatTurn(
                "answer",
                AnswerFor(template.Questions[i], today),
                next <= count
                    ? replies => Question(replies[^1], code, next, count)
                    : replies => replies[^1].Summary == $"Your review of {code} is ready to submit." ? null : "expected the summary card"));
        }

        turns.Add(new ChatTurn("submit", "submit", replies => replies[^1].Summary?.StartsWith($"Submitted: {code}, week ", StringComparison.Ordinal) == true ? null : "expected the submitted card"));
        return new ChatScript(pm, turns);
    }

    /// <summary>
    /// What a PM in the en-GB locale types for a question: realistic answers for the default template's questions,
    /// and for any other one a valid answer of its type (optional free text is skipped).
    /// </summary>
    public static string AnswerFor(Question question, DateOnly today) => question.Id switch
    {
        WellKnownQuestions.Overall => "a",
        WellKnownQuestions.Scope => "Green",
        WellKnownQuestions.Schedule => "amber",
        WellKnownQuestions.Cost => "G",
        WellKnownQuestions.Quality => "green",
        WellKnownQuestions.Risk => "Amber",
        WellKnownQuestions.Stakeholders => "g",
        WellKnownQuestions.PercentComplete => "40%",
        WellKnownQuestions.ActualCost => "£500,000",
        WellKnownQuestions.EstimateAtCompletion => "1.3m",
        WellKnownQuestions.NextMilestone => "Go-live",
        WellKnownQuestions.NextMilestoneDate => today.AddDays(60).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        WellKnownQuestions.TopRisks => "Vendor late (H/M); Key engineer leaves - medium/high",
        WellKnownQuestions.Issues => "Test environment down two days; infrastructure team fixing it",
        WellKnownQuestions.Decisions => "Approve the extra test phase",
        WellKnownQuestions.Summary => "Build on track; testing is squeezed.",
        _ => question.Type switch
        {
            QuestionType.Rag => "green",
            QuestionType.Choice => question.ChoiceList[0],
            QuestionType.Number => (question.Min ?? 0).ToString(CultureInfo.InvariantCulture),
            QuestionType.Percent => "50",
            QuestionType.Money => "1000",
            QuestionType.Date => today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            QuestionType.Risks => "none",
            _ => question.Required ? "Fine" : "skip",
        },
    };

    /// <summary>A question's text: markdown, or the simple HTML a question with quick replies is sent as (<c>strong</c> for bold).</summary>
    private static string? Question(BotReply reply, string code, int number, int count) =>
        reply.Text?.Replace("<strong>", "**", StringComparison.Ordinal).Replace("</strong>", "**", StringComparison.Ordinal) is { } text
        && text.Contains($"**{code} · ", StringComparison.Ordinal) && text.Contains($", question {number} of {count}", StringComparison.Ordinal)
            ? null
            : $"expected question {number} of {count}";
}
