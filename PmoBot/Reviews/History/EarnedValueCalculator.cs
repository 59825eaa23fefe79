using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.History;

/// <summary>Earned-value management over one review's answers and the project's baseline.</summary>
public static class EarnedValueCalculator
{
    private const int MoneyDecimals = 2;
    private const int IndexDecimals = 4;

    /// <summary>
    /// Computes the figures of <see cref="EarnedValue"/>; each is null when its inputs are missing or a divisor is zero:
    /// <list type="bullet">
    /// <item>BAC = <see cref="Project.BudgetAtCompletion"/>.</item>
    /// <item>EV = percent complete (answer <see cref="WellKnownQuestions.PercentComplete"/>, 0 to 100) / 100 × BAC.</item>
    /// <item>PV = <see cref="PlannedValue"/> at <paramref name="asOf"/>.</item>
    /// <item>AC = answer <see cref="WellKnownQuestions.ActualCost"/>.</item>
    /// <item>SPI = EV / PV; CPI = EV / AC.</item>
    /// <item>EAC = BAC / CPI, computed as BAC × AC / EV so the index is not rounded first.</item>
    /// <item>The PM's EAC = answer <see cref="WellKnownQuestions.EstimateAtCompletion"/>.</item>
    /// <item>VAC = BAC − EAC (the computed EAC).</item>
    /// </list>
    /// Answers outside their range (a percent outside 0 to 100, a negative amount) count as missing. Figures are computed
    /// from unrounded intermediates and rounded at the end: amounts to cents, indices to four decimals.
    /// </summary>
    public static EarnedValue Compute(Project project, ReviewAnswers answers, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(answers);
        var bac = project.BudgetAtCompletion;
        var percent = answers.Number(WellKnownQuestions.PercentComplete) is { } p and >= 0 and <= 100 ? p : (decimal?)null;
        var ac = NonNegative(answers.Number(WellKnownQuestions.ActualCost));
        var managerEac = NonNegative(answers.Number(WellKnownQuestions.EstimateAtCompletion));
        // No budget yet (a project made from a won deal): no earned value, so no index reads as zero.
        var ev = bac > 0 ? percent / 100m * bac : null;
        var pv = PlannedValue(project, asOf);
        // EAC = BAC / CPI needs a CPI that is neither missing (AC = 0) nor zero (EV = 0).
        var eac = ev is > 0 && ac is > 0 ? bac * ac / ev : null;
        return new EarnedValue(
            asOf,
            project.Currency,
            bac,
            percent,
            Money(ev),
            Money(pv),
            Money(ac),
            Index(Divide(ev, pv)),
            Index(Divide(ev, ac)),
            Money(eac),
            Money(managerEac),
            Money(bac - eac));
    }

    /// <summary>
    /// The planned value at <paramref name="asOf"/> from the cumulative baseline: 0 at <see cref="Project.Start"/>
    /// (and before), linear by day between the start and the first point and between consecutive points, and the last
    /// point's value after it. Null when the project has no baseline. Unrounded.
    /// </summary>
    public static decimal? PlannedValue(Project project, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project.Baseline.Count == 0)
        {
            return null;
        }

        var curve = project.Baseline.OrderBy(p => p.Date).ToList();
        if (curve[0].Date > project.Start)
        {
            curve.Insert(0, new BaselinePoint(project.Start, 0m));
        }

        if (asOf < curve[0].Date)
        {
            // Before the project starts nothing is planned yet (a first point dated before the start changes nothing).
            return 0m;
        }

        for (var i = 1; i < curve.Count; i++)
        {
            var (from, to) = (curve[i - 1], curve[i]);
            if (asOf < to.Date)
            {
                var elapsed = asOf.DayNumber - from.Date.DayNumber;
                var span = to.Date.DayNumber - from.Date.DayNumber;
                return from.CumulativePlannedValue + ((to.CumulativePlannedValue - from.CumulativePlannedValue) * elapsed / span);
            }
        }

        return curve[^1].CumulativePlannedValue;
    }

    private static decimal? NonNegative(decimal? amount) => amount is >= 0 ? amount : null;

    private static decimal? Divide(decimal? numerator, decimal? denominator) =>
        numerator is { } n && denominator is { } d && d != 0 ? n / d : null;

    private static decimal? Money(decimal? amount) => amount is { } a ? Math.Round(a, MoneyDecimals, MidpointRounding.AwayFromZero) : null;

    private static decimal? Index(decimal? index) => index is { } i ? Math.Round(i, IndexDecimals, MidpointRounding.AwayFromZero) : null;
}
