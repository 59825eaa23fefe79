using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Warnings.Rules;

/// <summary><c>eac-overrun</c>: the PM's own estimate at completion over the budget by more than the threshold.</summary>
public sealed class EacOverrunRule(WarningsOptions options) : IWarningRule
{
    public const string RuleId = "eac-overrun";

    public string Id => RuleId;

    public string Title => "Forecast over budget";

    public string Explanation =>
        $"The PM's estimate at completion is more than {WarningText.Percent(options.EacOverrunPercent)} over the approved budget: the project expects to need more money than it has. Critical above {WarningText.Percent(2 * options.EacOverrunPercent)}.";

    public WarningSignal? Evaluate(WarningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bac = context.Project.BudgetAtCompletion;
        if (context.Latest is not { } latest || bac <= 0 || Eac(latest) is not { } eac)
        {
            return null;
        }

        var over = Overrun(eac, bac);
        if (over <= options.EacOverrunPercent)
        {
            return null;
        }

        var currency = context.Project.Currency;
        var earlier = context.Submitted.Select((review, ago) => (review, ago, eac: Eac(review))).Skip(1).Take(IndexBelowRule.TrendReviews).LastOrDefault(x => x.eac is not null);
        var trend = earlier.eac is { } before
            ? $"The PM's EAC was {WarningText.Money(before, currency)} ({Signed(Overrun(before, bac))}) {WarningText.When(earlier.review.Period, earlier.ago)}."
            : $"First estimate over budget, in {latest.Period}.";
        return new WarningSignal(
            RuleId,
            over > 2 * options.EacOverrunPercent ? WarningSeverity.Critical : WarningSeverity.Watch,
            $"PM's EAC {WarningText.Money(eac, currency)} is {WarningText.Percent(Math.Round(over, 1))} over the budget of {WarningText.Money(bac, currency)}",
            trend);
    }

    private static decimal? Eac(ReviewRecord review) => review.EarnedValue?.ManagerEac ?? review.Answers.Number(WellKnownQuestions.EstimateAtCompletion);

    private static decimal Overrun(decimal eac, decimal bac) => (eac - bac) / bac * 100m;

    private static string Signed(decimal percent) => (percent >= 0 ? "+" : "-") + WarningText.Percent(Math.Abs(Math.Round(percent, 1)));
}
