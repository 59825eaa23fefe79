using PmoBot.Reviews.Templates;

namespace PmoBot.Risks;

/// <summary>
/// A risk someone logged against a project outside the weekly review (e.g. "Log as risk" on a chat message). The
/// review's own top risks live in the review; these stand beside them in <c>status</c> and <c>risks</c>. A risk carried
/// over from a won opportunity's review keeps its <see cref="Contingency"/> plan.
/// </summary>
public sealed record LoggedRisk(
    string ProjectCode,
    string Id,
    string Description,
    RiskLevel Probability,
    RiskLevel Impact,
    string Owner,
    string LoggedByKey,
    string LoggedByName,
    DateTimeOffset LoggedAt,
    string? SourceMessage = null,
    string? Contingency = null)
{
    public int Score => (int)Probability * (int)Impact;

    public RiskEntry AsEntry() => new(Description, Probability, Impact);
}
