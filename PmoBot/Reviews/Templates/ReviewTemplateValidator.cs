using System.Globalization;
using System.Text.RegularExpressions;

namespace PmoBot.Reviews.Templates;

/// <summary>
/// The rules every published template satisfies, whether it came from the edit card or an uploaded file. Each error
/// names the question by position and id, and the field, so the PMO can find it in the JSON.
/// </summary>
public static partial class ReviewTemplateValidator
{
    public const int MaxQuestions = 40;
    public const int MaxIdLength = 40;
    public const int MaxTextLength = 300;
    public const int MaxHelpLength = 500;
    public const int MinChoices = 2;
    public const int MaxChoices = 12;
    public const int MaxChoiceLength = 100;
    public const int MaxUnitLength = 20;
    public const int MaxWeight = 100;

    /// <summary>
    /// The template as JSON must fit in the edit card, and the template card must stay within Teams' message size
    /// (about 28 KB); this leaves room for the rest of either card.
    /// </summary>
    public const int MaxJsonLength = 14_000;

    public const string IdExample = "budgetOwner";

    public const string ComplianceIdExample = "risk-management--register";

    public const int MaxLinkLength = 500;

    public static IReadOnlyList<string> Validate(IReadOnlyList<Question> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        return Validate(questions.Select(q => (Question?)q).ToList(), questions);
    }

    /// <summary>"Question 3 (scope)", or "Question 3" when it has no id yet.</summary>
    public static string Label(int index, string? id) =>
        string.IsNullOrWhiteSpace(id) ? $"Question {index + 1}" : $"Question {index + 1} ({AnswerParser.Quote(id)})";

    /// <summary>
    /// Checks the questions that could be read (the others are null, already reported by <see cref="ReviewTemplateJson"/>),
    /// keeping their positions so errors point at the right place. Rules about the whole template that an unreadable
    /// question could change (one required question at least, the size) wait until every question reads.
    /// </summary>
    internal static IReadOnlyList<string> Validate(IReadOnlyList<Question?> questions, IReadOnlyList<Question>? complete)
    {
        var errors = new List<string>();
        if (questions.Count == 0)
        {
            errors.Add("The template has no questions: add at least one, e.g. {\"id\": \"overall\", \"text\": \"Overall, what is the project's status?\", \"type\": \"rag\", \"required\": true}.");
            return errors;
        }

        if (questions.Count > MaxQuestions)
        {
            errors.Add($"The template has {questions.Count} questions; the most is {MaxQuestions}. A weekly review should take minutes: merge or drop some.");
        }

        var firstUse = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < questions.Count; i++)
        {
            if (questions[i] is { } question)
            {
                ValidateQuestion(i, question, firstUse, errors);
            }
        }

        if (complete is not null)
        {
            if (!complete.Any(q => q.Required))
            {
                errors.Add("No question is required: set \"required\": true on at least one, e.g. the overall RAG, so a review always says something.");
            }

            var length = ReviewTemplateJson.Serialize(complete).Length;
            if (length > MaxJsonLength)
            {
                errors.Add($"The template is {length.ToString("N0", CultureInfo.InvariantCulture)} characters long as JSON; the most is {MaxJsonLength.ToString("N0", CultureInfo.InvariantCulture)}, so that it fits in a Teams card. Shorten the help texts or drop questions.");
            }
        }

