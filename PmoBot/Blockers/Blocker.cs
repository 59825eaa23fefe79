using System.Globalization;

namespace PmoBot.Blockers;

/// <summary>An "issues" answer of a review, or a "decisions needed" one.</summary>
public enum BlockerKind
{
    Issue,
    Decision,
}

public enum BlockerState
{
    Open,

    /// <summary>Still open, and raised above the PM: the PMO is asked to help.</summary>
    Escalated,

    Closed,
}

/// <summary>
/// One tracked issue or decision needed, raised from a weekly review: who raised it, who owns it (the PM unless
/// someone was assigned), by when, and how it stands. <see cref="Id"/> is unique within the project.
/// </summary>
public sealed record Blocker(
    string ProjectCode,
    string Id,
    string ProjectName,
    string BusinessUnit,
    BlockerKind Kind,
    string Text,
    string RaisedByKey,
    string RaisedByName,
    DateTimeOffset RaisedAt,
    string OwnerKey,
    string OwnerName,
    DateOnly? DueDate,
    BlockerState State,
    bool NeedsHelp = false,
    string? ClosedByName = null,
    DateTimeOffset? ClosedAt = null)
{
    public bool IsOpen => State != BlockerState.Closed;

    /// <summary>Oldest first; of one review's items, issues before decisions, in the order they were written.</summary>
    public static IReadOnlyList<Blocker> OldestFirst(IEnumerable<Blocker> blockers) =>
        [.. blockers.OrderBy(b => b.RaisedAt).ThenBy(b => b.Kind).ThenBy(b => b.Id.Length).ThenBy(b => b.Id, StringComparer.Ordinal)];

    /// <summary>Whole days open (to <paramref name="now"/>, or to when it closed).</summary>
    public int AgeDays(DateTimeOffset now) => (int)Math.Floor(((ClosedAt ?? now) - RaisedAt).TotalDays);

    public bool IsPastDue(DateOnly today) => IsOpen && DueDate is { } due && due < today;

    public string KindText => Kind == BlockerKind.Issue ? "issue" : "decision needed";

    /// <summary>"23 days", "1 day", "today".</summary>
    public static string Age(int days) => days switch
    {
        <= 0 => "raised today",
        1 => "1 day",
        _ => string.Create(CultureInfo.InvariantCulture, $"{days} days"),
    };
}
