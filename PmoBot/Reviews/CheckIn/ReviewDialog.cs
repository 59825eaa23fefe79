using System.Globalization;
using PmoBot.Commands;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.CheckIn;

/// <summary>What the chat should do after a message in a review.</summary>
public enum DialogOutcome
{
    /// <summary>Keep the (possibly changed) session and show where it stands.</summary>
    Continue,

    /// <summary>The PM asked to submit from the summary.</summary>
    Submit,

    /// <summary>The PM dropped the review.</summary>
    Cancel,

    /// <summary>The PM paused; the chat is theirs again until they resume.</summary>
    Pause,

    /// <summary>The PM asked for the review form (<c>review form</c>, the "Use a form" button).</summary>
    OpenForm,

    /// <summary>Not an answer but a command the PM may use: the chat runs it and the review stays where it is.</summary>
    NotAnAnswer,
}

/// <summary>
/// The session after a message, what to do with it, and anything to say before showing the question or summary;
/// <see cref="FormProject"/> is the project code typed after <c>review form</c> (empty: the review's own).
/// </summary>
public sealed record DialogStep(ReviewSession Session, DialogOutcome Outcome, string? Note = null, string? FormProject = null);

/// <summary>
/// The rules of answering a review in chat, one message at a time. The words <c>back</c>, <c>skip</c>, <c>same</c>,
/// <c>pause</c>, <c>cancel</c>, <c>help</c>, <c>edit N</c>, <c>submit</c>, <c>review form [code]</c> (or the "Use a
/// form" button) and <c>review</c> with the code of a project in this round steer the review wherever they are typed.
/// Everything else is read as the answer to the current question; where it is not a valid answer but is a command the
/// PM may use (<c>projects</c> at a RAG question), the command runs instead. A question answered in words takes any text
/// as its answer, so there other commands need their <c>/</c>. Pure: storage and rendering belong to
/// <see cref="ReviewConversation"/>.
/// </summary>
public static class ReviewDialog
{
    public const string Back = "back";
    public const string Skip = "skip";
    public const string Same = "same";
    public const string Pause = "pause";
    public const string Cancel = "cancel";
    public const string Help = "help";
    public const string Edit = "edit";
    public const string SubmitWord = "submit";

    /// <summary>The quick reply under every question; it sends these words, which open the form like <c>review form</c>.</summary>
    public const string UseAForm = "Use a form";

    private const string ReviewWord = "review";
    private const string FormWord = "form";

    /// <param name="today">The person's date in their own zone: it places a date answered without its year.</param>
    public static DialogStep Handle(ReviewSession session, ReviewTemplate template, string text, CultureInfo culture, DateTimeOffset now, DateOnly today, bool isCommand = false)
    {
        var typed = text.Trim();
        var line = CommandText.Normalize(typed);
        var word = line.ToLowerInvariant();
        var touched = session with { UpdatedAt = now };
        if (Steering(session, line) is { } steering)
        {
            return steering;
        }

        switch (word)
        {
            case Cancel:
                return new DialogStep(touched, DialogOutcome.Cancel);
            case Pause:
                return new DialogStep(touched with { Paused = true }, DialogOutcome.Pause);
            case Help:
            case "?":
                return new DialogStep(touched, DialogOutcome.Continue, HelpText(session));
            case Back:
                return GoBack(touched, template);
            case "review":
            case "resume":
                return new DialogStep(touched, DialogOutcome.Continue, "You're in the middle of this review; here is where it stands.");
        }

        if (TryReadEdit(word, template, out var editIndex, out var editError))
        {
            return editError is not null
                ? new DialogStep(touched, DialogOutcome.Continue, editError)
                : new DialogStep(touched with { Stage = ReviewStage.Answering, Step = editIndex, ReturnToSummary = true }, DialogOutcome.Continue);
        }

        if (session.Stage == ReviewStage.Summary)
        {
            return word is SubmitWord or "send" or "done"
                ? new DialogStep(touched, DialogOutcome.Submit)
                : isCommand ? new DialogStep(session, DialogOutcome.NotAnAnswer)
                : new DialogStep(touched, DialogOutcome.Continue, $"Your answers are all in. Type **{SubmitWord}** to send the review, **edit** and a question number to change an answer, or **{Back}** for the last question.");
        }

        var question = template.Questions[Math.Clamp(session.Step, 0, template.Questions.Count - 1)];
        switch (word)
        {
            case Skip:
                return question.Required
                    ? new DialogStep(touched, DialogOutcome.Continue, "This question needs an answer, so it can't be skipped.")
                    : Advance(touched with { Answers = touched.Answers.Without(question.Id) }, template);
            case Same:
            case "keep":
                return touched.Defaults.Has(question.Id)
                    ? Advance(touched with { Answers = touched.Answers.With(question.Id, touched.Defaults.All[question.Id]) }, template)
                    : new DialogStep(touched, DialogOutcome.Continue, touched.Correcting ? "The review you submitted has no answer to this question to keep." : "There is no answer from last week to keep for this question.");
        }

        return AnswerParser.Parse(question, typed, culture, today) switch
        {
            AnswerParse.Ok ok => Advance(touched with { Answers = touched.Answers.With(question.Id, ok.Canonical) }, template),
            AnswerParse.Invalid when isCommand => new DialogStep(session, DialogOutcome.NotAnAnswer),
            AnswerParse.Invalid invalid => new DialogStep(touched, DialogOutcome.Continue, invalid.Message),
            _ => throw new InvalidOperationException("Unknown parse result."),
        };
    }

