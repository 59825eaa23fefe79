namespace PmoBot.Warnings.Rules;

/// <summary><c>progress-stalled</c>: the same percent complete (below 100) in the last N submitted reviews.</summary>
public sealed class ProgressStalledRule(WarningsOptions options) : IWarningRule
{
    public const string RuleId = "progress-stalled";

    public string Id => RuleId;

    public string Title => "Progress stalled";

    public string Explanation =>
        $"Percent complete has not moved in the last {WarningText.Count(options.StalledReviews)} reviews: the work is blocked or the figure is not being updated. Info; watch at twice that.";

    public WarningSignal? Evaluate(WarningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var figures = context.Submitted.Select(r => r.EarnedValue?.PercentComplete ?? r.Answers.Number(Reviews.Templates.WellKnownQuestions.PercentComplete)).ToList();
        if (figures.Count == 0 || figures[0] is not { } now || now >= 100)
        {
            return null;
        }

        var streak = figures.TakeWhile(f => f == now).Count();
        if (streak < options.StalledReviews)
        {
            return null;
        }

        var since = context.Submitted[streak - 1].Period;
        var trend = streak < figures.Count && figures[streak] is { } before
            ? $"At {WarningText.Percent(now)} since {since}; {WarningText.Percent(before)} in {context.Submitted[streak].Period} before that."
            : $"At {WarningText.Percent(now)} in every review since {since}.";
        return new WarningSignal(
            RuleId,
            streak >= 2 * options.StalledReviews ? WarningSeverity.Watch : WarningSeverity.Info,
            $"Percent complete stuck at {WarningText.Percent(now)} for {WarningText.Count(streak)} reviews",
            trend);
    }
}
