using System.Globalization;
using PmoBot.Commands;

namespace PmoBot.Reviews.Templates;

/// <summary>
/// Shows a canonical answer to people: <c>Amber</c>, <c>40%</c>, <c>1,250,000 EUR</c>, <c>30 Sep 2026</c>, risks as
/// <c>Vendor late (high probability, medium impact)</c>. Numbers use the reader's separators (a German reader sees
/// <c>1.250.000 EUR</c>); month names are English like the rest of PmoBot's text.
/// </summary>
public static class AnswerFormatter
{
    /// <summary>Joins several risks on one line.</summary>
    public const string RiskSeparator = "; ";

    /// <param name="currency">The project's currency code, shown after amounts; null shows the amount alone.</param>
    public static string Display(Question question, string canonical, CultureInfo culture, string? currency)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(canonical);
        ArgumentNullException.ThrowIfNull(culture);
        return question.Type switch
        {
            QuestionType.Rag => Enum.TryParse<Rag>(canonical, ignoreCase: true, out var rag) ? rag.ToString() : canonical,
            QuestionType.Number => Number(canonical, culture) is { } number ? QuestionHints.WithUnit(number, question.Unit) : canonical,
            QuestionType.Percent => Number(canonical, culture) is { } percent ? percent + "%" : canonical,
            QuestionType.Money => decimal.TryParse(canonical, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? Cards.MoneyText.Format(amount, currency, culture) : canonical,
            QuestionType.Date => DateOnly.TryParseExact(canonical, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? DateText.Display(date) : canonical,
            QuestionType.Risks => Risks(canonical),
            QuestionType.Compliance => ComplianceAnswer.Decode(canonical)?.Display ?? canonical,
            _ => canonical,
        };
    }

    /// <summary>A canonical number with the reader's separators and every decimal kept (<c>518,182</c>), or null when it is not one.</summary>
    internal static string? Number(string canonical, CultureInfo culture) =>
        decimal.TryParse(canonical, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? NumberText.Format(value, culture) : null;

    private static string Risks(string canonical)
    {
        var risks = ReviewAnswers.DecodeRisks(canonical);
        return risks.Count == 0
            ? "None"
            : string.Join(RiskSeparator, risks.Select(r => $"{r.Description} ({RiskText.Describe(r)})"));
    }
}
