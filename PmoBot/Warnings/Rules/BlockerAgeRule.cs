using System.Globalization;
using PmoBot.Blockers;
using PmoBot.Commands;

namespace PmoBot.Warnings.Rules;

/// <summary>
/// <c>blocker-age</c>: an issue or decision needed from the reviews has been open longer than the threshold, or a
/// decision needed is past its date. Critical once one has been open twice the threshold or is escalated.
/// </summary>
public sealed class BlockerAgeRule(WarningsOptions options) : IWarningRule
{
    public const string RuleId = "blocker-age";

    public string Id => RuleId;

    public string Title => "Blockers not resolved";

    public string Explanation =>
        $"An issue or decision needed has been open more than {options.BlockerOpenDays} days, or a decision needed is past its date: something is stuck. Critical at twice that age or once escalated.";

    public WarningSignal? Evaluate(WarningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var old = context.Blockers.Where(b => b.IsOpen && Age(b, context.Today) > options.BlockerOpenDays).ToList();
        var late = context.Blockers.Where(b => b.IsOpen && b.Kind == BlockerKind.Decision && b.IsPastDue(context.Today) && !old.Contains(b)).ToList();
        if (old.Count == 0 && late.Count == 0)
        {
            return null;
        }

        var parts = new List<string>();
        if (old.Count > 0)
        {
            var oldest = old.MaxBy(b => Age(b, context.Today))!;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{WarningText.Count(old.Count)} open more than {options.BlockerOpenDays} days (oldest {Age(oldest, context.Today)} days: {MessageText.Shorten(oldest.Text, 80)})"));
        }

        if (late.Count > 0)
        {
            parts.Add($"{WarningText.Count(late.Count)} decision{(late.Count == 1 ? string.Empty : "s")} needed past {(late.Count == 1 ? "its" : "their")} date");
        }

        var critical = context.Blockers.Any(b => b.IsOpen && (b.State == BlockerState.Escalated || Age(b, context.Today) > 2 * options.BlockerOpenDays));
        var owners = string.Join(", ", old.Concat(late).Select(b => b.OwnerName).Distinct(StringComparer.Ordinal));
        return new WarningSignal(
            RuleId,
            critical ? WarningSeverity.Critical : WarningSeverity.Watch,
            char.ToUpperInvariant(parts[0][0]) + string.Join("; ", parts)[1..],
            $"Owned by {owners}. Type **blockers {context.Project.Code}** for the list.");
    }

    /// <summary>Whole days from the day it was raised to today (UTC dates, as the rules' today is).</summary>
    private static int Age(Blocker blocker, DateOnly today) => today.DayNumber - DateOnly.FromDateTime(blocker.RaisedAt.UtcDateTime).DayNumber;
}
