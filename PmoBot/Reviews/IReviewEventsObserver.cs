using PmoBot.Projects;
using PmoBot.Reviews.History;

namespace PmoBot.Reviews;

/// <summary>
/// A feature that acts on reviews as they are recorded (early-warning rules). Called after the review is stored; a
/// failing observer is logged and does not undo or fail the PM's submission (its own sweep catches up later).
/// </summary>
public interface IReviewEventsObserver
{
    Task ReviewSubmittedAsync(Project project, ReviewRecord record, CancellationToken cancellationToken);

    Task ReviewMissedAsync(Project project, ReviewPeriod period, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the observer reads what other observers write for the same review (the warning rules read the blockers
    /// register): such observers run once the others have finished; the rest run side by side.
    /// </summary>
    bool ReadsOtherObserversRecords => false;

    /// <summary>The weekly round asked a PM for their reviews of <paramref name="projectCodes"/>.</summary>
    Task ReviewsOpenedAsync(string userKey, ReviewPeriod period, IReadOnlyList<string> projectCodes, CancellationToken cancellationToken) => Task.CompletedTask;
}
