using PmoBot.Reviews.History;

namespace PmoBot.Warnings.Rules;

/// <summary>
/// An earned-value index below its threshold in the latest submitted review (watch), or below the critical one.
/// The trend compares with the oldest figure of the three reviews before, where a drift shows best.
/// </summary>
public abstract class IndexBelowRule(string id, string title, string name, decimal threshold, decimal critical, Func<EarnedValue, decimal?> index) : IWarningRule
{
    /// <summary>How many reviews back the trend looks.</summary>
    public const int TrendReviews = 3;

    public string Id => id;

    public string Title => title;

    public abstract string Explanation { get; }

    public WarningSignal? Evaluate(WarningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Latest?.EarnedValue is not { } latest || index(latest) is not { } value || value >= threshold)
        {
            return null;
        }

        var severity = value < critical ? WarningSeverity.Critical : WarningSeverity.Watch;
        var limit = severity == WarningSeverity.Critical ? critical : threshold;
        return new WarningSignal(Id, severity, $"{name} {WarningText.IndexUnder(value, limit)} is below {WarningText.Index(limit)}", Trend(context, value));
    }

    private string Trend(WarningContext context, decimal value)
    {
        var earlier = context.Submitted
            .Select((review, ago) => (review, ago, figure: review.EarnedValue is { } ev ? index(ev) : null))
            .Skip(1)
            .Take(TrendReviews)
            .LastOrDefault(x => x.figure is not null);
        if (earlier.figure is not { } before)
        {
            return $"{name} {WarningText.Index(value)} in {context.Latest!.Period}; no earlier figure to compare with.";
        }

        var direction = value < before ? "falling" : value > before ? "rising" : "unchanged";
        return $"{name} {WarningText.Index(value)}, was {WarningText.Index(before)} {WarningText.When(earlier.review.Period, earlier.ago)} ({direction}).";
    }
}

public sealed class CpiLowRule(WarningsOptions options)
    : IndexBelowRule(RuleId, "Cost performance low", "CPI", options.CpiThreshold, options.CpiCritical, ev => ev.Cpi)
{
    public const string RuleId = "cpi-low";

    public override string Explanation =>
        $"The cost performance index (earned value / actual cost) is below {WarningText.Index(options.CpiThreshold)} (critical below {WarningText.Index(options.CpiCritical)}): each unit spent earns less than planned, so the budget will run out before the work is done.";
}

public sealed class SpiLowRule(WarningsOptions options)
    : IndexBelowRule(RuleId, "Schedule performance low", "SPI", options.SpiThreshold, options.SpiCritical, ev => ev.Spi)
{
    public const string RuleId = "spi-low";

    public override string Explanation =>
        $"The schedule performance index (earned value / planned value) is below {WarningText.Index(options.SpiThreshold)} (critical below {WarningText.Index(options.SpiCritical)}): less work is done than the baseline planned by now.";
}
