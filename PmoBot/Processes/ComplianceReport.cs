using PmoBot.Reviews;
using PmoBot.Reviews.Templates;

namespace PmoBot.Processes;

/// <summary>
/// Answers counted: the rate is yes out of yes and no; n/a counts for neither (the question did not apply that week),
/// so a project answering only n/a has no rate rather than a perfect one.
/// </summary>
public sealed record ComplianceTally(int Yes, int No, int NotApplicable)
{
    public static readonly ComplianceTally None = new(0, 0, 0);

    public decimal? Rate => Yes + No == 0 ? null : (decimal)Yes / (Yes + No);

    public int Answers => Yes + No + NotApplicable;

    public static ComplianceTally Of(IEnumerable<ComplianceAnswer> answers)
    {
        var list = answers.ToList();
        return new(list.Count(a => a.Kind == ComplianceKind.Yes), list.Count(a => a.Kind == ComplianceKind.No), list.Count(a => a.Kind == ComplianceKind.NotApplicable));
    }
}

public sealed record ProcessCompliance(string Key, string Name, ComplianceTally Tally, IReadOnlyList<(ReviewPeriod Week, ComplianceTally Tally)> Trend);

public sealed record ProjectCompliance(string Code, string Name, string ManagerName, ComplianceTally Tally);

public sealed record ManagerCompliance(string Key, string Name, int Projects, ComplianceTally Tally);

/// <summary>A "no" still standing: the project's latest answer to the question, with the reason and the promised date.</summary>
public sealed record PromisedFix(string ProjectCode, string ProcessName, string Question, string Reason, DateOnly FixBy, ReviewPeriod Week);

/// <summary>A PM running a project under a process version they have not acknowledged (null state: not in that rollout).</summary>
public sealed record UnacknowledgedRun(string ManagerKey, string ManagerName, string ProjectCode, string ProcessName, int Version, AcknowledgementState? State);

/// <summary>Compliance over some weeks: per process with its trend, per project and per PM, worst first.</summary>
public sealed record ComplianceReport(
    IReadOnlyList<ReviewPeriod> Weeks,
    IReadOnlyList<ProcessCompliance> Processes,
    IReadOnlyList<ProjectCompliance> Projects,
    IReadOnlyList<ManagerCompliance> Managers,
    IReadOnlyList<PromisedFix> Fixes,
    IReadOnlyList<UnacknowledgedRun> Unacknowledged)
{
    /// <param name="weeks">The weeks looked at, oldest first.</param>
    /// <param name="processNames">Process names by key; a key not in the library any more shows as itself.</param>
    public static ComplianceReport Build(
        IReadOnlyList<ComplianceRecord> records,
        IReadOnlyList<ReviewPeriod> weeks,
        IReadOnlyDictionary<string, string> processNames,
        IReadOnlyList<UnacknowledgedRun> unacknowledged)
    {
        string NameOf(string key) => processNames.TryGetValue(key, out var name) ? name : key;
        var inWeeks = records.Where(r => weeks.Contains(r.Period)).ToList();

        var processes = inWeeks
            .GroupBy(r => r.ProcessKey, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ProcessCompliance(
                g.Key,
                NameOf(g.Key),
                ComplianceTally.Of(g.Select(r => r.Answer)),
                weeks.Select(w => (w, ComplianceTally.Of(g.Where(r => r.Period == w).Select(r => r.Answer)))).ToList()))
            .OrderBy(p => p.Tally, WorstFirst)
            .ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var projects = inWeeks
            .GroupBy(r => r.ProjectCode, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var latest = g.OrderByDescending(r => r.Period).First();
                return new ProjectCompliance(latest.ProjectCode, latest.ProjectName, latest.ManagerName, ComplianceTally.Of(g.Select(r => r.Answer)));
            })
            .OrderBy(p => p.Tally, WorstFirst)
            .ThenBy(p => p.Code, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var managers = inWeeks
            .GroupBy(r => r.ManagerKey, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ManagerCompliance(
                g.Key,
                g.OrderByDescending(r => r.Period).First().ManagerName,
                g.Select(r => r.ProjectCode).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
                ComplianceTally.Of(g.Select(r => r.Answer))))
            .OrderBy(m => m.Tally, WorstFirst)
            .ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var fixes = inWeeks
            .GroupBy(r => (Code: r.ProjectCode.ToUpperInvariant(), Question: r.QuestionId.ToLowerInvariant()))
            .Select(g => g.OrderByDescending(r => r.Period).First())
            .Where(r => r.Answer is { Kind: ComplianceKind.No, FixBy: not null, Reason: not null })
            .Select(r => new PromisedFix(r.ProjectCode, NameOf(r.ProcessKey), r.QuestionText, r.Answer.Reason!, r.Answer.FixBy!.Value, r.Period))
            .OrderBy(f => f.FixBy)
            .ThenBy(f => f.ProjectCode, StringComparer.OrdinalIgnoreCase)
            .ToList();

        return new ComplianceReport(weeks, processes, projects, managers, fixes, unacknowledged);
    }

    /// <summary>The lowest rate first; with the same rate, more noes first; no rate at all (only n/a) last.</summary>
    private static readonly Comparer<ComplianceTally> WorstFirst = Comparer<ComplianceTally>.Create((a, b) =>
    {
        if (a.Rate is null || b.Rate is null)
        {
            return (a.Rate is null).CompareTo(b.Rate is null);
        }

        var byRate = a.Rate.Value.CompareTo(b.Rate.Value);
        return byRate != 0 ? byRate : b.No.CompareTo(a.No);
    });
}
