using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.CheckIn;

/// <summary>What a form is for: the project, the week, the template version, and the form's own id (its submission id).</summary>
public sealed record ReviewFormTarget(string ProjectCode, string ProjectName, string Currency, ReviewPeriod Period, int TemplateVersion, string FormId);

/// <summary>
/// The whole review as one Adaptive Card, the alternative to answering in chat: one input per question, prefilled,
/// read back with the same parser as chat answers so a form and a chat accept exactly the same things.
/// </summary>
public static class ReviewForm
{
    public const string SubmitVerb = "review.form.submit";
    public const string FormField = "form";
    public const string VersionField = "version";

    private const string InputPrefix = "answer_";

    /// <summary>When a form comes back with problems, the answers on it are the ones the PM typed.</summary>
    public const string TypedIntro = "Your answers are kept as you typed them; correct the marked ones and submit again.";

    /// <param name="intro">What the inputs were filled with (see <see cref="ReviewFormPrefill"/>), shown under the week.</param>
    public static JsonObject Card(ReviewFormTarget target, ReviewTemplate template, ReviewAnswers values, CultureInfo culture, DateOnly today, string intro, IReadOnlyDictionary<string, string>? errors = null, IReadOnlyDictionary<string, string>? typed = null)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Review of {target.ProjectCode} · {target.ProjectName}"),
            AdaptiveCard.Text($"Week {target.Period}. {intro}", subtle: true),
        };
        if (errors is { Count: > 0 })
        {
            body.Add(AdaptiveCard.Text($"Nothing was submitted: {errors.Count} {(errors.Count == 1 ? "answer needs" : "answers need")} a look (marked below).", color: "Attention"));
        }

        body.AddRange(Inputs(template, values, today, errors, typed, new FormUnits(culture, target.Currency)));

        var data = new JsonObject
        {
            [ReviewCards.ProjectField] = target.ProjectCode,
            [ReviewCards.PeriodField] = target.Period.ToString(),
            [VersionField] = target.TemplateVersion.ToString(CultureInfo.InvariantCulture),
            [FormField] = target.FormId,
        };
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Submit review", SubmitVerb, data, style: "positive")]);
    }

    /// <summary>
    /// One input per question, filled with what the person typed (when a form comes back) or else the answers, each
    /// followed by its problem; <see cref="Read"/> reads them back. Other questionnaires (the opportunity review) build
    /// their forms from these too.
    /// </summary>
    /// <param name="units">How numbers are written for this reader and which currency amounts are in; null writes numbers invariantly and names no currency.</param>
    public static IEnumerable<JsonNode> Inputs(ReviewTemplate template, ReviewAnswers values, DateOnly today, IReadOnlyDictionary<string, string>? errors = null, IReadOnlyDictionary<string, string>? typed = null, FormUnits? units = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        units ??= new FormUnits(CultureInfo.InvariantCulture, Currency: null);
        foreach (var question in template.Questions)
        {
            var value = typed is not null && typed.TryGetValue(question.Id, out var raw) ? raw : values.Text(question.Id) is { } canonical ? Prefill(question, canonical, units.Culture) : null;
            yield return Input(question, value, today, units.Currency);
            if (errors is not null && errors.TryGetValue(question.Id, out var error))
            {
                yield return AdaptiveCard.Text(error, color: "Attention");
            }
        }
    }

    /// <summary>The answers read from a submitted form, and the problems by question id (empty when all are fine).</summary>
    public static (ReviewAnswers Answers, IReadOnlyDictionary<string, string> Errors, IReadOnlyDictionary<string, string> Typed) Read(CardActionRequest request, ReviewTemplate template, CultureInfo culture, DateOnly today)
    {
        var answers = ReviewAnswers.Empty;
        var errors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var typed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var question in template.Questions)
        {
            var value = request.Field(InputPrefix + question.Id);
            if (value is null)
            {
                if (question.Required)
                {
                    errors[question.Id] = $"\"{question.Text}\" needs an answer.";
                }

                continue;
            }

            typed[question.Id] = value;
            switch (AnswerParser.Parse(question, value, culture, today))
            {
                case AnswerParse.Ok ok:
                    answers = answers.With(question.Id, ok.Canonical);
                    break;
                case AnswerParse.Invalid invalid:
                    errors[question.Id] = invalid.Message;
                    break;
            }
        }

        return (answers, errors, typed);
    }

    private static JsonObject Input(Question question, string? value, DateOnly today, string? currency)
    {
        var id = InputPrefix + question.Id;
        var label = Label(question, currency);
        var required = question.Required;
        var missing = $"\"{question.Text}\" needs an answer.";
        return question.Type switch
        {
            QuestionType.Rag => AdaptiveCard.ChoiceInput(id, label, Enum.GetValues<Rag>().Select(r => (r.ToString(), r.ToString())), value, required, missing),
            QuestionType.Choice => AdaptiveCard.ChoiceInput(id, label, question.ChoiceList.Select(c => (c, c)), value, required, missing),
            QuestionType.Date => AdaptiveCard.DateInput(id, label, value, required, missing),
            QuestionType.Text or QuestionType.Risks => AdaptiveCard.Multiline(AdaptiveCard.TextInput(id, label, value, Placeholder(question, today), required, missing)),
            _ => AdaptiveCard.TextInput(id, label, value, Placeholder(question, today), required, missing),
        };
    }

    /// <summary>
    /// The question, then what its answer is in and whether it may be left blank: "What is the actual cost to date?
    /// (EUR)", since a form, unlike the chat, shows no earlier answer with its currency beside the box.
    /// </summary>
    private static string Label(Question question, string? currency)
    {
        var notes = new List<string>(2);
        if (question.Type == QuestionType.Money && !string.IsNullOrWhiteSpace(currency))
        {
            notes.Add(currency);
        }
        else if (question.Type == QuestionType.Percent)
        {
            notes.Add("%");
        }

        if (!question.Required)
        {
            notes.Add("optional");
        }

        return notes.Count == 0 ? question.Text : $"{question.Text} ({string.Join(", ", notes)})";
    }

    private static string Placeholder(Question question, DateOnly today) => question.Type == QuestionType.Risks
        ? "One per line: description (probability/impact), e.g. Vendor late (high/medium)"
        : QuestionHints.Hint(question, today);

    /// <summary>
    /// The canonical answer as the reader would type it, which the parser reads back to the same answer: risks one per
    /// line with their levels, amounts with the reader's thousands separators (518,182 rather than 518182), percentages
    /// with their sign.
    /// </summary>
    private static string Prefill(Question question, string canonical, CultureInfo culture) => question.Type switch
    {
        QuestionType.Risks => string.Join('\n', ReviewAnswers.DecodeRisks(canonical).Select(r => $"{r.Description} ({r.Probability.ToString().ToLowerInvariant()}/{r.Impact.ToString().ToLowerInvariant()})")),
        // Unrounded, unlike an amount shown to read: the box must hold exactly what was answered.
        QuestionType.Money => AnswerFormatter.Number(canonical, culture) ?? canonical,
        QuestionType.Percent => AnswerFormatter.Display(question, canonical, culture, currency: null),
        _ => canonical,
    };
}

/// <summary>How a form writes numbers for its reader, and the currency its amounts are in (null when it has none).</summary>
public sealed record FormUnits(CultureInfo Culture, string? Currency);
