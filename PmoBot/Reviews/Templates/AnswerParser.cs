using System.Globalization;
using System.Text.RegularExpressions;
using PmoBot.Commands;

namespace PmoBot.Reviews.Templates;

/// <summary>
/// Reads an answer typed in chat into the canonical form <see cref="ReviewAnswers"/> stores, or says what was wrong
/// and what to type instead. People type as they would to a colleague, so each type takes the usual spellings:
/// <list type="bullet">
/// <item>RAG: <c>r</c>, <c>a</c>, <c>g</c>, <c>red</c>, <c>amber</c> (or <c>yellow</c>), <c>green</c> and the coloured circles and squares.</item>
/// <item>Choice: the choice's text in any case, a prefix only one choice starts with, or its number from 1.</item>
/// <item>Number: the separators of the person's culture or of English (<see cref="NumberText"/>), the question's unit after it ignored.</item>
/// <item>Percent: <c>40%</c>, <c>40 %</c>, <c>40</c>, or a fraction <c>0.4</c>. The rule for fractions: a number written with a
/// decimal separator, without a % sign, greater than 0 and less than 1 is a fraction of the whole, so <c>0.4</c> is 40%
/// while <c>1</c> and <c>1.0</c> are 1%; half a percent is typed <c>0.5%</c>.</item>
/// <item>Money: a currency symbol ($ € £ ¥ ₹) or three-letter code before or after, separators as for numbers,
/// <c>k</c>, <c>m</c> (<c>mn</c>, <c>mio</c>) and <c>bn</c> (or the words thousand, million, billion); never negative.</item>
/// <item>Date: see <see cref="DateText"/>; between 2000 and 2100.</item>
/// <item>Text: trimmed, at most <see cref="MaxTextLength"/> characters.</item>
/// <item>Risks: <c>none</c> for no risks, otherwise see <see cref="RiskText"/>.</item>
/// <item>Compliance: yes, n/a, or no with the reason and the fix-by date; see <see cref="ComplianceAnswer.Parse"/>.</item>
/// </list>
/// Empty input is never an answer: skipping an optional question is the conversation's job (<c>skip</c>).
/// </summary>
public static partial class AnswerParser
{
    public const int MaxTextLength = 2_000;

    /// <summary>No project reports a trillion and more; a figure this size is a typing slip.</summary>
    public const decimal MaxAmount = 1_000_000_000_000_000m;

