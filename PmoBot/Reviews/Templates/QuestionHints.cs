using System.Globalization;
using PmoBot.Commands;

namespace PmoBot.Reviews.Templates;

/// <summary>How to answer a question, in one short line shown under it, and the buttons that answer it in one tap.</summary>
public static class QuestionHints
{
    /// <summary>Teams shows suggested actions in one row; more than six would wrap or be cut.</summary>
    public const int MaxQuickReplies = 6;

    /// <summary>"Answer R, A or G", "A percentage, e.g. 40%", "A number from 0 to 10 days, e.g. 5", ...; numbers written in English (<c>1,000</c>).</summary>
    /// <param name="today">The reader's today: date examples are ahead of it.</param>
    public static string Hint(Question question, DateOnly today) => HintFor(question, CultureInfo.InvariantCulture, today);

    /// <summary>As <see cref="Hint(Question, DateOnly)"/>, with numbers and dates written the reader's way (<c>1.000</c> and <c>30.09.2026</c> in de-DE).</summary>
    /// <param name="currency">The project's currency, named in an amount's hint ("An amount in GBP, …") where the reader may not know it.</param>
    public static string HintFor(Question question, CultureInfo culture, DateOnly today, string? currency = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(culture);
        return question.Type switch
        {
            QuestionType.Rag => "Answer R, A or G",
            QuestionType.Choice => $"Choose {OrList(question.ChoiceList)}, or type its number (1 to {question.ChoiceList.Count})",
            QuestionType.Number => NumberHint(question, culture),
            QuestionType.Percent => "A percentage, e.g. 40%",
            QuestionType.Money => $"An amount{(string.IsNullOrWhiteSpace(currency) ? string.Empty : " in " + currency)}, e.g. {NumberText.Format(250_000m, culture)} or {NumberText.Format(1.2m, culture)}m",
            QuestionType.Date => $"A date, e.g. {DateText.Examples(culture, today)}",
            QuestionType.Text => $"A few words or sentences (at most {AnswerParser.MaxTextLength.ToString("N0", culture)} characters)",
            QuestionType.Risks => "One risk per line, each with its probability/impact as L, M or H, e.g. Vendor delivers late (H/M); or none",
            QuestionType.Compliance => $"Yes, no or n/a; a no with the reason and the date it will be fixed by, e.g. no: workshop moved; fix by {DateText.CultureExample(culture, today)}",
            _ => string.Empty,
        };
    }

    /// <summary>Buttons under the question: Red, Amber, Green for a RAG and a choice question's first six choices; none for typed answers.</summary>
    public static IReadOnlyList<string> QuickReplies(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question.Type switch
        {
            QuestionType.Rag => [nameof(Rag.Red), nameof(Rag.Amber), nameof(Rag.Green)],
            QuestionType.Choice => question.ChoiceList.Take(MaxQuickReplies).ToList(),
            QuestionType.Compliance => [ComplianceAnswer.YesText, ComplianceAnswer.NoText, ComplianceAnswer.NotApplicableText],
            _ => [],
        };
    }

    /// <summary>"A, B or C".</summary>
    internal static string OrList(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : $"{string.Join(", ", items.Take(items.Count - 1))} or {items[^1]}";

    internal static string WithUnit(string number, string? unit) => string.IsNullOrWhiteSpace(unit) ? number : $"{number} {unit.Trim()}";

    /// <summary>A number inside the question's range, for examples: the middle of it, or 12 when that fits.</summary>
    internal static decimal ExampleNumber(Question question) => (question.Min, question.Max) switch
    {
        ({ } min, { } max) => NumberText.Normalize(Math.Round((min + max) / 2, max - min >= 2 ? 0 : 2, MidpointRounding.AwayFromZero)),
        ({ } min, null) => Math.Max(min, 12),
        (null, { } max) => Math.Min(max, 12),
        _ => 12,
    };

    private static string NumberHint(Question question, CultureInfo culture)
    {
        string Number(decimal value) => NumberText.Format(value, culture);
        var example = $"e.g. {Number(ExampleNumber(question))}";
        return (question.Min, question.Max) switch
        {
            ({ } min, { } max) => $"A number from {Number(min)} to {WithUnit(Number(max), question.Unit)}, {example}",
            ({ } min, null) => $"A number of at least {WithUnit(Number(min), question.Unit)}, {example}",
            (null, { } max) => $"A number up to {WithUnit(Number(max), question.Unit)}, {example}",
            _ => string.IsNullOrWhiteSpace(question.Unit) ? $"A number, {example}" : $"A number in {question.Unit.Trim()}, {example}",
        };
    }
}
