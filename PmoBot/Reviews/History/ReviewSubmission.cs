using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.History;

/// <summary>
/// A review the PM has finished. <see cref="SubmissionId"/> names this submission (the check-in's own id): delivered
/// twice, it is recorded once. <see cref="ReviewDate"/> is the PM's local date of the review, the date the planned
/// value is read at.
/// </summary>
/// <param name="SubmittedAt">When it was sent, for a review recorded after the fact (the demo's past weeks); null is now.</param>
public sealed record ReviewSubmission(
    Project Project,
    ReviewPeriod Period,
    int TemplateVersion,
    ReviewAnswers Answers,
    string SubmittedByKey,
    string SubmittedByName,
    string SubmissionId,
    DateOnly ReviewDate,
    DateTimeOffset? SubmittedAt = null);

public abstract record SubmitOutcome
{
    /// <summary>
    /// The review is now the period's record. <paramref name="ReplacedEarlier"/> when another submission or a missed
    /// record of the same period was there before: a correction or a late review.
    /// </summary>
    public sealed record Recorded(ReviewRecord Record, bool ReplacedEarlier) : SubmitOutcome;

    /// <summary>The period's record is this very submission already (a double click, a retried delivery): nothing changed.</summary>
    public sealed record AlreadyRecorded(ReviewRecord Record) : SubmitOutcome;
}
