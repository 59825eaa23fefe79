using System.Globalization;
using System.Text.RegularExpressions;
using PmoBot.Commands;

namespace PmoBot.Reviews.Templates;

public enum ComplianceKind
{
    Yes,
    No,
    NotApplicable,
}

/// <summary>
/// An answer to a compliance question: yes, n.a., or no with the reason and the date it will be fixed by. Stored in one
/// readable line that reads back as typed: <c>Yes</c>, <c>N/A</c>, <c>No: the workshop moved; fix by 2026-06-12</c>.
/// </summary>
public sealed partial record ComplianceAnswer(ComplianceKind Kind, string? Reason = null, DateOnly? FixBy = null)
{
    public const string YesText = "Yes";
    public const string NoText = "No";
    public const string NotApplicableText = "N/A";

    /// <summary>Reasons are a line, not an essay: the detail belongs with the fix.</summary>
    public const int MaxReasonLength = 500;

    private const string FixBySeparator = "; fix by ";

    public static readonly ComplianceAnswer Yes = new(ComplianceKind.Yes);
    public static readonly ComplianceAnswer NotApplicable = new(ComplianceKind.NotApplicable);

    public string Canonical => Kind switch
    {
        ComplianceKind.Yes => YesText,
        ComplianceKind.NotApplicable => NotApplicableText,
        _ => $"{NoText}: {Reason}{FixBySeparator}{ReviewAnswers.Canonical(FixBy!.Value)}",
    };

    /// <summary>How cards show it: <c>Yes</c>, <c>N/A</c>, <c>No: the workshop moved (fix by 12 Jun 2026)</c>.</summary>
    public string Display => Kind == ComplianceKind.No ? $"{NoText}: {Reason} (fix by {DateText.Display(FixBy!.Value)})" : Canonical;

    public static ComplianceAnswer? Decode(string? canonical)
    {
        var text = canonical?.Trim() ?? string.Empty;
        if (string.Equals(text, YesText, StringComparison.OrdinalIgnoreCase))
        {
            return Yes;
        }

        if (string.Equals(text, NotApplicableText, StringComparison.OrdinalIgnoreCase))
        {
            return NotApplicable;
        }

        var at = text.LastIndexOf(FixBySeparator, StringComparison.OrdinalIgnoreCase);
        return text.StartsWith(NoText + ": ", StringComparison.OrdinalIgnoreCase) && at > NoText.Length + 1
            && DateOnly.TryParseExact(text[(at + FixBySeparator.Length)..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var fixBy)
            ? new ComplianceAnswer(ComplianceKind.No, text[(NoText.Length + 2)..at], fixBy)
            : null;
    }

    /// <summary>
    /// Reads what a PM typed: yes (<c>y</c>, <c>done</c>, ✅), n/a (<c>na</c>, <c>not applicable</c>), or no with the reason
    /// and the fix-by date in one line (<c>no: the workshop moved; fix by 12 June</c>, <c>no - vendor late - by
    /// 2026-06-12</c>). A bare no is asked for the reason and the date, with the process document's link.
    /// </summary>
    public static AnswerParse Parse(Question question, string text, CultureInfo culture, DateOnly today)
    {
        var word = text.Trim().TrimEnd('.', '!').Replace("\uFE0F", string.Empty, StringComparison.Ordinal);
        if (YesWords().IsMatch(word))
        {
            return new AnswerParse.Ok(YesText);
        }

        if (NotApplicableWords().IsMatch(word))
        {
            return new AnswerParse.Ok(NotApplicableText);
        }

        var no = NoAnswer().Match(text.Trim());
        if (!no.Success)
        {
            return new AnswerParse.Invalid($"\"{AnswerParser.Quote(text)}\" is not yes, no or n/a. {QuestionHints.HintFor(question, culture, today)}.");
        }

        var rest = no.Groups["rest"].Value.Trim();
        if (rest.Length == 0)
        {
            return new AnswerParse.Invalid($"**Why not, and by when will it be fixed?** Answer in one line, e.g. **no: {Example(culture, today)}**.{LinkSentence(question)}");
        }

        var (reason, dateText) = SplitDate(rest);
        if (dateText is null)
        {
            return new AnswerParse.Invalid($"Please add the date it will be fixed by, e.g. **no: {Clip(reason)}; fix by {DateText.CultureExample(culture, today)}**.{LinkSentence(question)}");
        }

        if (DateText.TryRead(dateText, culture, today, out var fixBy) is { } problem)
        {
            return new AnswerParse.Invalid($"{problem} Type the fix-by date after the reason, e.g. **no: {Example(culture, today)}**.");
        }

        if (reason.Length == 0)
        {
            return new AnswerParse.Invalid($"Please say why not, before the date, e.g. **no: {Example(culture, today)}**.{LinkSentence(question)}");
        }

        if (reason.Length > MaxReasonLength)
        {
            return new AnswerParse.Invalid($"The reason is {reason.Length:N0} characters long; the most is {MaxReasonLength:N0}. Keep to the main point.");
        }

        return fixBy < today
            ? new AnswerParse.Invalid($"{DateText.Display(fixBy)} has passed: give the date it will be fixed by, today or later.")
            : new AnswerParse.Ok(new ComplianceAnswer(ComplianceKind.No, reason.ReplaceLineEndings(" "), fixBy).Canonical);
    }

    private static string Example(CultureInfo culture, DateOnly today) => $"the risk workshop moved to next week; fix by {DateText.CultureExample(culture, today)}";

    private static string LinkSentence(Question question) =>
        question.Link is { } link ? $" What the process asks for: [the process document]({link})." : string.Empty;

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>The reason and the date, split at the last "fix by", "by", "until" or "before"; else at the last ; or ,.</summary>
    private static (string Reason, string? Date) SplitDate(string rest)
    {
        var marker = DateMarker().Matches(rest).LastOrDefault();
        if (marker is not null)
        {
            return (Trim(rest[..marker.Index]), Trim(rest[(marker.Index + marker.Length)..]) is { Length: > 0 } date ? date : null);
        }

        var at = rest.LastIndexOfAny([';', ',']);
        return at > 0 ? (Trim(rest[..at]), Trim(rest[(at + 1)..])) : (Trim(rest), null);
    }

    private static string Trim(string text) => text.Trim().Trim(';', ',', ':', '-', '–', '—', '.').Trim();

    [GeneratedRegex(@"^(yes|y|yep|yeah|done|ok|true|✅|✔|☑)$", RegexOptions.IgnoreCase)]
    private static partial Regex YesWords();

    [GeneratedRegex(@"^(n/?a|n\.a|not applicable|does not apply|doesn't apply|doesn’t apply)$", RegexOptions.IgnoreCase)]
    private static partial Regex NotApplicableWords();

    [GeneratedRegex(@"^(no|n|nope|not yet|❌)(?=$|[\s:;,.\-–—])[\s:;,.\-–—]*(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex NoAnswer();

    [GeneratedRegex(@"(?<=^|[\s;,:\-–—])(fix(ed)?\s+by|by|until|before)(?=\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex DateMarker();
}
