using PmoBot.Commands;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Warnings.Rules;

/// <summary>
/// <c>milestone-slip</c>: the next open milestone (earliest baseline date not done) is forecast more than the threshold
/// after its baseline (watch), or its baseline date has passed without completion (critical). The forecast is the PM's
/// latest review when it names that milestone, else the register's.
/// </summary>
public sealed class MilestoneSlipRule(WarningsOptions options) : IWarningRule
{
    public const string RuleId = "milestone-slip";

    public string Id => RuleId;

    public string Title => "Milestone slipping";

    public string Explanation =>
        $"The next milestone is forecast more than {options.MilestoneSlipDays} days after its baseline date, or that date has passed without it being done (critical): commitments to the business are at risk.";

    public WarningSignal? Evaluate(WarningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var next = context.Project.Milestones.Where(m => !m.Completed).OrderBy(m => m.BaselineDate).FirstOrDefault();
        if (next is null)
        {
            return null;
        }

        var forecast = Forecast(context.Latest, next) ?? next.ForecastDate;
        var slip = forecast.DayNumber - next.BaselineDate.DayNumber;
        var overdue = context.Today.DayNumber - next.BaselineDate.DayNumber;
        if (overdue > 0)
        {
            return new WarningSignal(
                RuleId,
                WarningSeverity.Critical,
                $"{next.Name} was due {DateText.Display(next.BaselineDate)} ({Days(overdue)} ago) and is not done",
                $"Forecast {DateText.Display(forecast)}{ForecastHistory(context, next)}.");
        }

        return slip > options.MilestoneSlipDays
            ? new WarningSignal(
                RuleId,
                WarningSeverity.Watch,
                $"{next.Name} forecast {DateText.Display(forecast)}, {Days(slip)} after its baseline {DateText.Display(next.BaselineDate)}",
                $"Slip allowed: {options.MilestoneSlipDays} days{ForecastHistory(context, next)}.")
            : null;
    }

    private static DateOnly? Forecast(ReviewRecord? review, Milestone milestone) =>
        review is not null && string.Equals(review.Answers.Text(WellKnownQuestions.NextMilestone)?.Trim(), milestone.Name, StringComparison.OrdinalIgnoreCase)
            ? review.Answers.Date(WellKnownQuestions.NextMilestoneDate)
            : null;

    /// <summary>How the PM's forecast for this milestone moved: the oldest one among the recent reviews.</summary>
    private static string ForecastHistory(WarningContext context, Milestone milestone)
    {
        var earlier = context.Submitted.Select((review, ago) => (review, ago, date: Forecast(review, milestone))).Skip(1).LastOrDefault(x => x.date is not null);
        return earlier.date is { } date ? $"; the PM forecast {DateText.Display(date)} {WarningText.When(earlier.review.Period, earlier.ago)}" : string.Empty;
    }

    private static string Days(int days) => days == 1 ? "1 day" : $"{days} days";
}
