using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using static PmoBot.Tests.Reviews.History.ReviewHistoryHarness;

namespace PmoBot.Tests.Reviews.History;

public sealed class ReviewHistoryTests
{
    [Fact]
    public async Task A_submission_is_recorded_with_its_earned_value_and_becomes_the_latest_status()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        var answers = Answers(Rag.Amber, 30, 400_000, 1_300_000, "Integration is late.")
            .With(WellKnownQuestions.Cost, "Red")
            .With(WellKnownQuestions.NextMilestone, "Go-live")
            .With(WellKnownQuestions.NextMilestoneDate, "2026-10-15")
            .With(WellKnownQuestions.TopRisks, ReviewAnswers.Canonical([new RiskEntry("Low one", RiskLevel.Low, RiskLevel.Low), new RiskEntry("Vendor late", RiskLevel.High, RiskLevel.High)]));
        var submission = Submission(project, Week10, answers);

        var outcome = await harness.History.SubmitAsync(submission, None);

        var recorded = Assert.IsType<SubmitOutcome.Recorded>(outcome);
        Assert.False(recorded.ReplacedEarlier);
        var expectedValue = EarnedValueCalculator.Compute(project, answers, submission.ReviewDate);
        Assert.Equal(
            (ReviewOutcome.Submitted, 3, submission.SubmissionId, project.Manager.Name, harness.Projects.People.Time.GetUtcNow(), expectedValue),
            (recorded.Record.Outcome, recorded.Record.TemplateVersion, recorded.Record.SubmissionId, recorded.Record.SubmittedByName, recorded.Record.RecordedAt, recorded.Record.EarnedValue));
        Assert.Equal(360_000m, recorded.Record.EarnedValue!.Ev);
        var status = (await harness.History.LatestStatusAsync(project.Code, None))!;
        Assert.Equal((Rag.Amber, (Rag?)null, 30m, Week10, 0), (status.Overall, status.PreviousOverall, status.PercentComplete, status.LastReviewPeriod, status.ConsecutiveMissed));
        Assert.Equal(expectedValue, status.EarnedValue);
        Assert.Equal(new DimensionRag(WellKnownQuestions.Cost, Rag.Red, null), status.Dimension(WellKnownQuestions.Cost));
        Assert.Equal(["Vendor late", "Low one"], status.TopRisks.Select(r => r.Description));
        Assert.Equal(("Go-live", new DateOnly(2026, 10, 15), "Integration is late."), (status.NextMilestone, status.NextMilestoneDate, status.Summary));
        Assert.Equal((project.Name, project.Manager.UserKey, project.Manager.Name), (status.ProjectName, status.ManagerKey, status.ManagerName));
    }

    [Fact]
    public async Task Submitting_the_same_submission_again_changes_nothing()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        var submission = Submission(project, Week10, Answers(Rag.Green, 10, 100_000));
        var first = Assert.IsType<SubmitOutcome.Recorded>(await harness.History.SubmitAsync(submission, None));
        harness.Projects.People.Time.Advance(TimeSpan.FromMinutes(3));

        var again = await harness.History.SubmitAsync(submission with { Answers = Answers(Rag.Red, 99, 1) }, None);

        var already = Assert.IsType<SubmitOutcome.AlreadyRecorded>(again);
        Assert.Equal(first.Record.RecordedAt, already.Record.RecordedAt);
        Assert.Equal(Rag.Green, already.Record.Answers.Rag(WellKnownQuestions.Overall));
        Assert.Single(await harness.History.RecentAsync(project.Code, 10, None));
        Assert.Equal(Rag.Green, (await harness.History.LatestStatusAsync(project.Code, None))!.Overall);
    }

    [Fact]
    public async Task A_correction_replaces_the_periods_review_and_keeps_the_trend_against_the_review_before()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        await harness.SubmitAsync(project, Week10.Previous, Answers(Rag.Green, 10, 100_000));
        await harness.SubmitAsync(project, Week10, Answers(Rag.Amber, 20, 200_000));

        var correction = await harness.SubmitAsync(project, Week10, Answers(Rag.Red, 25, 250_000));

        Assert.True(Assert.IsType<SubmitOutcome.Recorded>(correction).ReplacedEarlier);
        Assert.Equal(Rag.Red, (await harness.History.GetAsync(project.Code, Week10, None))!.Answers.Rag(WellKnownQuestions.Overall));
        Assert.Equal(2, (await harness.History.RecentAsync(project.Code, 10, None)).Count);
        var status = (await harness.History.LatestStatusAsync(project.Code, None))!;
        Assert.Equal((Rag.Red, Rag.Green, RagTrend.Worsening, 25m), (status.Overall, status.PreviousOverall, status.Trend, status.PercentComplete));
    }

    [Fact]
    public async Task A_late_review_replaces_the_missed_one_leaves_overdue_and_resets_the_missed_count()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        await harness.SubmitAsync(project, Week10.Previous.Previous, Answers(Rag.Green, 10, 100_000));
        Assert.True(await harness.MissAsync(project, Week10.Previous));
        Assert.True(await harness.MissAsync(project, Week10));
        var missedTwice = (await harness.History.LatestStatusAsync(project.Code, None))!;
        var overdueBefore = await harness.MissedOfAsync(project.Code);

        var late = await harness.SubmitAsync(project, Week10, Answers(Rag.Amber, 30, 300_000));

        Assert.Equal((2, Week10, Rag.Green), (missedTwice.ConsecutiveMissed, missedTwice.LastMissedPeriod, missedTwice.Overall));
        Assert.Equal(
            [new MissedReview(project.Code, project.Name, project.Manager.UserKey, project.Manager.Name, Week10, DeadlineOf(Week10)), new MissedReview(project.Code, project.Name, project.Manager.UserKey, project.Manager.Name, Week10.Previous, DeadlineOf(Week10.Previous))],
            overdueBefore);
        Assert.True(Assert.IsType<SubmitOutcome.Recorded>(late).ReplacedEarlier);
        Assert.Equal([Week10.Previous], (await harness.MissedOfAsync(project.Code)).Select(m => m.Period));
        var status = (await harness.History.LatestStatusAsync(project.Code, None))!;
        Assert.Equal((0, (ReviewPeriod?)null, Rag.Amber, Rag.Green, Week10), (status.ConsecutiveMissed, status.LastMissedPeriod, status.Overall, status.PreviousOverall, status.LastReviewPeriod));
        Assert.Equal(
            [ReviewOutcome.Submitted, ReviewOutcome.Missed, ReviewOutcome.Submitted],
            (await harness.History.RecentAsync(project.Code, 10, None)).Select(r => r.Outcome));
    }

    [Fact]
    public async Task A_period_with_a_submitted_review_is_never_recorded_as_missed()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        await harness.SubmitAsync(project, Week10, Answers(Rag.Green, 10, 100_000));

        var missed = await harness.MissAsync(project, Week10);

        Assert.False(missed);
        Assert.True((await harness.History.GetAsync(project.Code, Week10, None))!.IsSubmitted);
        Assert.Empty(await harness.MissedOfAsync(project.Code));
        Assert.Equal(0, (await harness.History.LatestStatusAsync(project.Code, None))!.ConsecutiveMissed);
    }

    [Fact]
    public async Task Recording_a_missed_review_twice_records_it_once()
    {
        var harness = await CreateAsync();
        var project = NewProject();

        var first = await harness.MissAsync(project, Week10);
        var second = await harness.History.RecordMissedAsync(project, Week10, DeadlineOf(Week10).AddHours(1), None);

        Assert.Equal((true, false), (first, second));
        Assert.Equal([DeadlineOf(Week10)], (await harness.MissedOfAsync(project.Code)).Select(m => m.RecordedAt));
        Assert.Single(await harness.History.RecentAsync(project.Code, 10, None));
        var status = (await harness.History.LatestStatusAsync(project.Code, None))!;
        Assert.Equal((1, Week10, (Rag?)null, (ReviewPeriod?)null), (status.ConsecutiveMissed, status.LastMissedPeriod, status.Overall, status.LastReviewPeriod));
    }

    [Fact]
    public async Task An_older_period_submitted_after_a_newer_one_does_not_overwrite_the_latest_status()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        await harness.SubmitAsync(project, Week10, Answers(Rag.Green, 40, 300_000));

        var older = await harness.SubmitAsync(project, Week10.Previous, Answers(Rag.Red, 35, 280_000));

        Assert.False(Assert.IsType<SubmitOutcome.Recorded>(older).ReplacedEarlier);
        var status = (await harness.History.LatestStatusAsync(project.Code, None))!;
        Assert.Equal((Week10, Rag.Green, 40m, Rag.Red, RagTrend.Improving), (status.LastReviewPeriod, status.Overall, status.PercentComplete, status.PreviousOverall, status.Trend));
    }

    [Fact]
    public async Task Repeating_a_submission_that_stopped_after_the_history_row_completes_the_other_writes()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        await harness.MissAsync(project, Week10);
        var submission = Submission(project, Week10, Answers(Rag.Amber, 30, 300_000));

        // As if the bot stopped right after writing the history row: the status and overdue list still say missed.
        await harness.HistoryStore.UpdateAsync(
            project.Code,
            Week10,
            _ => new ReviewRecord(project.Code, Week10, ReviewOutcome.Submitted, 3, submission.Answers, project.Manager.UserKey, project.Manager.Name, DeadlineOf(Week10), submission.SubmissionId, null),
            None);
        Assert.Equal(1, (await harness.History.LatestStatusAsync(project.Code, None))!.ConsecutiveMissed);

        var retried = await harness.History.SubmitAsync(submission, None);

        Assert.IsType<SubmitOutcome.AlreadyRecorded>(retried);
        Assert.Empty(await harness.MissedOfAsync(project.Code));
        var status = (await harness.History.LatestStatusAsync(project.Code, None))!;
        Assert.Equal((0, Rag.Amber, Week10), (status.ConsecutiveMissed, status.Overall, status.LastReviewPeriod));
    }

    [Fact]
    public async Task Repeating_a_missed_record_that_stopped_after_the_history_row_writes_the_overdue_entry()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        await harness.HistoryStore.UpdateAsync(project.Code, Week10, _ => ReviewRecord.Missed(project.Code, Week10, DeadlineOf(Week10)), None);

        var again = await harness.History.RecordMissedAsync(project, Week10, DeadlineOf(Week10).AddMinutes(5), None);

        Assert.False(again);
        Assert.Equal([DeadlineOf(Week10)], (await harness.MissedOfAsync(project.Code)).Select(m => m.RecordedAt));
        Assert.Equal(1, (await harness.History.LatestStatusAsync(project.Code, None))!.ConsecutiveMissed);
    }

    [Fact]
    public async Task A_review_submitted_while_the_deadline_records_it_missed_never_stays_overdue()
    {
        var harness = await CreateAsync();
        var project = NewProject();

        // The review arrives after the deadline wrote the Missed row and before it wrote the overdue entry: the
        // submission's removal of the entry comes first, so the deadline must notice and remove its own entry.
        var submitInBetween = new RequestInterception(
            RequestInterception.WriteTo(MissedReviewStore.TableName),
            () => harness.SubmitAsync(project, Week10, Answers(Rag.Green, 10, 100_000)));
        var deadline = RequestInterception.HistoryThrough(submitInBetween, harness.Projects.People.Time);

        var missed = await deadline.RecordMissedAsync(project, Week10, DeadlineOf(Week10), None);

        Assert.True(submitInBetween.Fired);
        Assert.True(missed);
        Assert.True((await harness.History.GetAsync(project.Code, Week10, None))!.IsSubmitted);
        Assert.Empty(await harness.MissedOfAsync(project.Code));
        var status = (await harness.History.LatestStatusAsync(project.Code, None))!;
        Assert.Equal((0, Rag.Green), (status.ConsecutiveMissed, status.Overall));
    }

    [Fact]
    public async Task A_status_derived_before_another_review_landed_is_derived_again_not_written()
    {
        var harness = await CreateAsync();
        var project = NewProject();

        // Week 11 is recorded completely between week 10's reading of the history and its write of the status.
        var newerInBetween = new RequestInterception(
            RequestInterception.WriteTo(LatestStatusStore.TableName),
            () => harness.SubmitAsync(project, Week10.Next, Answers(Rag.Red, 20, 200_000)));
        var slow = RequestInterception.HistoryThrough(newerInBetween, harness.Projects.People.Time);

        await slow.SubmitAsync(Submission(project, Week10, Answers(Rag.Green, 10, 100_000)), None);

        Assert.True(newerInBetween.Fired);
        var status = (await harness.History.LatestStatusAsync(project.Code, None))!;
        Assert.Equal((Week10.Next, Rag.Red, Rag.Green), (status.LastReviewPeriod, status.Overall, status.PreviousOverall));
    }

    [Fact]
    public async Task The_last_submitted_review_skips_missed_weeks()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        var period = Week10;
        await harness.SubmitAsync(project, period, Answers(Rag.Amber, 20, 200_000, summary: "the one"));
        for (var i = 0; i < 3; i++)
        {
            period = period.Next;
            await harness.MissAsync(project, period);
        }

        var last = await harness.History.LastSubmittedAsync(project.Code, None);
        var none = await harness.History.LastSubmittedAsync(NewProject().Code, None);

        Assert.Equal((Week10, "the one"), (last!.Period, last.Answers.Text(WellKnownQuestions.Summary)));
        Assert.Null(none);
        Assert.Equal(3, (await harness.History.LatestStatusAsync(project.Code, None))!.ConsecutiveMissed);
    }

    [Fact]
    public async Task The_status_follows_the_project_as_it_is_at_the_latest_write()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        await harness.SubmitAsync(project, Week10, Answers(Rag.Green, 10, 100_000));
        var newManager = Manager("Adele");
        var renamed = project with { Name = "Relaunch, phase 2", Manager = new(newManager.UserKey, newManager.Name) };

        await harness.MissAsync(renamed, Week10.Next);

        var status = (await harness.History.LatestStatusAsync(project.Code, None))!;
        Assert.Equal(("Relaunch, phase 2", newManager.UserKey, Rag.Green, 1), (status.ProjectName, status.ManagerKey, status.Overall, status.ConsecutiveMissed));
        Assert.Equal(newManager.Name, (await harness.MissedOfAsync(project.Code)).Single().ManagerName);
    }
}
