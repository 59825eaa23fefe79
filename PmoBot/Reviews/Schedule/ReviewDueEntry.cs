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

    /// <summary>A PM who was out of office when their reviews were due is back: the round's projects open now.</summary>
    OpenAfterLeave,
}

/// <summary>
/// One row of the due-review index: at <see cref="DueAt"/>, do <see cref="Kind"/> for the PM's reviews of
/// <see cref="Period"/>. <see cref="ProjectCodes"/> names the projects of the round (empty for <see cref="ReviewDueKind.Open"/>,
/// which reads the PM's active projects when it runs). <see cref="StandingInFor"/> names the PM on leave when
/// <see cref="UserKey"/> is the deputy doing their reviews (so the deputy's own round of the week stays a separate entry).
/// </summary>
public sealed record ReviewDueEntry(
    DateTimeOffset DueAt,
    ReviewDueKind Kind,
    string UserKey,
    ReviewPeriod Period,
    IReadOnlyList<string> ProjectCodes,
    string? StandingInFor = null)
{
    /// <summary>An outbox key for a message of this entry: <c>{prefix}|{user}|{period}</c>, plus <c>|for|{pm}</c> for a deputy.</summary>
    public string MessageKey(string prefix) =>
        StandingInFor is null ? $"{prefix}|{UserKey}|{Period}" : $"{prefix}|{UserKey}|{Period}|for|{StandingInFor}";
}

/// <summary>Does what a due entry says. Implementations are idempotent: an entry may be handled twice (two instances, a crash before its removal).</summary>
public interface IReviewDueHandler
{
    Task HandleAsync(ReviewDueEntry entry, CancellationToken cancellationToken);
}
