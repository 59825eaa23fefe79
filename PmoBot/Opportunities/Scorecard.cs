using PmoBot.Reviews.Templates;

namespace PmoBot.Opportunities;

/// <summary>The decision of a delivery-risk review: go, go with conditions, or no-go.</summary>
public enum Band
{
    Go,
    Conditional,
    NoGo,
}

/// <summary>A named leader's decision to go on despite a deal-killer, and why.</summary>
public sealed record DealKillerOverride(string LeaderKey, string LeaderName, string Reason, DateTimeOffset At);

/// <summary>One scored dimension: its question, the score 1 to 5 and its weight.</summary>
public sealed record DimensionScore(string Id, string Text, int Score, decimal Weight);

/// <summary>
/// The arithmetic of a bid/no-bid scorecard: each answered dimension counts its score 1 to 5 times its weight, and the
/// total is normalised to 100 against every dimension scoring 5 (Σ weight·score ÷ Σ weight·5 × 100, to one decimal).
/// The score's band follows the configured thresholds (by default 70 or more go, 50 to 69.9 conditional, under 50
/// no-go); a deal-killer answered yes makes the decision no-go whatever the score, unless a leader overrode it.
/// </summary>
public sealed record Scorecard(decimal Score, Band ScoreBand, IReadOnlyList<DimensionScore> Dimensions, IReadOnlyList<string> DealKillers)
{
    public const int MaxScore = 5;

    public static Scorecard Of(ReviewTemplate template, ReviewAnswers answers, BandThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(answers);
        var dimensions = OpportunityQuestionnaire.Dimensions(template)
            .Where(q => answers.Number(q.Id) is not null)
            .Select(q => new DimensionScore(q.Id, q.Text, (int)Math.Clamp(answers.Number(q.Id)!.Value, 1, MaxScore), q.Weight!.Value))
            .ToList();
        var killers = OpportunityQuestionnaire.DealKillers(template)
            .Where(q => string.Equals(answers.Text(q.Id), OpportunityQuestionnaire.Yes, StringComparison.OrdinalIgnoreCase))
            .Select(q => q.Id)
            .ToList();
        var score = Normalise(dimensions);
        return new Scorecard(score, thresholds.BandOf(score), dimensions, killers);
    }

    public static decimal Normalise(IReadOnlyList<DimensionScore> dimensions)
    {
        var possible = dimensions.Sum(d => d.Weight * MaxScore);
        return possible == 0 ? 0 : Math.Round(dimensions.Sum(d => d.Weight * d.Score) / possible * 100, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>The decision: no-go on a deal-killer unless <paramref name="overridden"/>, otherwise the score's band.</summary>
    public Band Decide(DealKillerOverride? overridden) => DealKillers.Count > 0 && overridden is null ? Band.NoGo : ScoreBand;
}

/// <summary>Where the bands start, from configuration: a score at or above <see cref="GoFrom"/> is go, at or above <see cref="ConditionalFrom"/> conditional.</summary>
public sealed record BandThresholds(decimal GoFrom, decimal ConditionalFrom)
{
    public Band BandOf(decimal score) => score >= GoFrom ? Band.Go : score >= ConditionalFrom ? Band.Conditional : Band.NoGo;
}
