using System.Globalization;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Warnings.Rules;

/// <summary>
/// <c>process-compliance</c>: a process's compliance questions in the weekly review (ids <c>{process key}--...</c>) were
/// answered yes less than <see cref="WarningsOptions.ComplianceThreshold"/> of the time (yes out of yes and no) in N
/// submitted reviews in a row. A review where the process was not asked, or only n/a, ends the streak.
/// </summary>
public sealed class ProcessComplianceRule(WarningsOptions options) : IWarningRule
{
    public const string RuleId = "process-compliance";

    private const string ProcessSeparator = "--";

    public string Id => RuleId;

    public string Title => "Process compliance low";

    public string Explanation =>
        $"A process's questions in the weekly review were answered yes less than {Percent(options.ComplianceThreshold)} of the time in {WarningText.Count(options.ComplianceStreakReviews)} reviews in a row: the process is not being followed. Critical at twice that.";

    public WarningSignal? Evaluate(WarningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Latest is not { } latest)
        {
            return null;
        }

        var firing = new List<(string Process, int Streak, IReadOnlyList<(Reviews.ReviewPeriod Period, decimal Rate)> Rates)>();
        foreach (var process in ProcessesIn(latest.Answers).Order(StringComparer.Ordinal))
        {
            var rates = new List<(Reviews.ReviewPeriod, decimal)>();
            foreach (var review in context.Submitted)
            {
                if (RateOf(review, process) is not { } rate || rate >= options.ComplianceThreshold)
                {
                    break;
                }

                rates.Add((review.Period, rate));
            }

            if (rates.Count >= options.ComplianceStreakReviews)
            {
                firing.Add((process, rates.Count, rates));
            }
        }

        if (firing.Count == 0)
        {
            return null;
        }

        var longest = firing.Max(f => f.Streak);
        var headline = $"Process compliance below {Percent(options.ComplianceThreshold)} for {WarningText.Count(longest)} reviews in a row: "
            + string.Join(", ", firing.Select(f => $"{Name(f.Process)} {Percent(f.Rates[0].Rate)}"));
        var trend = string.Join(" ", firing.Select(f => $"{Name(f.Process)}: {string.Join(", ", f.Rates.Select(r => $"{Percent(r.Rate)} in {r.Period}"))}."));
        return new WarningSignal(RuleId, longest >= 2 * options.ComplianceStreakReviews ? WarningSeverity.Critical : WarningSeverity.Watch, headline, trend);
    }

    /// <summary>The processes a review answered questions of: the part of each compliance answer's id before the two dashes.</summary>
    private static IEnumerable<string> ProcessesIn(ReviewAnswers answers) =>
        answers.All.Keys
            .Where(id => id.IndexOf(ProcessSeparator, StringComparison.Ordinal) > 0 && answers.Compliance(id) is not null)
            .Select(id => id[..id.IndexOf(ProcessSeparator, StringComparison.Ordinal)].ToLowerInvariant())
            .Distinct(StringComparer.Ordinal);

    /// <summary>Yes out of yes and no for the process in one review; null when it was not asked or only n/a.</summary>
    private static decimal? RateOf(ReviewRecord review, string process)
    {
        var answers = review.Answers.All.Keys
            .Where(id => id.StartsWith(process + ProcessSeparator, StringComparison.OrdinalIgnoreCase))
            .Select(id => review.Answers.Compliance(id))
            .OfType<ComplianceAnswer>()
            .Where(a => a.Kind != ComplianceKind.NotApplicable)
            .ToList();
        return answers.Count == 0 ? null : (decimal)answers.Count(a => a.Kind == ComplianceKind.Yes) / answers.Count;
    }

    /// <summary><c>risk-management</c> as <c>Risk management</c>: the key is all the rule has of the process's name.</summary>
    private static string Name(string key) => char.ToUpperInvariant(key[0]) + key[1..].Replace('-', ' ');

    private static string Percent(decimal rate) => Math.Round(100m * rate, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%";
}
