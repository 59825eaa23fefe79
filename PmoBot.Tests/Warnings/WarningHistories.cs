using System.Globalization;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Warnings;

namespace PmoBot.Tests.Warnings;

/// <summary>Hand-made review histories for the rules: reviews by how many weeks before week 2026-W48 they were.</summary>
public static class WarningHistories
{
    public static readonly ReviewPeriod Week48 = new(2026, 48);

    public static readonly DateOnly Today = new(2026, 11, 23);

    public static Project Project(params Milestone[] milestones) => new(
        "PRJ-900",
        "Claims platform",
        "Operations",
        new ProjectPerson("pm-key", "Megan Bowen"),
        null,
        "Isaiah Langer",
        ProjectStage.Execution,
        new DateOnly(2026, 1, 1),
        new DateOnly(2027, 12, 31),
        1_200_000m,
        "EUR",
        [],
        milestones,
        ReviewCadence.Weekly,
        ProjectStatus.Active);

    public static ReviewPeriod Period(int weeksAgo) => ReviewPeriod.Of(Week48.Monday.AddDays(-7 * weeksAgo));

    public static ReviewRecord Review(
        int weeksAgo,
        Rag? overall = null,
        decimal? cpi = null,
        decimal? spi = null,
        decimal? percent = null,
        decimal? eac = null,
        string? risks = null,
        IReadOnlyDictionary<string, Rag>? dimensions = null,
        string? milestone = null,
        DateOnly? milestoneDate = null)
    {
        var answers = new Dictionary<string, string>();
        if (overall is { } o)
        {
            answers[WellKnownQuestions.Overall] = ReviewAnswers.Canonical(o);
        }

        foreach (var (id, rag) in dimensions ?? new Dictionary<string, Rag>())
        {
            answers[id] = ReviewAnswers.Canonical(rag);
        }

        if (percent is { } p)
        {
            answers[WellKnownQuestions.PercentComplete] = ReviewAnswers.Canonical(p);
        }

        if (eac is { } e)
        {
            answers[WellKnownQuestions.EstimateAtCompletion] = ReviewAnswers.Canonical(e);
        }

        if (risks is not null)
        {
            answers[WellKnownQuestions.TopRisks] = risks;
        }

        if (milestone is not null)
        {
            answers[WellKnownQuestions.NextMilestone] = milestone;
        }

        if (milestoneDate is { } d)
        {
            answers[WellKnownQuestions.NextMilestoneDate] = ReviewAnswers.Canonical(d);
        }

        var period = Period(weeksAgo);
        var ev = new EarnedValue(period.Monday, "EUR", 1_200_000m, percent, null, null, null, spi, cpi, null, eac, null);
        return new ReviewRecord("PRJ-900", period, ReviewOutcome.Submitted, 1, ReviewAnswers.From(answers), "pm-key", "Megan Bowen", DateTimeOffset.UnixEpoch, $"s{weeksAgo.ToString(CultureInfo.InvariantCulture)}", ev);
    }

    public static ReviewRecord Missed(int weeksAgo) => ReviewRecord.Missed("PRJ-900", Period(weeksAgo), DateTimeOffset.UnixEpoch);

    /// <summary>The context of these reviews (given in any order; sorted newest first as the history reads them).</summary>
    public static WarningContext Context(IEnumerable<ReviewRecord> reviews, Project? project = null, DateOnly? today = null) =>
        new(project ?? Project(), reviews.OrderByDescending(r => r.Period).ToList(), today ?? Today);

    public static WarningSignal? Fire(IWarningRule rule, params ReviewRecord[] reviews) => rule.Evaluate(Context(reviews));
}
