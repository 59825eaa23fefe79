using System.Globalization;
using System.Text;
using PmoBot.Commands;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.CheckIn;

/// <summary>How a question is put in chat: which project, how far along, the question, how to answer, last week's answer, and quick replies.</summary>
public static class ReviewPrompts
{
    public static Reply Question(ReviewSession session, ReviewTemplate template, CultureInfo culture, DateOnly today, string? note = null)
    {
        var question = template.Questions[session.Step];
        var text = new StringBuilder();
        if (note is not null)
        {
            text.Append(note).Append("\n\n");
        }

        text.Append(QuestionText(session, template, culture, today));
        return new Reply(text.ToString(), QuickReplies: QuickReplies(session, question));
    }

    /// <summary>The question as plain text with markdown: heading line, question, help, hint and last week's answer.</summary>
    public static string QuestionText(ReviewSession session, ReviewTemplate template, CultureInfo culture, DateOnly today)
    {
        var question = template.Questions[session.Step];
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"**{session.ProjectCode} · {session.ProjectName}**, question {session.Step + 1} of {template.Questions.Count}")
            .Append(question.Required ? string.Empty : " (optional)")
            .Append("\n\n")
            .Append(CultureInfo.InvariantCulture, $"**{question.Text}**");
        if (!string.IsNullOrWhiteSpace(question.Help))
        {
            text.Append("\n\n_").Append(question.Help.Trim()).Append('_');
        }

        text.Append("\n\n").Append(QuestionHints.HintFor(question, culture, today, session.Currency)).Append('.');
        if (session.Defaults.Text(question.Id) is { } previous)
        {
            text.Append(CultureInfo.InvariantCulture, $" {(session.Correcting ? "Submitted" : "Last week")}: **{AnswerFormatter.Display(question, previous, culture, session.Currency)}**; type **{ReviewDialog.Same}** to keep it.");
        }

        return text.ToString();
    }

    /// <summary>
    /// The answers as buttons where the answer is a choice, then same, skip and back where they apply, and last "Use a
    /// form". Teams shows the first three suggested actions, so the answers come first; the rest are also typed words.
    /// </summary>
    public static IReadOnlyList<string> QuickReplies(ReviewSession session, Question question)
    {
        var replies = QuestionHints.QuickReplies(question).ToList();
        if (session.Defaults.Has(question.Id))
        {
            replies.Add(Capitalised(ReviewDialog.Same));
        }

        if (!question.Required)
        {
            replies.Add(Capitalised(ReviewDialog.Skip));
        }

        if (session.Step > 0)
        {
            replies.Add(Capitalised(ReviewDialog.Back));
        }

        replies.Add(ReviewDialog.UseAForm);
        return replies;
    }

    public static string Capitalised(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
