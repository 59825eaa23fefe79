using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;

namespace PmoBot.Blockers;

/// <summary>A submitted review's issues and decisions needed enter the register.</summary>
public sealed class BlockerReviewObserver(BlockerRegister register) : IReviewEventsObserver
{
    public Task ReviewSubmittedAsync(Project project, ReviewRecord record, CancellationToken cancellationToken) =>
        register.RaiseFromReviewAsync(project, record, cancellationToken);

    public Task ReviewMissedAsync(Project project, ReviewPeriod period, CancellationToken cancellationToken) => Task.CompletedTask;
}
