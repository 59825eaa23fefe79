using Microsoft.Extensions.Options;
using PmoBot.Warnings.Rules;

namespace PmoBot.Warnings;

/// <summary>Every early-warning rule with the configured thresholds, evaluated together for one project.</summary>
public sealed class WarningRules
{
    public WarningRules(IOptions<WarningsOptions> options)
        : this(options.Value)
    {
    }

    public WarningRules(WarningsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        All =
        [
            new CpiLowRule(options),
            new SpiLowRule(options),
            new DimensionRedRule(),
            new AmberStreakRule(options),
            new RagWorseningRule(),
            new EacOverrunRule(options),
            new MilestoneSlipRule(options),
            new MissedReviewsRule(options),
            new HighRiskRule(),
            new ProgressStalledRule(options),
            new ProcessComplianceRule(options),
            new BlockerAgeRule(options),
        ];
    }

    public WarningsOptions Options { get; }

    public IReadOnlyList<IWarningRule> All { get; }

    public IWarningRule? Find(string ruleId) => All.FirstOrDefault(r => string.Equals(r.Id, ruleId, StringComparison.OrdinalIgnoreCase));

    public string TitleOf(string ruleId) => Find(ruleId)?.Title ?? ruleId;

    public string ExplanationOf(string ruleId) => Find(ruleId)?.Explanation ?? string.Empty;

    /// <summary>The signals firing for the project now, most severe first.</summary>
    public IReadOnlyList<WarningSignal> Evaluate(WarningContext context) =>
        All.Select(rule => rule.Evaluate(context)).OfType<WarningSignal>().OrderByDescending(s => s.Severity).ToList();
}
