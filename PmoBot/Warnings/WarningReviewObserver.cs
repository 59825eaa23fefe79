using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;

namespace PmoBot.Warnings;

/// <summary>Evaluates a project's warnings as soon as a review of it is recorded, submitted or missed.</summary>
public sealed class WarningReviewObserver(WarningMonitor monitor) : IReviewEventsObserver
{
    /// <summary>The blocker-age rule reads the blockers the review has just raised.</summary>
    public bool ReadsOtherObserversRecords => true;

    public Task ReviewSubmittedAsync(Project project, ReviewRecord record, CancellationToken cancellationToken) =>
        monitor.EvaluateAsync(project, cancellationToken);

    public Task ReviewMissedAsync(Project project, ReviewPeriod period, CancellationToken cancellationToken) =>
        monitor.EvaluateAsync(project, cancellationToken);
}
