using PmoBot.Reviews.Templates;

namespace PmoBot.Warnings.Rules;

/// <summary>
/// <c>risk-high</c>: the latest review lists a risk with high probability and high impact. The episode is raised when
/// the first such risk appears and stays open while one is listed; the trend says which are new since the review before.
/// </summary>
public sealed class HighRiskRule : IWarningRule
{
    public const string RuleId = "risk-high";

    public string Id => RuleId;

    public string Title => "High risk";

    public string Explanation =>
        "A risk with high probability and high impact is listed in the review: it is likely and would hurt, so it needs an owner and a response now. Critical with two or more.";

    public WarningSignal? Evaluate(WarningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Latest is not { } latest)
        {
            return null;
        }

        var high = HighRisks(latest.Answers);
        if (high.Count == 0)
        {
            return null;
        }

        var previous = context.Submitted.Count > 1 ? HighRisks(context.Submitted[1].Answers).Select(Key).ToHashSet() : [];
        var fresh = high.Where(r => !previous.Contains(Key(r))).ToList();
        var trend = fresh.Count == high.Count
            ? $"New in {latest.Period}."
            : fresh.Count == 0
                ? $"Listed as high/high in {context.Submitted[1].Period} too."
                : $"New in {latest.Period}: {string.Join("; ", fresh.Select(r => r.Description))}.";
        return new WarningSignal(
            RuleId,
            high.Count > 1 ? WarningSeverity.Critical : WarningSeverity.Watch,
            $"High probability, high impact: {string.Join("; ", high.Select(r => r.Description))}",
            trend);
    }

    private static List<RiskEntry> HighRisks(ReviewAnswers answers) =>
        answers.Risks(WellKnownQuestions.TopRisks).Where(r => r.Probability == RiskLevel.High && r.Impact == RiskLevel.High).ToList();

    private static string Key(RiskEntry risk) => string.Join(' ', risk.Description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