    private static readonly Dictionary<string, Rag> RagWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["r"] = Rag.Red,
        ["red"] = Rag.Red,
        ["🔴"] = Rag.Red,
        ["🟥"] = Rag.Red,
        ["a"] = Rag.Amber,
        ["amber"] = Rag.Amber,
        ["yellow"] = Rag.Amber,
        ["🟠"] = Rag.Amber,
        ["🟧"] = Rag.Amber,
        ["🟡"] = Rag.Amber,
        ["🟨"] = Rag.Amber,
        ["g"] = Rag.Green,
        ["green"] = Rag.Green,
        ["🟢"] = Rag.Green,
        ["🟩"] = Rag.Green,
    };

    private static readonly Dictionary<string, decimal> Multipliers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["k"] = 1_000m,
        ["thousand"] = 1_000m,
        ["m"] = 1_000_000m,
        ["mn"] = 1_000_000m,
        ["mio"] = 1_000_000m,
        ["million"] = 1_000_000m,
        ["bn"] = 1_000_000_000m,
        ["billion"] = 1_000_000_000m,
    };

    /// <param name="today">The person's today: it places a date typed without a year (see <see cref="DateText"/>).</param>
    public static AnswerParse Parse(Question question, string input, CultureInfo culture, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(culture);
        var text = (input ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            return new AnswerParse.Invalid(question.Required
                ? $"This question needs an answer. {QuestionHints.HintFor(question, culture, today)}."
                : $"Type **skip** to leave this question out, or answer it. {QuestionHints.HintFor(question, culture, today)}.");
        }

        return question.Type switch
        {
            QuestionType.Rag => ParseRag(text),
            QuestionType.Choice => ParseChoice(question, text, culture, today),
            QuestionType.Number => ParseNumber(question, text, culture, today),
            QuestionType.Percent => ParsePercent(text, culture),
            QuestionType.Money => ParseMoney(text, culture),
            QuestionType.Date => ParseDate(text, culture, today),
            QuestionType.Text => ParseText(text),
            QuestionType.Risks => ParseRisks(text),
            QuestionType.Compliance => ComplianceAnswer.Parse(question, text, culture, today),
            _ => throw new ArgumentOutOfRangeException(nameof(question), question.Type, "Unknown question type."),
        };
    }

    /// <summary>What someone typed, shortened for quoting back to them.</summary>
    internal static string Quote(string text) => CommandText.Quoted(text);

    private static AnswerParse ParseRag(string text)
    {
        var word = text.Replace("\uFE0F", string.Empty, StringComparison.Ordinal).TrimEnd('.', '!');
        return RagWords.TryGetValue(word, out var rag)
            ? new AnswerParse.Ok(ReviewAnswers.Canonical(rag))
            : new AnswerParse.Invalid($"\"{Quote(text)}\" is not a RAG status. Answer R, A or G (red, amber or green), e.g. A.");
    }

    private static AnswerParse ParseChoice(Question question, string text, CultureInfo culture, DateOnly today)
    {
        var choices = question.ChoiceList;
        var hint = QuestionHints.HintFor(question, culture, today);
        var exact = choices.FirstOrDefault(c => string.Equals(c.Trim(), text, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return new AnswerParse.Ok(exact);
        }

        if (int.TryParse(text.TrimEnd('.', ')'), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= 1 && number <= choices.Count
                ? new AnswerParse.Ok(choices[number - 1])
                : new AnswerParse.Invalid($"There are {choices.Count} choices, so {number} is not one of them. {hint}.");
        }

        var starting = choices.Where(c => c.StartsWith(text, StringComparison.OrdinalIgnoreCase)).ToList();
        return starting.Count switch
        {
            1 => new AnswerParse.Ok(starting[0]),
            0 => new AnswerParse.Invalid($"\"{Quote(text)}\" is not one of the choices. {hint}."),
            _ => new AnswerParse.Invalid($"\"{Quote(text)}\" could be {QuestionHints.OrList(starting)}: type more of it, or its number. {hint}."),
        };
    }

    private static AnswerParse ParseNumber(Question question, string text, CultureInfo culture, DateOnly today)
    {
        var hint = QuestionHints.HintFor(question, culture, today);
        if (!NumberText.TryRead(WithoutUnit(text, question.Unit), culture, out var number))
        {
            return new AnswerParse.Invalid($"\"{Quote(text)}\" is not a number. {hint}.");
        }

        var value = NumberText.Normalize(number.Value);
        if ((question.Min is { } min && value < min) || (question.Max is { } max && value > max))
        {
            return new AnswerParse.Invalid($"{QuestionHints.WithUnit(NumberText.Format(value, culture), question.Unit)} is out of range. {hint}.");
        }

        // A weighted question is a scorecard dimension: its levels are whole (1 poor, 3 acceptable, 5 strong), and a
        // 3.5 would be scored as one level while read as another.
        if (question.Weight is > 0 && value != decimal.Truncate(value))
        {
            var range = question.Min is { } low && question.Max is { } high ? $" from {NumberText.Format(low, culture)} to {NumberText.Format(high, culture)}" : string.Empty;
            return new AnswerParse.Invalid($"{NumberText.Format(value, culture)} is not a whole number: score it with a whole number{range}.");
        }

        return new AnswerParse.Ok(ReviewAnswers.Canonical(value));
    }

    private static AnswerParse ParsePercent(string text, CultureInfo culture)
    {
        var body = text;
        var hasPercentSign = false;
        foreach (var sign in new[] { "%", "percent", "per cent" })
        {
            if (body.EndsWith(sign, StringComparison.OrdinalIgnoreCase))
            {
                body = body[..^sign.Length];
                hasPercentSign = true;
                break;
            }
        }

        if (!NumberText.TryRead(body, culture, out var number))
        {
            return new AnswerParse.Invalid($"\"{Quote(text)}\" is not a percentage. Type a number from 0 to 100, e.g. 40%.");
        }

        var value = number.Value;
        if (!hasPercentSign && number.HasDecimalSeparator && value > 0 && value < 1)
        {
            value *= 100;
        }

        value = NumberText.Normalize(value);
        return value is < 0 or > 100
            ? new AnswerParse.Invalid($"{NumberText.Format(value, culture)}% is not a percentage from 0 to 100. Type how much is done, e.g. 40%.")
            : new AnswerParse.Ok(ReviewAnswers.Canonical(value));
    }

    /// <summary>Why typed text is not an amount, or <see cref="AmountProblem.None"/> when it is.</summary>
    public enum AmountProblem
    {
        None,
        Negative,
        NotAnAmount,
        TwoCurrencies,
        TooLarge,
    }

    /// <summary>
    /// An amount as people type it: "850,000", "1.2m", "250k", "€1.2m" or "1,250,000 EUR" (a currency named is not
    /// checked here); never negative, at most <see cref="MaxAmount"/>.
    /// </summary>
    public static AmountProblem TryReadAmount(string text, CultureInfo culture, out decimal amount) =>
        TryReadAmount(text, culture, out amount, out _);

    /// <summary>As <see cref="TryReadAmount(string, CultureInfo, out decimal)"/>, with the currency symbol or code typed with it (null when none).</summary>
    public static AmountProblem TryReadAmount(string text, CultureInfo culture, out decimal amount, out string? currency)
    {
        amount = 0;
        currency = null;
        text = text.Trim();
        if (text.Contains('-', StringComparison.Ordinal) || text.Contains('−', StringComparison.Ordinal) || (text.StartsWith('(') && text.EndsWith(')')))
        {
            return AmountProblem.Negative;
        }

        var match = Amount().Match(text);
        if (!match.Success || !NumberText.TryRead(match.Groups["num"].Value, culture, out var number))
        {
            return AmountProblem.NotAnAmount;
        }

        if (match.Groups["pre"].Success && match.Groups["post"].Success)
        {
            return AmountProblem.TwoCurrencies;
        }

        currency = match.Groups["pre"].Success ? match.Groups["pre"].Value : match.Groups["post"].Success ? match.Groups["post"].Value : null;
        var multiplier = match.Groups["mult"].Success ? Multipliers[match.Groups["mult"].Value] : 1m;
        amount = number.Value <= MaxAmount / multiplier ? NumberText.Normalize(number.Value * multiplier) : decimal.MaxValue;
        return amount > MaxAmount ? AmountProblem.TooLarge : AmountProblem.None;
    }

    /// <summary>"e.g. 250,000, 1.2m or 1,250,000 EUR" in the reader's separators.</summary>
    public static string AmountExample(CultureInfo culture) =>
        $"e.g. {NumberText.Format(250_000m, culture)}, {NumberText.Format(1.2m, culture)}m or {NumberText.Format(1_250_000m, culture)} EUR";

    private static AnswerParse ParseMoney(string text, CultureInfo culture)
    {
        var example = AmountExample(culture);
        return TryReadAmount(text, culture, out var value) switch
        {
            AmountProblem.Negative => new AnswerParse.Invalid($"An amount can't be negative. Type what was spent or what you forecast, {example}."),
            AmountProblem.NotAnAmount => new AnswerParse.Invalid($"\"{Quote(text)}\" is not an amount. Type the amount in the project's currency, {example}."),
            AmountProblem.TwoCurrencies => new AnswerParse.Invalid($"\"{Quote(text)}\" names a currency twice. Type the amount with one currency or none, {example}."),
            AmountProblem.TooLarge => new AnswerParse.Invalid($"\"{Quote(text)}\" is more than I take ({NumberText.Format(MaxAmount, culture)}): check the amount, {example}."),
            _ => new AnswerParse.Ok(ReviewAnswers.Canonical(value)),
        };
    }

    private static AnswerParse ParseDate(string text, CultureInfo culture, DateOnly today) =>
        DateText.TryRead(text, culture, today, out var date) is { } problem
            ? new AnswerParse.Invalid(problem)
            : new AnswerParse.Ok(ReviewAnswers.Canonical(date));

    private static AnswerParse ParseText(string text)
    {
        var normalized = text.ReplaceLineEndings("\n");
        return normalized.Length > MaxTextLength
            ? new AnswerParse.Invalid($"That answer is {normalized.Length:N0} characters long; the most is {MaxTextLength:N0}. Keep to the main points, e.g. what changed, why, and what happens next.")
            : new AnswerParse.Ok(normalized);
    }

    private static AnswerParse ParseRisks(string text)
    {
        if (RiskText.MeansNone(text))
        {
            return new AnswerParse.Ok(ReviewAnswers.Canonical([]));
        }

        if (RiskText.TryRead(text, out var risks) is { } problem)
        {
            return new AnswerParse.Invalid(problem);
        }

        return risks.Count == 0
            ? new AnswerParse.Invalid(RiskText.Guidance)
            : new AnswerParse.Ok(ReviewAnswers.Canonical(risks));
    }

    /// <summary>"12 days" as "12" for a question in days; singular and plural alike.</summary>
    private static string WithoutUnit(string text, string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return text;
        }

        var trimmedUnit = unit.Trim();
        var spellings = new[] { trimmedUnit, trimmedUnit + "s", trimmedUnit.TrimEnd('s', 'S') }.Where(s => s.Length > 0).OrderByDescending(s => s.Length);
        foreach (var spelling in spellings)
        {
            if (text.EndsWith(spelling, StringComparison.OrdinalIgnoreCase))
            {
                return text[..^spelling.Length].Trim();
            }
        }

        return text;
    }

    [GeneratedRegex(@"^(?<pre>[$€£¥₹]|[A-Za-z]{3})?\s*(?<num>[0-9.,'’\u00A0\u202F ]*[0-9][0-9.,'’\u00A0\u202F ]*)\s*(?:(?<mult>thousand|million|billion|mio|mn|bn|k|m)\.?)?\s*(?<post>[$€£¥₹]|[A-Za-z]{3})?$", RegexOptions.IgnoreCase)]
    private static partial Regex Amount();
}
