using PmoBot.Blockers;
using PmoBot.Projects;
using PmoBot.Reviews.History;

namespace PmoBot.Warnings;

/// <summary>How urgently the PMO should look: the card's colour and the order of the <c>warnings</c> list.</summary>
public enum WarningSeverity
{
    Info,
    Watch,
    Critical,
}

/// <summary>
/// A rule firing for a project: what it saw now (<paramref name="Headline"/>, with the numbers) and how it got there
/// (<paramref name="Trend"/>, e.g. "was 0.97 in 2026-W45, 3 reviews ago").
/// </summary>
public sealed record WarningSignal(string RuleId, WarningSeverity Severity, string Headline, string Trend);

/// <summary>
/// What the rules look at: the project, its recent reviews newest first (submitted, missed, on leave), today's date,
/// and the project's open issues and decisions needed (empty where the register is not read).
/// </summary>
public sealed record WarningContext(Project Project, IReadOnlyList<ReviewRecord> NewestFirst, DateOnly Today, IReadOnlyList<Blocker>? OpenBlockers = null)
{
    public IReadOnlyList<Blocker> Blockers => OpenBlockers ?? [];

    /// <summary>The submitted reviews, newest first: the rules about answers skip missed weeks.</summary>
    public IReadOnlyList<ReviewRecord> Submitted { get; } = NewestFirst.Where(r => r.IsSubmitted).ToList();

    public ReviewRecord? Latest => Submitted.Count > 0 ? Submitted[0] : null;
}

/// <summary>One early-warning rule: pure, so it can be tested with hand-made histories.</summary>
public interface IWarningRule
{
    /// <summary>A stable id (<c>cpi-low</c>): the episode's key, the lessons' category and the README's name for it.</summary>
    string Id { get; }

    /// <summary>A short title for cards (<c>Cost performance low</c>).</summary>
    string Title { get; }

    /// <summary>One line saying what the rule watches and why it matters, with its threshold.</summary>
    string Explanation { get; }

    /// <returns>The signal when the rule fires for the project now, otherwise null.</returns>
    WarningSignal? Evaluate(WarningContext context);
}
