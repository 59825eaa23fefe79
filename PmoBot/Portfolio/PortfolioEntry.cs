using PmoBot.Projects;
using PmoBot.Reviews.History;

namespace PmoBot.Portfolio;

/// <summary>A project as the register has it now, with its latest review status (null when it has no review yet).</summary>
public sealed record PortfolioEntry(Project Project, LatestStatus? Status)
{
    public string Code => Project.Code;

    /// <summary>The status only once a review was submitted: a project that only missed reviews has no RAG, KPIs or risks yet.</summary>
    public LatestStatus? Reviewed => Status?.LastReviewPeriod is null ? null : Status;

    public bool IsOpen => Project.Status != ProjectStatus.Closed;
}
