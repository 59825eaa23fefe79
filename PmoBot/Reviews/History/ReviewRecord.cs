using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.History;

public enum ReviewOutcome
{
    /// <summary>The PM answered the review.</summary>
    Submitted,

    /// <summary>The deadline passed without an answer; a late submission replaces the record.</summary>
    Missed,

    /// <summary>
    /// The PM was out of office for the whole review window and no deputy stood in: not asked, not reminded, not
    /// counted as missed. A review submitted later for the week replaces the record.
    /// </summary>
    OnLeave,
}

/// <summary>
/// A project's review of one period as kept for good: the answers and the earned value computed when they were
/// submitted, or the fact that the review was missed (no answers, no submitter, no template version: 0).
/// </summary>
public sealed record ReviewRecord(
    string ProjectCode,
    ReviewPeriod Period,
    ReviewOutcome Outcome,
    int TemplateVersion,
    ReviewAnswers Answers,
    string? SubmittedByKey,
    string? SubmittedByName,
    DateTimeOffset RecordedAt,
    string? SubmissionId,
    EarnedValue? EarnedValue)
{
    public bool IsSubmitted => Outcome == ReviewOutcome.Submitted;

    public bool IsMissed => Outcome == ReviewOutcome.Missed;

    public bool IsOnLeave => Outcome == ReviewOutcome.OnLeave;

    public static ReviewRecord Missed(string projectCode, ReviewPeriod period, DateTimeOffset recordedAt) =>
        new(projectCode, period, ReviewOutcome.Missed, 0, ReviewAnswers.Empty, null, null, recordedAt, null, null);

    public static ReviewRecord OnLeaveWeek(string projectCode, ReviewPeriod period, DateTimeOffset recordedAt) =>
        new(projectCode, period, ReviewOutcome.OnLeave, 0, ReviewAnswers.Empty, null, null, recordedAt, null, null);
}
