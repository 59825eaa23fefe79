using Moq;
using PmoBot.Conversations;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Warnings;

/// <summary>The episode lifecycle against Azurite: raised once and posted, updated in place while it fires, closed, raised again.</summary>
public sealed class WarningEpisodeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_review_with_low_cpi_raises_one_warning_posts_the_card_to_the_pmo_and_tells_the_pm()
    {
        var h = await WarningsHarness.CreateAsync();
        var (pm, project) = await h.ProjectAsync();

        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.82m);
        await h.Monitor.EvaluateAsync(project, None);

        var episode = await h.OpenAsync(project, CpiLowRule.RuleId);
        Assert.Equal(WarningSeverity.Watch, episode.Severity);
        Assert.Equal("CPI 0.82 is below 0.90", episode.Headline);
        Assert.True(episode.Posted);
        Assert.Equal([new AlertCopy("channel", ConversationKind.Channel, h.Channel)], episode.Copies);
        var alert = (await h.DeliveryAsync($"warning|{episode.Id}|channel"))!;
        Assert.Equal(h.Channel, alert.Target.Key);
        var texts = TextsOf(alert.Card);
        Assert.Contains(texts, t => t.Contains(project.Code, StringComparison.Ordinal));
        Assert.Contains(("Project manager", pm.Name), FactsOf(alert.Card!));
        Assert.Contains("**CPI 0.82 is below 0.90**", texts);
        Assert.Contains(texts, t => t.StartsWith("What it means: The cost performance index", StringComparison.Ordinal));
        Assert.Contains("**Fixed-price vendor hid change requests** (PRJ-017)", texts);
        Assert.Contains(texts, t => t.Contains("- Renegotiate the change budget", StringComparison.Ordinal));
        Assert.Equal("warning", alert.Card!["body"]![0]!["style"]!.GetValue<string>());
        Assert.Equal(["Acknowledge", "Assign owner", "Schedule review meeting", "Snooze 1 week"], alert.Card!["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
        h.Lessons.Verify(l => l.RelevantAsync(CpiLowRule.RuleId, It.Is<string?>(t => t!.Contains("Vendor change requests", StringComparison.Ordinal)), 3, It.IsAny<CancellationToken>()), Times.Once);
        var note = (await h.DeliveryAsync($"warning-pm|{episode.Id}"))!;
        Assert.Equal(new PmoBot.Delivery.DeliveryTarget(ConversationKind.Personal, pm.UserKey), note.Target);
        Assert.Contains(TextsOf(note.Card), t => t.StartsWith("What it means:", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("warning alert", alert.Card!);
        await AdaptiveCardValidator.AssertValidAsync("warning note to the PM", note.Card!);
    }

    [Fact]
    public async Task A_warning_that_keeps_firing_is_updated_in_place_and_closes_when_it_stops_then_is_raised_again_as_a_new_one()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        await h.SubmitAsync(project, WarningsHarness.Week48.Previous, cpi: 0.85m);
        var first = await h.OpenAsync(project, CpiLowRule.RuleId);

        h.Time.Advance(TimeSpan.FromDays(7));
        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.78m);
        var updated = await h.OpenAsync(project, CpiLowRule.RuleId);

        Assert.Equal(first.Id, updated.Id);
        Assert.Equal(WarningSeverity.Critical, updated.Severity);
        Assert.Equal("CPI 0.78, was 0.85 in 2026-W47, the review before (falling).", updated.Trend);
        Assert.Equal(first.Version + 1, updated.Version);
        var update = (await h.DeliveryAsync($"warning|{first.Id}|channel|v{updated.Version}"))!;
        Assert.Equal($"warning|{first.Id}|channel", update.Replaces);
        Assert.Equal("attention", update.Card!["body"]![0]!["style"]!.GetValue<string>());
        Assert.Null(await h.DeliveryAsync($"warning-pm|{first.Id}|v{updated.Version}"));

        h.Time.Advance(TimeSpan.FromDays(7));
        await h.SubmitAsync(project, WarningsHarness.Week48.Next, cpi: 0.95m);

        Assert.DoesNotContain(await h.Store.ListOpenAsync(project.Code, None), e => e.RuleId == CpiLowRule.RuleId);
        var closed = (await h.Store.GetAsync(first.Id, None))!;
        Assert.Equal(WarningStatus.Closed, closed.Status);
        Assert.Equal("the signal stopped", closed.CloseReason);
        var closing = (await h.DeliveryAsync($"warning|{first.Id}|channel|v{closed.Version}"))!;
        Assert.Null(closing.Card!["actions"]);
        await AdaptiveCardValidator.AssertValidAsync("closed warning", closing.Card!);
        Assert.Equal(closed.Id, Assert.Single(await h.Store.ListClosedAsync(project.Code, 10, None)).Id);

        h.Time.Advance(TimeSpan.FromDays(7));
        await h.SubmitAsync(project, WarningsHarness.Week48.Next.Next, cpi: 0.86m);
        var again = await h.OpenAsync(project, CpiLowRule.RuleId);
        Assert.NotEqual(first.Id, again.Id);
        Assert.NotNull(await h.DeliveryAsync($"warning|{again.Id}|channel"));
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
        Assert.Null(await h.DeliveryAsync($"warning|{before.Id}|channel|v{before.Version + 1}"));
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
        Assert.Equal("Go-live was due 2026-12-01 (1 day ago) and is not done", slip.Headline);

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
        Assert.Contains("No recorded lesson matches this signal yet.", TextsOf(await h.PostedCardAsync(episode)));
    }
}
