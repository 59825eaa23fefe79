using PmoBot.Projects;

namespace PmoBot.Reviews.History;

/// <summary>
/// Records reviews, submitted and missed, and keeps what is derived from them in step. The history row is the truth
/// and is written first (ETag-guarded); the latest status and the missed-review list follow it, and every call
/// rewrites them from the history, so repeating a call that failed half way completes it.
/// </summary>
public sealed class ReviewHistory(ReviewHistoryStore history, LatestStatusStore statuses, MissedReviewStore missed, TimeProvider time)
{
    /// <summary>How far back <see cref="LastSubmittedAsync"/> looks for answers to offer as defaults.</summary>
    public const int LastSubmittedLookBack = 10;

    /// <summary>Rows a request when reading history for the latest status: usually the first page holds all it needs.</summary>
    private const int StatusReadPageSize = 10;

    public async Task<SubmitOutcome> SubmitAsync(ReviewSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentException.ThrowIfNullOrWhiteSpace(submission.SubmissionId);
        var project = submission.Project;
        var candidate = new ReviewRecord(
            project.Code,
            submission.Period,
            ReviewOutcome.Submitted,
            submission.TemplateVersion,
            submission.Answers,
            submission.SubmittedByKey,
            submission.SubmittedByName,
            submission.SubmittedAt ?? time.GetUtcNow(),
            submission.SubmissionId,
            EarnedValueCalculator.Compute(project, submission.Answers, submission.ReviewDate));

        ReviewRecord? before = null;
        var stored = await history.UpdateAsync(
            project.Code,
            submission.Period,
            current =>
            {
                before = current;
                return IsSameSubmission(current, submission) ? null : candidate;
            },
            cancellationToken);

        // Also on a repeat: the previous call may have stopped after the history row. The two are rows of their own,
        // both derived from the history row, so they are written side by side.
        await Task.WhenAll(RefreshStatusAsync(project, cancellationToken), missed.RemoveAsync(project.Code, submission.Period, cancellationToken));
        return IsSameSubmission(before, submission)
            ? new SubmitOutcome.AlreadyRecorded(stored!)
            : new SubmitOutcome.Recorded(stored!, ReplacedEarlier: before is not null);
    }

    /// <summary>
    /// Records the period as missed unless it already has a review: writes the Missed history row, the entry
    /// <c>overdue</c> lists, and the latest status's count of reviews missed in a row. False when the period already had
    /// a review, submitted or missed; for a missed one the derived rows are rewritten as they stand, so handling a
    /// deadline again after a crash completes the first attempt.
    /// </summary>
    public Task<bool> RecordMissedAsync(Project project, ReviewPeriod period, DateTimeOffset at, CancellationToken cancellationToken) =>
        RecordUnansweredAsync(project, ReviewRecord.Missed(project.Code, period, at), cancellationToken);

    /// <summary>
    /// Records the period as "on leave" (the PM was away for the whole window and no deputy stood in) unless it already
    /// has a review: the history row, and the entry <c>overdue</c> shows as on leave, not missed. As
    /// <see cref="RecordMissedAsync"/>, false when the period already had a review, and repeating it completes a first attempt.
    /// </summary>
    public Task<bool> RecordOnLeaveAsync(Project project, ReviewPeriod period, DateTimeOffset at, CancellationToken cancellationToken) =>
        RecordUnansweredAsync(project, ReviewRecord.OnLeaveWeek(project.Code, period, at), cancellationToken);

    private async Task<bool> RecordUnansweredAsync(Project project, ReviewRecord unanswered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var period = unanswered.Period;
        ReviewRecord? before = null;
        var stored = (await history.UpdateAsync(
            project.Code,
            period,
            current =>
            {
                before = current;
                return current is null ? unanswered : null;
            },
            cancellationToken))!;
        if (stored.IsSubmitted)
        {
            return false;
        }

        await missed.AddAsync(new MissedReview(project.Code, project.Name, project.Manager.UserKey, project.Manager.Name, period, stored.RecordedAt, stored.IsOnLeave), cancellationToken);
        if ((await history.GetAsync(project.Code, period, cancellationToken))?.IsSubmitted == true)
        {
            // The review was submitted between our history write and our entry: its removal may have come first.
            await missed.RemoveAsync(project.Code, period, cancellationToken);
        }

        await RefreshStatusAsync(project, cancellationToken);
        return before is null;
    }

    /// <summary>The newest submitted review among the last <see cref="LastSubmittedLookBack"/> periods recorded, e.g. to offer its answers as defaults.</summary>
    public async Task<ReviewRecord?> LastSubmittedAsync(string code, CancellationToken cancellationToken) =>
        (await history.RecentAsync(code, LastSubmittedLookBack, cancellationToken)).FirstOrDefault(r => r.IsSubmitted);

    public Task<ReviewRecord?> GetAsync(string code, ReviewPeriod period, CancellationToken cancellationToken) =>
        history.GetAsync(code, period, cancellationToken);

    /// <summary>The newest <paramref name="count"/> reviews, newest first.</summary>
    public Task<IReadOnlyList<ReviewRecord>> RecentAsync(string code, int count, CancellationToken cancellationToken) =>
        history.RecentAsync(code, count, cancellationToken);

    public Task<LatestStatus?> LatestStatusAsync(string code, CancellationToken cancellationToken) => statuses.GetAsync(code, cancellationToken);

    /// <summary>Missed reviews not submitted since, newest period first.</summary>
    /// <param name="include">Which missed reviews count (null: all); skip and take count only those.</param>
    public Task<MissedReviewPage> OverdueAsync(int skip, int take, Func<MissedReview, bool>? include, CancellationToken cancellationToken) =>
        missed.ListAsync(skip, take, include, cancellationToken);

    private static bool IsSameSubmission(ReviewRecord? record, ReviewSubmission submission) =>
        record is { IsSubmitted: true } && string.Equals(record.SubmissionId, submission.SubmissionId, StringComparison.Ordinal);

    /// <summary>
    /// Rewrites the project's status from its history. The status row is read (with its ETag) before the history, so
    /// when two reviews of the project are recorded at once, the status written last has seen both.
    /// </summary>
    private Task<LatestStatus?> RefreshStatusAsync(Project project, CancellationToken cancellationToken) =>
        statuses.UpdateAsync(
            project.Code,
            async (_, ct) =>
            {
                var newestFirst = new List<ReviewRecord>();
                await foreach (var record in history.NewestFirstAsync(project.Code, StatusReadPageSize, ct))
                {
                    newestFirst.Add(record);
                    if (LatestStatusBuilder.HasEnough(newestFirst))
                    {
                        break;
                    }
                }

                return LatestStatusBuilder.Build(project, newestFirst);
            },
            cancellationToken);
}
