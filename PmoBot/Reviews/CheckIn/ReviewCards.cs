using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.CheckIn;

/// <summary>The review's cards: the summary before submitting, the confirmation, the invitation and the reminder.</summary>
public static class ReviewCards
{
    public const string SubmitVerb = "review.submit";
    public const string EditVerb = "review.edit";
    public const string SessionField = "session";
    public const string ProjectField = "project";
    public const string PeriodField = "period";
    public const string QuestionField = "question";

    private const int MaxFactTitle = 60;

    public static JsonObject Summary(ReviewSession session, ReviewTemplate template, CultureInfo culture, string? note = null)
    {
        var identity = new JsonObject
        {
            [SessionField] = session.SessionId,
            [ProjectField] = session.ProjectCode,
            [PeriodField] = session.Period.ToString(),
        };
        var editCard = AdaptiveCard.Create(
            [AdaptiveCard.ChoiceInput(QuestionField, "Which answer?", template.Questions.Select((q, i) => (Title(i, q), q.Id)), template.Questions[0].Id, required: true)],
            [AdaptiveCard.Execute("Change it", EditVerb, identity)]);
        editCard.Remove("$schema");
        editCard.Remove("msteams");
        return AdaptiveCard.Create(
            [
                AdaptiveCard.Heading($"Review of {session.ProjectCode} · {session.ProjectName}"),
                AdaptiveCard.Text($"Week {session.Period}. Check your answers, then submit. You can also type **{ReviewDialog.SubmitWord}**, or **{ReviewDialog.Edit} 3** to change answer 3.", subtle: true),
                note is null ? null : AdaptiveCard.Text(note, color: "Attention"),
                AdaptiveCard.Facts(template.Questions.Select((q, i) => (Title(i, q), Shown(session.Answers, q, culture, session.Currency)))),
            ],
            [
                AdaptiveCard.Execute("Submit review", SubmitVerb, identity, style: "positive"),
                AdaptiveCard.ShowCard("Change an answer", editCard),
            ]);
    }