        return errors;
    }

    private static void ValidateQuestion(int index, Question question, Dictionary<string, int> firstUse, List<string> errors)
    {
        var label = Label(index, question.Id);
        void Error(string message) => errors.Add($"{label}: {message}");

        var id = question.Id ?? string.Empty;
        var idIsOwn = false;
        if (id.Trim().Length == 0)
        {
            Error($"\"id\" is empty: give the question a short id of its own, e.g. {IdExample}.");
        }
        else if (!IdPattern().IsMatch(id))
        {
            Error($"\"id\" \"{AnswerParser.Quote(id)}\" must start with a letter and have only letters, digits, - and _ (at most {MaxIdLength} characters), e.g. {IdExample}.");
        }
        else if (firstUse.TryGetValue(id, out var first))
        {
            Error($"\"id\" \"{id}\" is already used by question {first + 1}; every question needs its own id (ignoring case).");
        }
        else
        {
            firstUse[id] = index;
            idIsOwn = true;
        }

        var text = (question.Text ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            Error("\"text\" is empty: write the question as the project manager will read it.");
        }
        else if (text.Length > MaxTextLength)
        {
            Error($"\"text\" is {text.Length} characters long; the most is {MaxTextLength}. Keep the question short and put detail in \"help\".");
        }

        if (question.Help is { } help && help.Trim().Length > MaxHelpLength)
        {
            Error($"\"help\" is {help.Trim().Length} characters long; the most is {MaxHelpLength}.");
        }

        if (idIsOwn && WellKnownQuestions.Types.TryGetValue(id, out var wellKnownType) && wellKnownType != question.Type)
        {
            Error($"\"{id}\" is a question PmoBot reads meaning from (status, earned value, warnings), so its \"type\" must stay {ReviewTemplateJson.TypeName(wellKnownType)}, not {ReviewTemplateJson.TypeName(question.Type)}. Give a different question an id of its own.");
        }

        ValidateChoices(question, Error);
        ValidateNumberFields(question, Error);
        ValidateCompliance(question, Error);
        ValidateWeight(question, Error);
    }

    /// <summary>A weight counts a number question in a weighted score: more than 0, at most <see cref="MaxWeight"/>.</summary>
    private static void ValidateWeight(Question question, Action<string> error)
    {
        if (question.Weight is not { } weight)
        {
            return;
        }

        if (question.Type != QuestionType.Number)
        {
            error("\"weight\" is only for questions of type number (a score): remove it, or make the type number.");
        }
        else if (weight is <= 0 or > MaxWeight)
        {
            error($"\"weight\" must be more than 0 and at most {MaxWeight}, not {weight.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>A compliance question's id names its process (the compliance views and warnings group answers by it); stages and a link are its alone.</summary>
    private static void ValidateCompliance(Question question, Action<string> error)
    {
        if (question.Type != QuestionType.Compliance)
        {
            if (question.StageList.Count > 0)
            {
                error("\"stages\" are only for questions of type compliance: remove them.");
            }

            if (question.Link is not null)
            {
                error("\"link\" is only for questions of type compliance: remove it.");
            }

            return;
        }

        if (!ComplianceIdPattern().IsMatch(question.Id ?? string.Empty))
        {
            error($"a compliance question's \"id\" starts with its process's key and two dashes, e.g. {ComplianceIdExample} (the key in lower case, letters, digits and single dashes).");
        }

        if (question.Link is { } link && (link.Length > MaxLinkLength || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            error($"\"link\" must be the process document's web address, starting with https://, of at most {MaxLinkLength} characters.");
        }
    }

    private static void ValidateChoices(Question question, Action<string> error)
    {
        var choices = question.ChoiceList;
        if (question.Type != QuestionType.Choice)
        {
            if (choices.Count > 0)
            {
                error("\"choices\" are only for questions of type choice: remove them, or make the type choice.");
            }

            return;
        }

        if (choices.Count is < MinChoices or > MaxChoices)
        {
            error($"\"choices\" has {choices.Count} {(choices.Count == 1 ? "choice" : "choices")}; a choice question needs {MinChoices} to {MaxChoices}, e.g. [\"On track\", \"At risk\", \"Off track\"].");
        }

        if (choices.Any(c => string.IsNullOrWhiteSpace(c)))
        {
            error("\"choices\" has an empty choice: give every choice a few words.");
        }

        foreach (var tooLong in choices.Where(c => c.Trim().Length > MaxChoiceLength))
        {
            error($"the choice \"{AnswerParser.Quote(tooLong)}\" is {tooLong.Trim().Length} characters long; the most is {MaxChoiceLength}.");
        }

        foreach (var repeated in choices.Where(c => !string.IsNullOrWhiteSpace(c)).GroupBy(c => c.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            error($"\"choices\" lists \"{AnswerParser.Quote(repeated.Key)}\" {repeated.Count()} times (ignoring case); every choice must be different.");
        }

        // An answer typed as a number means the choice at that position, so a choice that is a number would be ambiguous.
        foreach (var numeric in choices.Where(c => int.TryParse(c.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            error($"the choice \"{numeric.Trim()}\" is a number, which a PM types to pick a choice by its position; write it in words, e.g. \"{numeric.Trim()} days\".");
        }
    }

    private static void ValidateNumberFields(Question question, Action<string> error)
    {
        if (question.Type != QuestionType.Number)
        {
            if (question.Min is not null || question.Max is not null)
            {
                error("\"min\" and \"max\" are only for questions of type number: remove them.");
            }

            if (!string.IsNullOrWhiteSpace(question.Unit))
            {
                error($"\"unit\" is only for questions of type number (amounts are in the project's currency): remove it.");
            }

            return;
        }

        if (question.Min is { } min && question.Max is { } max && min > max)
        {
            error($"\"min\" ({ReviewAnswers.Canonical(min)}) is more than \"max\" ({ReviewAnswers.Canonical(max)}).");
        }

        if (question.Unit is { } unit && unit.Trim().Length > MaxUnitLength)
        {
            error($"\"unit\" is {unit.Trim().Length} characters long; the most is {MaxUnitLength}, e.g. days.");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,39}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*--[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex ComplianceIdPattern();
}
