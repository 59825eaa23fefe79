using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Telemetry;

namespace PmoBot.Reviews;

/// <summary>Counts reviews opened (per project asked about), submitted and missed on <see cref="PmoMetrics"/>.</summary>
public sealed class ReviewMetricsObserver(PmoMetrics metrics) : IReviewEventsObserver
{
    public Task ReviewSubmittedAsync(Project project, ReviewRecord record, CancellationToken cancellationToken)
    {
        metrics.Review("submitted");
        return Task.CompletedTask;
    }

    public Task ReviewMissedAsync(Project project, ReviewPeriod period, CancellationToken cancellationToken)
    {
        metrics.Review("missed");
        return Task.CompletedTask;
    }

    public Task ReviewsOpenedAsync(string userKey, ReviewPeriod period, IReadOnlyList<string> projectCodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projectCodes);
        metrics.Review("opened", projectCodes.Count);
        return Task.CompletedTask;
    }
}
