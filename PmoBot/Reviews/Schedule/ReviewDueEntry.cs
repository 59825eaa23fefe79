namespace PmoBot.Reviews.Schedule;

/// <summary>What happens to a PM's reviews at a due time.</summary>
public enum ReviewDueKind
{
    /// <summary>The PM's weekly reviews open: the bot asks the first question in their personal chat.</summary>
    Open,

    /// <summary>The reviews of the period still not submitted are reminded, once.</summary>
    Remind,

    /// <summary>The reviews of the period still not submitted are recorded as missed and the PMO is told.</summary>
    Deadline,
}

/// <summary>
/// One row of the due-review index: at <see cref="DueAt"/>, do <see cref="Kind"/> for the PM's reviews of
/// <see cref="Period"/>. <see cref="ProjectCodes"/> names the projects of the round (empty for <see cref="ReviewDueKind.Open"/>,
/// which reads the PM's active projects when it runs).
/// </summary>
public sealed record ReviewDueEntry(
    DateTimeOffset DueAt,
    ReviewDueKind Kind,
    string UserKey,
    ReviewPeriod Period,
    IReadOnlyList<string> ProjectCodes);

/// <summary>Does what a due entry says. Implementations are idempotent: an entry may be handled twice (two instances, a crash before its removal).</summary>
public interface IReviewDueHandler
{
    Task HandleAsync(ReviewDueEntry entry, CancellationToken cancellationToken);
}
