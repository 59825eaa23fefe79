using Azure.Data.Tables;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using static PmoBot.Tests.Reviews.History.ReviewHistoryHarness;

namespace PmoBot.Tests.Reviews.History;

public sealed class ReviewHistoryStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 6, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_submitted_review_reads_back_as_written_even_when_its_answers_outgrow_one_table_property()
    {
        var harness = await CreateAsync();
        var project = NewProject();

        // Non-ASCII text is escaped to six characters in the answers' JSON: 20,000 letters are 120,000 characters, four properties.
        var summary = "Résumé: " + new string('é', 20_000);
        var answers = Answers(Rag.Amber, 42.5m, 310_000, 1_250_000, summary)
            .With(WellKnownQuestions.TopRisks, ReviewAnswers.Canonical([new RiskEntry("Vendor | late", RiskLevel.High, RiskLevel.Medium)]));
        var earned = EarnedValueCalculator.Compute(project, answers, new DateOnly(2026, 3, 6));
        var record = new ReviewRecord(project.Code, Week10, ReviewOutcome.Submitted, 3, answers, project.Manager.UserKey, project.Manager.Name, At, "submission-1", earned);

        var written = await harness.HistoryStore.UpdateAsync(project.Code, Week10, _ => record, None);
        var read = (await harness.HistoryStore.GetAsync(project.Code.ToLowerInvariant(), Week10, None))!;

        Assert.True(answers.ToJson().Length > 3 * 30_000);
        Assert.Equal(record with { Answers = read.Answers }, read);
        Assert.Equal(answers.All.OrderBy(a => a.Key), read.Answers.All.OrderBy(a => a.Key));
        Assert.Equal(record with { Answers = written!.Answers }, written);
        Assert.Null(await harness.HistoryStore.GetAsync(project.Code, Week10.Previous, None));
    }

    [Fact]
    public async Task A_missed_review_has_no_answers_submitter_or_earned_value()
    {
        var harness = await CreateAsync();
        var project = NewProject();

        await harness.HistoryStore.UpdateAsync(project.Code, Week10, _ => ReviewRecord.Missed(project.Code, Week10, At), None);
        var read = (await harness.HistoryStore.GetAsync(project.Code, Week10, None))!;

        Assert.Equal(
            (ReviewOutcome.Missed, 0, 0, null, null, null, null, At),
            (read.Outcome, read.TemplateVersion, read.Answers.Count, read.SubmittedByKey, read.SubmittedByName, read.SubmissionId, read.EarnedValue, read.RecordedAt));
    }

    [Fact]
    public async Task Recent_reviews_come_newest_first_and_only_as_many_as_asked()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        ReviewPeriod[] periods = [new(2025, 51), new(2026, 2), new(2025, 52), new(2026, 1), new(2026, 3)];
        foreach (var period in periods)
        {
            await harness.HistoryStore.UpdateAsync(project.Code, period, _ => ReviewRecord.Missed(project.Code, period, At), None);
        }

        var recent = await harness.HistoryStore.RecentAsync(project.Code, 3, None);
        var all = await harness.HistoryStore.RecentAsync(project.Code, 52, None);

        Assert.Equal(["2026-W03", "2026-W02", "2026-W01"], recent.Select(r => r.Period.ToString()));
        Assert.Equal(["2026-W03", "2026-W02", "2026-W01", "2025-W52", "2025-W51"], all.Select(r => r.Period.ToString()));
    }

    [Fact]
    public async Task Concurrent_changes_to_one_period_are_each_applied_once_never_overwritten()
    {
        var harness = await CreateAsync();
        var project = NewProject();
        var writers = Enumerable.Range(1, 4).Select(i => $"writer{i}").ToList();

        // Each writer appends its name to the summary it reads; without the ETag some appends would be lost.
        await Task.WhenAll(writers.Select(writer => Task.Run(() => harness.HistoryStore.UpdateAsync(
            project.Code,
            Week10,
            current =>
            {
                var answers = current?.Answers ?? ReviewAnswers.Empty;
                var summary = answers.Text(WellKnownQuestions.Summary);
                return new ReviewRecord(project.Code, Week10, ReviewOutcome.Submitted, 1, answers.With(WellKnownQuestions.Summary, summary is null ? writer : $"{summary},{writer}"), "k", "n", At, writer, null);
            },
            None))));

        var summary = (await harness.HistoryStore.GetAsync(project.Code, Week10, None))!.Answers.Text(WellKnownQuestions.Summary)!;
        Assert.Equal(writers, summary.Split(',').Order());
    }

    [Fact]
    public void Long_text_is_split_between_properties_without_cutting_a_character_in_half()
    {
        // "a" then emoji (two UTF-16 units each): the 30,000th unit is the first half of an emoji.
        var text = "a" + string.Concat(Enumerable.Repeat("😀", 40_000));
        var entity = new TableEntity("p", "r");

        LongTextProperty.Write(entity, "Answers", text);

        string[] names = ["Answers", "Answers2", "Answers3"];
        var parts = names.Select(entity.GetString).ToList();
        Assert.Equal([29_999, 30_000, 20_002], parts.Select(p => p!.Length));
        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p![^1])));
        Assert.False(entity.ContainsKey("Answers4"));
        Assert.Equal(text, LongTextProperty.Read(entity, "Answers"));
    }

    [Fact]
    public void Short_text_stays_in_one_property()
    {
        var entity = new TableEntity("p", "r");

        LongTextProperty.Write(entity, "Answers", "{}");
        LongTextProperty.Write(entity, "Empty", string.Empty);

        Assert.Equal(("{}", string.Empty, false), (LongTextProperty.Read(entity, "Answers"), LongTextProperty.Read(entity, "Empty"), entity.ContainsKey("Answers2")));
        Assert.Null(LongTextProperty.Read(entity, "Absent"));
    }
}
