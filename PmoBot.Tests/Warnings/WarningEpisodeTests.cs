using Moq;
using PmoBot.Conversations;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Warnings;

/// <summary>
/// The episode lifecycle against Azurite: raised once and posted on the project's card, the card updated in place
/// while it fires, posted anew when it gets more severe, closed, raised again.
/// </summary>
public sealed class WarningEpisodeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_review_with_low_cpi_raises_one_warning_posts_the_projects_card_to_the_pmo_and_tells_the_pm()
    {
        var h = await WarningsHarness.CreateAsync();
        var (pm, project) = await h.ProjectAsync();

        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.82m);
        await h.Monitor.EvaluateAsync(project, None);

        var episode = await h.OpenAsync(project, CpiLowRule.RuleId);
        Assert.Equal(WarningSeverity.Watch, episode.Severity);
        Assert.Equal("CPI 0.82 is below 0.90", episode.Headline);
        Assert.True(episode.Posted);
        var post = (await h.Posts.GetAsync(project.Code, None))!;
        Assert.Equal((1, 1), (post.Number, post.Version));
        Assert.Equal([new AlertCopy("channel", ConversationKind.Channel, h.Channel)], post.Copies);
        var alert = (await h.DeliveryAsync(WarningsHarness.ChannelKey(project.Code, 1)))!;
        Assert.Equal(h.Channel, alert.Target.Key);
        var texts = TextsOf(alert.Card);
        Assert.Contains($"{project.Code} · {project.Name}", texts);
        Assert.Contains($"Project manager: {pm.Name}", texts);
        Assert.Contains("**1. 🟠 Cost performance low** (Watch): CPI 0.82 is below 0.90.", texts);
        Assert.Contains("**Fixed-price vendor hid change requests** (PRJ-017)", texts);
        Assert.Contains(texts, t => t.Contains("- Renegotiate the change budget", StringComparison.Ordinal));
        Assert.Equal("warning", alert.Card!["body"]![0]!["style"]!.GetValue<string>());
        Assert.Equal(["Acknowledge", "Assign owner", "Schedule review meeting", "Snooze 1 week"], alert.Card!["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
        h.Lessons.Verify(l => l.RelevantAsync(CpiLowRule.RuleId, It.Is<string?>(t => t!.Contains("Vendor change requests", StringComparison.Ordinal)), 3, It.IsAny<CancellationToken>()), Times.Once);
        var note = (await h.DeliveryAsync(WarningAlerts.NoteKey(project.Code, 1, pm.UserKey)))!;
        Assert.Equal(new PmoBot.Delivery.DeliveryTarget(ConversationKind.Personal, pm.UserKey), note.Target);
        Assert.Contains("**1. 🟠 Cost performance low** (Watch): CPI 0.82 is below 0.90.", TextsOf(note.Card));
        await AdaptiveCardValidator.AssertValidAsync("warning card", alert.Card!);
        await AdaptiveCardValidator.AssertValidAsync("warning note to the PM", note.Card!);
    }

    [Fact]
    public async Task A_warning_that_keeps_firing_is_updated_in_place_posted_anew_when_it_gets_more_severe_and_closes_when_it_stops()
    {
        var h = await WarningsHarness.CreateAsync();
        var (pm, project) = await h.ProjectAsync();
        await h.SubmitAsync(project, WarningsHarness.Week48.Previous.Previous, cpi: 0.86m, percent: 30m);
        var first = await h.OpenAsync(project, CpiLowRule.RuleId);

        // Still watch, a new figure: the same card, edited in place; nobody is told again.
        h.Time.Advance(TimeSpan.FromDays(7));
        await h.SubmitAsync(project, WarningsHarness.Week48.Previous, cpi: 0.85m, percent: 35m);
        Assert.Equal((1, 2), await PostAsync(h, project));
        var edit = (await h.DeliveryAsync($"{WarningsHarness.ChannelKey(project.Code, 1)}|v2"))!;
        Assert.Equal(WarningsHarness.ChannelKey(project.Code, 1), edit.Replaces);
        Assert.Contains("**1. 🟠 Cost performance low** (Watch): CPI 0.85 is below 0.90.", TextsOf(edit.Card));

        // Critical now: a new card where the alerts go now, the old one says so, the PM gets one note.
        h.Time.Advance(TimeSpan.FromDays(7));
        var moved = $"19:{Guid.NewGuid():N}@thread.tacv2";
        await h.Channels.SetAsync(new PmoBot.Alerts.AlertChannel(moved, "PMO escalations", "Alex", h.Time.GetUtcNow()), None);
        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.78m, percent: 40m);
        var escalated = await h.OpenAsync(project, CpiLowRule.RuleId);

        Assert.Equal((first.Id, WarningSeverity.Critical, true), (escalated.Id, escalated.Severity, escalated.Posted));
        Assert.Equal("CPI 0.78, was 0.86 in 2026-W46, two reviews ago (falling).", escalated.Trend);
        Assert.Equal((2, 1), await PostAsync(h, project));
        var repost = (await h.DeliveryAsync(WarningsHarness.ChannelKey(project.Code, 2)))!;
        Assert.Equal((moved, (string?)null), (repost.Target.Key, repost.Replaces));
        Assert.Equal("attention", repost.Card!["body"]![0]!["style"]!.GetValue<string>());
        Assert.Contains("**1. 🔴 Cost performance low** (Critical): CPI 0.78 is below 0.80.", TextsOf(repost.Card));
        var old = (await h.DeliveryAsync($"{WarningsHarness.ChannelKey(project.Code, 1)}|replaced"))!;
        Assert.Equal((h.Channel, WarningsHarness.ChannelKey(project.Code, 1)), (old.Target.Key, old.Replaces));
        Assert.Contains(TextsOf(old.Card), t => t.StartsWith($"**Escalated, see the new card:** a warning on {project.Code} got more severe, so PmoBot posted its card again in the channel **PMO escalations**", StringComparison.Ordinal));
        Assert.Null(old.Card!["actions"]);
        Assert.NotNull(await h.DeliveryAsync(WarningAlerts.NoteKey(project.Code, 2, pm.UserKey)));
        await AdaptiveCardValidator.AssertAllValidAsync([("escalated card", repost.Card!), ("replaced card", old.Card!)]);

        h.Time.Advance(TimeSpan.FromDays(7));
        await h.SubmitAsync(project, WarningsHarness.Week48.Next, cpi: 0.95m, percent: 45m);

        Assert.DoesNotContain(await h.Store.ListOpenAsync(project.Code, None), e => e.RuleId == CpiLowRule.RuleId);
        var closed = (await h.Store.GetAsync(first.Id, None))!;
        Assert.Equal(WarningStatus.Closed, closed.Status);
        Assert.Equal("the signal stopped", closed.CloseReason);
        var closing = await h.ShownCardAsync(project.Code);
        Assert.Null(closing["actions"]);
        Assert.Contains(TextsOf(closing), t => t.StartsWith("✅ Cost performance low: closed ", StringComparison.Ordinal) && t.EndsWith("(the signal stopped)", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("closed warning", closing);
        Assert.Equal(closed.Id, Assert.Single(await h.Store.ListClosedAsync(project.Code, 10, None)).Id);

        h.Time.Advance(TimeSpan.FromDays(7));
        await h.SubmitAsync(project, WarningsHarness.Week48.Next.Next, cpi: 0.86m, percent: 50m);
        var again = await h.OpenAsync(project, CpiLowRule.RuleId);
        Assert.NotEqual(first.Id, again.Id);
        Assert.Equal((3, 1), await PostAsync(h, project));
        var raisedAgain = (await h.DeliveryAsync($"{WarningsHarness.ChannelKey(project.Code, 2)}|replaced"))!;
        Assert.Contains(TextsOf(raisedAgain.Card), t => t.StartsWith("**New warning, see the new card:**", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_warning_that_eases_is_edited_in_place_without_a_new_card()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        await h.SubmitAsync(project, WarningsHarness.Week48.Previous, cpi: 0.78m);
        h.Time.Advance(TimeSpan.FromDays(7));

        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.85m);

        Assert.Equal(WarningSeverity.Watch, (await h.OpenAsync(project, CpiLowRule.RuleId)).Severity);
        Assert.Equal((1, 2), await PostAsync(h, project));
        Assert.Contains("**1. 🟠 Cost performance low** (Watch): CPI 0.85 is below 0.90.", TextsOf(await h.ShownCardAsync(project.Code)));
    }

    [Fact]
    public async Task Evaluating_again_without_change_neither_re_posts_nor_updates()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.82m);
        var before = await h.OpenAsync(project, CpiLowRule.RuleId);

        await Task.WhenAll(h.Monitor.EvaluateAsync(project, None), h.Monitor.EvaluateAsync(project, None));

        var after = await h.OpenAsync(project, CpiLowRule.RuleId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal((1, 1), await PostAsync(h, project));
        Assert.Null(await h.DeliveryAsync($"{WarningsHarness.ChannelKey(project.Code, 1)}|v2"));
    }

    [Fact]
    public async Task An_evaluation_that_read_an_older_history_neither_changes_nor_closes_what_a_newer_one_did()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        await h.SubmitAsync(project, WarningsHarness.Week48.Previous, cpi: 0.85m, percent: 35m);
        var raised = await h.OpenAsync(project, CpiLowRule.RuleId);
        Assert.NotNull(raised.EvidenceAt);

        // As if an evaluation had already read a review recorded later than anything this one will read.
        var newer = h.Time.GetUtcNow().AddHours(1);
        await h.Store.UpdateOpenAsync(raised.Id, e => e with { EvidenceAt = newer }, None);
        await h.History.SubmitAsync(
            new PmoBot.Reviews.History.ReviewSubmission(project, WarningsHarness.Week48, 1, ReviewAnswers.From(new Dictionary<string, string> { ["overall"] = "Green", ["percentComplete"] = "40", ["actualCost"] = "615385" }), "k", "n", Guid.NewGuid().ToString("N"), WarningsHarness.Week48.Monday),
            None);
        await h.Monitor.EvaluateAsync(project, None);
        await h.Monitor.EvaluateAsync(project with { Status = ProjectStatus.OnHold }, None);

        var kept = await h.OpenAsync(project, CpiLowRule.RuleId);
        Assert.Equal((raised.Version, WarningSeverity.Watch, newer), (kept.Version, kept.Severity, kept.EvidenceAt));

        // A review recorded after it is newer evidence: that evaluation applies.
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.SubmitAsync(project, WarningsHarness.Week48.Next, cpi: 0.78m, percent: 45m);
        Assert.Equal(WarningSeverity.Critical, (await h.OpenAsync(project, CpiLowRule.RuleId)).Severity);
    }

    [Fact]
    public async Task Two_evaluations_racing_on_a_new_signal_raise_one_episode()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        await h.History.SubmitAsync(
            new PmoBot.Reviews.History.ReviewSubmission(project, WarningsHarness.Week48, 1, ReviewAnswers.From(new Dictionary<string, string> { ["overall"] = "Red" }), "k", "n", Guid.NewGuid().ToString("N"), WarningsHarness.Week48.Monday),
            None);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => h.Monitor.EvaluateAsync(project, None)));

        Assert.Single(await h.Store.ListOpenAsync(project.Code, None), e => e.RuleId == DimensionRedRule.RuleId);
        Assert.Equal((1, 1), await PostAsync(h, project));
        Assert.NotNull(await h.DeliveryAsync(WarningsHarness.ChannelKey(project.Code, 1)));
    }

    [Fact]
    public async Task Two_missed_reviews_raise_a_warning_and_a_late_submission_closes_it()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();

        await h.MissAsync(project, WarningsHarness.Week48.Previous);
        Assert.Empty(await h.Store.ListOpenAsync(project.Code, None));
        await h.MissAsync(project, WarningsHarness.Week48);
        var missed = await h.OpenAsync(project, MissedReviewsRule.RuleId);
        Assert.Equal("Two reviews missed in a row (2026-W47, 2026-W48)", missed.Headline);

        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 1m);
        Assert.Empty(await h.Store.ListOpenAsync(project.Code, None));
    }

    [Fact]
    public async Task The_daily_sweep_raises_a_milestone_whose_date_passed_and_closes_warnings_of_a_closed_project()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync(new Milestone("Go-live", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 1), false));

        await h.Sweeper.SweepOnceAsync(None);
        Assert.Empty(await h.Store.ListOpenAsync(project.Code, None));
        h.Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
        await h.Sweeper.SweepOnceAsync(None);

        var slip = await h.OpenAsync(project, MilestoneSlipRule.RuleId);
        Assert.Equal(WarningSeverity.Critical, slip.Severity);
        Assert.Equal("Go-live was due 1 Dec 2026 (1 day ago) and is not done", slip.Headline);

        await h.Projects.Register.SetStatusAsync(project.Code, ProjectStatus.OnHold, "test", None);
        await h.Sweeper.SweepOnceAsync(None);
        Assert.Empty(await h.Store.ListOpenAsync(project.Code, None));
        Assert.Equal("the project is On hold", (await h.Store.GetAsync(slip.Id, None))!.CloseReason);
    }

    [Fact]
    public async Task A_failing_lesson_advisor_still_posts_the_warning_without_lessons()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        h.Lessons.Setup(l => l.RelevantAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("lessons down"));

        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.82m);

        var episode = await h.OpenAsync(project, CpiLowRule.RuleId);
        Assert.Empty(episode.Lessons);
        Assert.Contains($"{WarningCards.LessonsTitle}: none recorded for these signals yet.", TextsOf(await h.PostedCardAsync(episode)));
    }

    private static async Task<(int Number, int Version)> PostAsync(WarningsHarness h, Project project) =>
        (await h.Posts.GetAsync(project.Code, None)) is { } post ? (post.Number, post.Version) : (0, 0);
}