    /// <summary>
    /// The review as sent, with what comes next: the next project's first question, the reviews still due when no round
    /// was open in the chat (<paramref name="stillDue"/>), or that all are done.
    /// </summary>
    public static JsonObject Submitted(Project project, ReviewPeriod period, ReviewAnswers answers, ReviewTemplate template, CultureInfo culture, string headline, IEnumerable<(string Title, string Value)> figures, ReviewSession? next, ReviewTemplate? nextTemplate, DateOnly today, IReadOnlyList<string>? stillDue = null)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(headline),
            AdaptiveCard.Text($"{project.Name}, week {period}.", subtle: true),
            AdaptiveCard.Facts(figures),
            AdaptiveCard.Subheading("Your answers"),
            AdaptiveCard.Facts(template.Questions.Select((q, i) => (Title(i, q), Shown(answers, q, culture, project.Currency)))),
        };
        var actions = new List<JsonNode?>();
        if (next is not null && nextTemplate is not null)
        {
            body.Add(AdaptiveCard.Subheading($"Next: {next.ProjectCode} · {next.ProjectName}"));
            body.AddRange(QuestionSection(next, nextTemplate, culture, today, actions));
        }
        else if (stillDue is { Count: > 0 })
        {
            body.Add(AdaptiveCard.Text($"Still to review for week {period}: {string.Join(", ", stillDue)}. Type **review** to go on.", subtle: true));
            actions.Add(AdaptiveCard.SendMessage("Go on with the reviews", "review"));
        }
        else
        {
            body.Add(AdaptiveCard.Text("That was your last review for now. Thank you!", subtle: true));
        }

        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>The current question as a card, for answers to a card button (which can only replace the card).</summary>
    public static JsonObject Question(ReviewSession session, ReviewTemplate template, CultureInfo culture, DateOnly today, string? note = null)
    {
        var actions = new List<JsonNode?>();
        var body = new List<JsonNode?> { note is null ? null : AdaptiveCard.Text(note, color: "Attention") };
        body.AddRange(QuestionSection(session, template, culture, today, actions));
        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>The proactive message that opens a PM's weekly reviews, with the first question ready to answer.</summary>
    /// <param name="standingInFor">The PM on leave whose reviews a deputy is asked for; null for the PM's own round.</param>
    public static JsonObject Invitation(ReviewSession first, ReviewTemplate template, IReadOnlyList<string> projects, string dueBy, CultureInfo culture, DateOnly today, string? standingInFor = null)
    {
        var actions = new List<JsonNode?>();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Time for your weekly project review"),
            AdaptiveCard.Text($"Week {first.Period}: {Describe(projects)}. About two minutes each, one question at a time. Please answer by {dueBy}."),
        };
        if (standingInFor is not null)
        {
            body.Add(AdaptiveCard.Text($"{standingInFor} is on leave this week, so you are asked as the deputy PM.", color: "Accent"));
        }

        body.Add(AdaptiveCard.Text("Type **pause** to stop and **resume** to go on later, or answer everything at once in the form.", subtle: true));
        body.AddRange(QuestionSection(first, template, culture, today, actions));
        return AdaptiveCard.Create(body, actions);
    }

    public static JsonObject Reminder(ReviewPeriod period, IReadOnlyList<string> projects, string dueBy, bool hasOpenReview) => AdaptiveCard.Create(
        [
            AdaptiveCard.Heading("Reminder: your project review"),
            AdaptiveCard.Text($"Week {period}: {Describe(projects)} {(projects.Count == 1 ? "is" : "are")} not submitted yet. Please answer by {dueBy}; after that the review is recorded as missed and the PMO is told."),
        ],
        [
            AdaptiveCard.SendMessage(hasOpenReview ? "Resume" : "Start review", hasOpenReview ? "resume" : "review"),
            AdaptiveCard.SendMessage(ReviewDialog.UseAForm, "review form"),
        ]);

    public static JsonObject MissedForPmo(string managerName, IReadOnlyList<Project> projects, ReviewPeriod period) => AdaptiveCard.Create(
        [
            AdaptiveCard.Heading($"Missed review{(projects.Count == 1 ? string.Empty : "s")}: week {period}"),
            AdaptiveCard.Text($"{managerName} did not submit {(projects.Count == 1 ? "this review" : "these reviews")} by the deadline, after one reminder."),
            AdaptiveCard.Facts(projects.Select(p => (p.Code, $"{p.Name} ({p.BusinessUnit})"))),
        ],
        [AdaptiveCard.SendMessage("All overdue reviews", "overdue")]);

    public static JsonObject MissedForManager(IReadOnlyList<Project> projects, ReviewPeriod period) => AdaptiveCard.Create(
        [
            AdaptiveCard.Heading($"Review recorded as missed: week {period}"),
            AdaptiveCard.Text($"{Describe(projects.Select(p => p.Code).ToList())} had no review by the deadline, so the PMO has been told. You can still send it late: it then replaces the missed record."),
        ],
        [AdaptiveCard.SendMessage("Send it now", projects.Count == 1 ? $"review {projects[0].Code}" : "review")]);

    /// <summary>
    /// Who sent the review and when (in <paramref name="zone"/>, the reader's, with its name), and the earned value it
    /// gives (figures that cannot be computed say so).
    /// </summary>
    public static IEnumerable<(string Title, string Value)> SubmittedFacts(ReviewRecord record, string currency, TimeZoneInfo zone)
    {
        var figures = record.EarnedValue;
        return
        [
            ("Submitted by", $"{record.SubmittedByName}, {UserTimeZones.Local(record.RecordedAt, zone, "ddd d MMM yyyy HH:mm")}"),
            ("SPI (schedule)", ReviewHistoryText.Index(figures?.Spi)),
            ("CPI (cost)", ReviewHistoryText.Index(figures?.Cpi)),
            ("EAC from CPI", ReviewHistoryText.Estimate(figures?.Eac, currency)),
            ("Your EAC", ReviewHistoryText.Money(figures?.ManagerEac, currency)),
            ("VAC", ReviewHistoryText.Estimate(figures?.Vac, currency, roundedLike: figures?.Eac)),
        ];
    }

    public static string Describe(IReadOnlyList<string> projects) =>
        projects.Count == 1 ? projects[0] : $"{projects.Count} projects ({string.Join(", ", projects)})";

    /// <summary>The current question inside a card: its text, a button per choice where the answer is a choice, and "Use a form".</summary>
    private static IEnumerable<JsonNode?> QuestionSection(ReviewSession session, ReviewTemplate template, CultureInfo culture, DateOnly today, List<JsonNode?> actions)
    {
        var question = template.Questions[session.Step];
        actions.AddRange(ReviewPrompts.QuickReplies(session, question).Select(reply => AdaptiveCard.SendMessage(reply, reply)));
        return [AdaptiveCard.Text(ReviewPrompts.QuestionText(session, template, culture, today))];
    }

    private static string Title(int index, Question question)
    {
        var text = question.Text.Length > MaxFactTitle ? question.Text[..(MaxFactTitle - 1)] + "…" : question.Text;
        return $"{index + 1}. {text}";
    }

    private static string Shown(ReviewAnswers answers, Question question, CultureInfo culture, string currency) =>
        answers.Text(question.Id) is { } answer
            ? AnswerFormatter.Display(question, answer, culture, currency)
            : answers.Has(question.Id) ? "none" : "(skipped)";
}
