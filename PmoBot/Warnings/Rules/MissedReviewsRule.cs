namespace PmoBot.Warnings.Rules;

/// <summary><c>missed-reviews</c>: the newest reviews were missed, N in a row (a late submission ends the streak).</summary>
public sealed class MissedReviewsRule(WarningsOptions options) : IWarningRule
{
    public const string RuleId = "missed-reviews";

    public string Id => RuleId;

    public string Title => "Reviews missed";

    public string Explanation =>
        $"{Capitalised(WarningText.Count(options.MissedReviewsInARow))} reviews in a row were missed: nobody can see how the project is doing. Critical from one more.";

    public WarningSignal? Evaluate(WarningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var missed = context.NewestFirst.TakeWhile(r => !r.IsSubmitted).Where(r => r.IsMissed).ToList();
        if (missed.Count < options.MissedReviewsInARow)
        {
            return null;
        }

        var periods = string.Join(", ", missed.Select(r => r.Period).Reverse());
        var trend = context.Latest is { } last ? $"Last review submitted in {last.Period}." : "No review has been submitted yet.";
        return new WarningSignal(
            RuleId,
            missed.Count > options.MissedReviewsInARow ? WarningSeverity.Critical : WarningSeverity.Watch,
            $"{Capitalised(WarningText.Count(missed.Count))} reviews missed in a row ({periods})",
            trend);
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
