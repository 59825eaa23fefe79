namespace PmoBot.Reviews.History;

/// <summary>
/// The earned-value figures of one review, as computed when it was submitted. A figure that cannot be computed (an
/// answer is missing, the project has no baseline, a division by zero) is null, which cards show as "not enough
/// data". Amounts are in <see cref="Currency"/>, rounded to cents; indices are rounded to four decimals.
/// <see cref="EarnedValueCalculator"/> holds the formulas.
/// </summary>
/// <param name="AsOf">The review date the planned value was read at.</param>
/// <param name="Currency">The project's currency code.</param>
/// <param name="Bac">Budget at completion: the project's approved budget.</param>
/// <param name="PercentComplete">The PM's percent complete, 0 to 100.</param>
/// <param name="Ev">Earned value: percent complete / 100 × BAC.</param>
/// <param name="Pv">Planned value at <see cref="AsOf"/>, read from the baseline curve.</param>
/// <param name="Ac">Actual cost to date, as the PM reported it.</param>
/// <param name="Spi">Schedule performance index: EV / PV (below 1 is behind schedule).</param>
/// <param name="Cpi">Cost performance index: EV / AC (below 1 is over budget for the work done).</param>
/// <param name="Eac">Estimate at completion if cost performance continues: BAC / CPI.</param>
/// <param name="ManagerEac">The PM's own estimate at completion.</param>
/// <param name="Vac">Variance at completion: BAC − EAC (negative is a forecast overrun).</param>
public sealed record EarnedValue(
    DateOnly AsOf,
    string Currency,
    decimal Bac,
    decimal? PercentComplete,
    decimal? Ev,
    decimal? Pv,
    decimal? Ac,
    decimal? Spi,
    decimal? Cpi,
    decimal? Eac,
    decimal? ManagerEac,
    decimal? Vac);
