using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.History;

/// <summary>One RAG dimension (<see cref="WellKnownQuestions.Dimensions"/>) in the latest review and the one before.</summary>
public sealed record DimensionRag(string Dimension, Rag? Current, Rag? Previous);

public enum RagTrend
{
    /// <summary>No overall RAG in the latest review or the one before.</summary>
    Unknown,
    Worsening,
    Steady,
    Improving,
}

/// <summary>
/// What portfolio and status views need of a project without reading its history: the project's facts, the latest
/// submitted review (RAGs with the previous review's for the trend, percent complete, earned value, next milestone,
/// risks, issues, decisions, summary) and the reviews missed since. Derived from the history by
/// <see cref="LatestStatusBuilder"/>; the review fields are null until a review is submitted.
/// </summary>
/// <param name="Overall">Overall RAG of the latest submitted review.</param>
/// <param name="PreviousOverall">Overall RAG of the submitted review before it.</param>
/// <param name="TopRisks">The latest review's risks, highest score first.</param>
/// <param name="LastReviewPeriod">The period of the latest submitted review.</param>
/// <param name="ConsecutiveMissed">Reviews missed since the latest submitted one (all of them when none was submitted).</param>
/// <param name="LastMissedPeriod">The newest of those missed periods; null when <paramref name="ConsecutiveMissed"/> is 0.</param>
public sealed record LatestStatus(
    string ProjectCode,
    string ProjectName,
    string BusinessUnit,
    string ManagerKey,
    string ManagerName,
    string? DeputyKey,
    Rag? Overall,
    Rag? PreviousOverall,
    IReadOnlyList<DimensionRag> Dimensions,
    decimal? PercentComplete,
    EarnedValue? EarnedValue,
    string? NextMilestone,
    DateOnly? NextMilestoneDate,
    IReadOnlyList<RiskEntry> TopRisks,
    string? Issues,
    string? Decisions,
    string? Summary,
    ReviewPeriod? LastReviewPeriod,
    string? SubmittedByKey,
    string? SubmittedByName,
    DateTimeOffset? SubmittedAt,
    int ConsecutiveMissed,
    ReviewPeriod? LastMissedPeriod)
{
    /// <summary>The overall RAG against the previous review's: Red is worse than Amber, Amber worse than Green.</summary>
    public RagTrend Trend => (Overall, PreviousOverall) switch
    {
        ({ } now, { } before) when now < before => RagTrend.Worsening,
        ({ } now, { } before) when now > before => RagTrend.Improving,
        ({ }, { }) => RagTrend.Steady,
        _ => RagTrend.Unknown,
    };

    public DimensionRag? Dimension(string id) => Dimensions.FirstOrDefault(d => string.Equals(d.Dimension, id, StringComparison.OrdinalIgnoreCase));
}