    /// <summary>The first question whose answer is missing but required, if any (a template may have changed what is required).</summary>
    public static int FirstMissingRequired(ReviewSession session, ReviewTemplate template)
    {
        for (var i = 0; i < template.Questions.Count; i++)
        {
            if (template.Questions[i].Required && !session.Answers.Has(template.Questions[i].Id))
            {
                return i;
            }
        }

        return -1;
    }

    public static string HelpText(ReviewSession session) =>
        $"You are answering the review of **{session.ProjectCode}** for week {session.Period}. Type your answer, or: " +
        $"**{Back}** (previous question), **{Skip}** (optional questions), **{Same}** (keep last week's answer), " +
        $"**{Edit} 3** (change answer 3), **review form** (every question on one card), **{Pause}** (continue later with **resume**), " +
        $"**{Cancel}** (drop this review). Other commands work as usual where they are not an answer (**projects** at a RAG question); " +
        $"at a question answered in words, start them with **/**, e.g. **/projects**, so they are not taken as the answer.";

    /// <summary>
    /// The commands that steer the review at any question, even one that takes any text: the form, and <c>review</c>
    /// with the code of this review or of one queued after it (the command then says where things stand).
    /// </summary>
    private static DialogStep? Steering(ReviewSession session, string line)
    {
        if (string.Equals(line, UseAForm, StringComparison.OrdinalIgnoreCase))
        {
            return new DialogStep(session, DialogOutcome.OpenForm, FormProject: string.Empty);
        }

        var words = line.Split(' ');
        if (!string.Equals(words[0], ReviewWord, StringComparison.OrdinalIgnoreCase) || words.Length is < 2 or > 3)
        {
            return null;
        }

        if (string.Equals(words[1], FormWord, StringComparison.OrdinalIgnoreCase))
        {
            return new DialogStep(session, DialogOutcome.OpenForm, FormProject: words.Length == 3 ? words[2] : string.Empty);
        }

        var inRound = words.Length == 2 && session.Queue.Prepend(session.ProjectCode).Contains(words[1], StringComparer.OrdinalIgnoreCase);
        return inRound ? new DialogStep(session, DialogOutcome.NotAnAnswer) : null;
    }

    private static DialogStep GoBack(ReviewSession session, ReviewTemplate template)
    {
        if (session.Stage == ReviewStage.Summary)
        {
            return new DialogStep(session with { Stage = ReviewStage.Answering, Step = template.Questions.Count - 1, ReturnToSummary = false }, DialogOutcome.Continue);
        }

        return session.Step == 0
            ? new DialogStep(session, DialogOutcome.Continue, "This is the first question; there is nothing before it.")
            : new DialogStep(session with { Step = session.Step - 1, ReturnToSummary = false }, DialogOutcome.Continue);
    }

    private static DialogStep Advance(ReviewSession session, ReviewTemplate template)
    {
        var next = session.Step + 1;
        return session.ReturnToSummary || next >= template.Questions.Count
            ? new DialogStep(session with { Stage = ReviewStage.Summary, ReturnToSummary = false, Step = Math.Min(next, template.Questions.Count - 1) }, DialogOutcome.Continue)
            : new DialogStep(session with { Step = next }, DialogOutcome.Continue);
    }

    /// <summary><c>edit 3</c> or <c>edit percentComplete</c>: the question to go back to.</summary>
    private static bool TryReadEdit(string word, ReviewTemplate template, out int index, out string? error)
    {
        index = -1;
        error = null;
        if (!word.StartsWith(Edit + " ", StringComparison.Ordinal) && word != Edit)
        {
            return false;
        }

        var target = word[Edit.Length..].Trim();
        if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= template.Questions.Count)
        {
            index = number - 1;
            return true;
        }

        index = target.Length > 0 ? template.IndexOf(target) : -1;
        if (index < 0)
        {
            error = $"Type **{Edit}** and the number of the question to change, from 1 to {template.Questions.Count}, e.g. **{Edit} 3**.";
        }

        return true;
    }
}
