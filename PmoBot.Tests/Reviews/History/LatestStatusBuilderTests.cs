using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using static PmoBot.Tests.Reviews.History.ReviewHistoryHarness;

namespace PmoBot.Tests.Reviews.History;

public sealed class LatestStatusBuilderTests
{
    [Fact]
    public void Long_texts_are_cut_and_only_the_highest_risks_are_kept()
    {
        var project = NewProject();
        var risks = Enumerable.Range(1, 12).Select(i => new RiskEntry($"Risk {i}", i == 12 ? RiskLevel.High : RiskLevel.Low, i == 12 ? RiskLevel.High : RiskLevel.Medium));
        var answers = Answers(Rag.Green, 10, 1_000, summary: new string('s', 5_000))
            .With(WellKnownQuestions.Issues, "short")
            .With(WellKnownQuestions.TopRisks, ReviewAnswers.Canonical(risks));
        var record = new ReviewRecord(project.Code, Week10, ReviewOutcome.Submitted, 1, answers, "k", "n", DeadlineOf(Week10), "s1", null);

        var status = LatestStatusBuilder.Build(project, [record]);

        Assert.Equal(new string('s', LatestStatusBuilder.MaxTextLength - 1) + "…", status.Summary);
        Assert.Equal("short", status.Issues);
        Assert.Equal(["Risk 12", "Risk 1", "Risk 2", "Risk 3", "Risk 4", "Risk 5", "Risk 6", "Risk 7", "Risk 8", "Risk 9"], status.TopRisks.Select(r => r.Description));
    }

    [Fact]
    public void Missed_weeks_count_only_since_the_latest_submitted_review()
    {
        var project = NewProject();
        ReviewRecord Submitted(int week, Rag rag) => new(project.Code, new(2026, week), ReviewOutcome.Submitted, 1, Answers(rag, 10, 1_000), "k", "n", default, $"s{week}", null);
        ReviewRecord Missed(int week) => ReviewRecord.Missed(project.Code, new(2026, week), default);

        var status = LatestStatusBuilder.Build(project, [Missed(14), Missed(13), Submitted(12, Rag.Amber), Missed(11), Submitted(10, Rag.Red)]);

        Assert.Equal((2, new ReviewPeriod(2026, 14)), (status.ConsecutiveMissed, status.LastMissedPeriod));
        Assert.Equal((Rag.Amber, Rag.Red, RagTrend.Improving), (status.Overall, status.PreviousOverall, status.Trend));
        Assert.True(LatestStatusBuilder.HasEnough([Missed(14), Submitted(12, Rag.Amber), Submitted(10, Rag.Red)]));
        Assert.False(LatestStatusBuilder.HasEnough([Missed(14), Submitted(12, Rag.Amber), Missed(11)]));
    }
}
