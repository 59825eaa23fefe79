using PmoBot.Blockers;
using PmoBot.Digest;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Processes;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Digest.DigestHarness;

namespace PmoBot.Tests.Digest;

/// <summary>
/// The weekly digest against a seeded history in the app's own stores: only what changed since the last digest (the
/// week recorded in the Digest table) or needs action, each line opening its card; a leader limited to one business
/// unit gets that unit's lines and not another's, which the PMO's digest has; a quiet week is one line.
/// </summary>
public sealed class DigestContentsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_digest_lists_only_what_changed_or_needs_action_and_a_leader_sees_only_their_business_unit()
    {
        var isaiah = TestPerson.New("Isaiah");
        var (unitA, unitB) = (ProjectsHarness.NewBusinessUnit(), ProjectsHarness.NewBusinessUnit());
        await using var run = await StartAsync(new Dictionary<string, string?> { [$"Portfolio:Leaders:{isaiah.AadObjectId}:0"] = unitA });
        var leader = await StoreAsync(run, isaiah, Role.Leader);
        var pm = await StoreAsync(run, TestPerson.New("Megan"), Role.ProjectManager);
        await PmoChannelAsync(run);
        var digest = run.Get<WeeklyDigest>();
        var now = DateTimeOffset.UtcNow;
        var week = digest.WeekOf(now);
        var (lastWeek, weekBefore) = (week.Previous, week.Previous.Previous);
        var goLive = new DateOnly(2026, 10, 15);

        // The last digest was built at last week's hour: reviews of last week on are "since".
        var since = digest.DueAt(lastWeek);
        await run.Get<DigestStore>().RecordRoundAsync(lastWeek, since, None);

        var turnedRed = await ProjectAsync(run, pm, unitA);
        await ReviewAsync(run, turnedRed, weekBefore, Rag.Green, goLive);
        await ReviewAsync(run, turnedRed, lastWeek, Rag.Red, goLive.AddDays(14));
        var turnedAmber = await ProjectAsync(run, pm, unitA);
        await ReviewAsync(run, turnedAmber, weekBefore, Rag.Green, goLive);
        await ReviewAsync(run, turnedAmber, lastWeek, Rag.Amber, goLive);
        var stillRed = await ProjectAsync(run, pm, unitA);
        await ReviewAsync(run, stillRed, weekBefore, Rag.Red);
        await ReviewAsync(run, stillRed, lastWeek, Rag.Red);
        var improving = await ProjectAsync(run, pm, unitA);
        await ReviewAsync(run, improving, weekBefore, Rag.Red, goLive);
        await ReviewAsync(run, improving, lastWeek, Rag.Amber, goLive.AddDays(-7));
        var missed = await ProjectAsync(run, pm, unitA);
        Assert.True(await run.Get<ReviewHistory>().RecordMissedAsync(missed, lastWeek, now, None));
        var onLeave = await ProjectAsync(run, pm, unitA);
        Assert.True(await run.Get<ReviewHistory>().RecordOnLeaveAsync(onLeave, lastWeek, now, None));
        var otherUnit = await ProjectAsync(run, pm, unitB);
        await ReviewAsync(run, otherUnit, lastWeek, Rag.Red);

        // Critical warnings, new and still open; a watch one is not the digest's.
        var warnings = run.Get<WarningStore>();
        await warnings.TryAddAsync(Episode(stillRed, DimensionRedRule.RuleId, WarningSeverity.Critical, "Overall is Red", now.AddMinutes(-1)), None);
        await warnings.TryAddAsync(Episode(missed, MissedReviewsRule.RuleId, WarningSeverity.Critical, "2 reviews missed in a row", since.AddDays(-3)), None);
        await warnings.TryAddAsync(Episode(turnedAmber, AmberStreakRule.RuleId, WarningSeverity.Watch, "Amber for 3 weeks", now), None);
        await warnings.TryAddAsync(Episode(otherUnit, DimensionRedRule.RuleId, WarningSeverity.Critical, "Overall is Red", now), None);

        // Blockers: one open 20 days, one 3 days, one old but closed.
        var blockers = run.Get<BlockerStore>();
        await blockers.AddAsync(Blocker(stillRed, "i1", "Vendor contract unsigned", now.AddDays(-20)), None);
        await blockers.AddAsync(Blocker(stillRed, "i2", "Test data late", now.AddDays(-3)), None);
        await blockers.AddAsync(Blocker(turnedAmber, "i1", "Old and settled", now.AddDays(-30)) with { State = BlockerState.Closed, ClosedAt = now.AddDays(-1) }, None);

        Assert.Contains("business unit " + unitA, (await run.SayAsync(isaiah, "digest on")).Text, StringComparison.Ordinal);
        var sent = await digest.SendWeekAsync(week, now, None);

        // The leader's copy: only unit A, section by section, each line with the command that opens its card.
        var copy = Assert.Single(sent.Copies, c => c.Target.Key == leader.UserKey);
        Assert.Equal($"digest|{week}|{leader.UserKey}", copy.IdempotencyKey);
        var card = copy.Card!;
        await AdaptiveCardValidator.AssertValidAsync("leader's digest", card);
        Assert.Equal(
            [$"{DigestFacts.RagTitle} (2)", $"{DigestFacts.WarningsTitle} (2)", $"{DigestFacts.BlockersTitle(14)} (1)", $"{DigestFacts.MissedTitle} (1)", $"{DigestFacts.SlipsTitle} (1)"],
            HeadingsOf(card));
        var lines = LinesOf(card);
        Assert.Equal(
            [
                ($"🔴 **{turnedRed.Code}** {turnedRed.Name}: Red, was Green ({lastWeek}, {pm.Name})", $"status {turnedRed.Code}"),
                ($"🟠 **{turnedAmber.Code}** {turnedAmber.Name}: Amber, was Green ({lastWeek}, {pm.Name})", $"status {turnedAmber.Code}"),
                ($"🆕 new · **{stillRed.Code}** Red RAG: Overall is Red", $"warnings {stillRed.Code}"),
                ($"⏳ still open · **{missed.Code}** Reviews missed: 2 reviews missed in a row", $"warnings {missed.Code}"),
                ($"**{stillRed.Code}** · 20 days · issue: Vendor contract unsigned · owner {pm.Name}", $"blockers {stillRed.Code}"),
                ($"**{missed.Code}** {missed.Name}: week {lastWeek} missed by {pm.Name}", $"review history {missed.Code}"),
                ($"**{turnedRed.Code}** {turnedRed.Name}: Go-live now 29 Oct 2026, was 15 Oct 2026 (14 days later)", $"status {turnedRed.Code}"),
            ],
            lines);
        Assert.DoesNotContain(otherUnit.Code, card.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(onLeave.Code, card.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(improving.Code, card.ToJsonString(), StringComparison.Ordinal);

        // The twin: the PMO's digest (the whole portfolio) has unit B's project the leader may not see.
        var pmoLines = sent.Pmo.Sections.SelectMany(s => s.Lines).ToList();
        Assert.Contains(new DigestLine($"🔴 **{otherUnit.Code}** {otherUnit.Name}: Red in its first review ({lastWeek}, {pm.Name})", $"status {otherUnit.Code}"), pmoLines);
        Assert.Contains(new DigestLine($"🆕 new · **{otherUnit.Code}** Red RAG: Overall is Red", $"warnings {otherUnit.Code}"), pmoLines);
        Assert.Contains(sent.Copies, c => c.IdempotencyKey == $"digest|{week}|channel");
    }

    [Fact]
    public async Task A_quiet_week_says_so_in_one_line()
    {
        await using var run = await StartAsync();
        var isaiah = TestPerson.New("Isaiah");
        var leader = await StoreAsync(run, isaiah, Role.Leader);
        var pm = await StoreAsync(run, TestPerson.New("Megan"), Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        await PmoChannelAsync(run);
        var steady = await ProjectAsync(run, pm, unit);
        var digest = run.Get<WeeklyDigest>();
        var now = DateTimeOffset.UtcNow;
        var week = digest.WeekOf(now);
        await run.Get<DigestStore>().RecordRoundAsync(week.Previous, digest.DueAt(week.Previous), None);
        await ReviewAsync(run, steady, week.Previous.Previous, Rag.Amber);
        await ReviewAsync(run, steady, week.Previous, Rag.Green);
        await run.Get<BlockerStore>().AddAsync(Blocker(steady, "i1", "Raised last week", now.AddDays(-6)), None);

        Assert.Contains("business unit " + unit, (await run.SayAsync(isaiah, $"digest on {unit}")).Text, StringComparison.Ordinal);
        var sent = await digest.SendWeekAsync(week, now, None);

        var card = Assert.Single(sent.Copies, c => c.Target.Key == leader.UserKey).Card!;
        await AdaptiveCardValidator.AssertValidAsync("quiet digest", card);
        Assert.Empty(LinesOf(card));
        Assert.Contains(DigestCards.QuietLine, PmoBot.Tests.Teams.BotHarness.TextsOf(card));
        Assert.Contains("a quiet week", Assert.Single(sent.Copies, c => c.Target.Key == leader.UserKey).Text, StringComparison.Ordinal);
    }

    private static WarningEpisode Episode(Project project, string rule, WarningSeverity severity, string headline, DateTimeOffset raisedAt) =>
        new($"{project.Code}|{rule}", project.Code, project.Name, project.Manager.UserKey, project.Manager.Name, rule, severity, headline, string.Empty, raisedAt, raisedAt, 1);

    private static Blocker Blocker(Project project, string id, string text, DateTimeOffset raisedAt) =>
        new(project.Code, id, project.Name, project.BusinessUnit, BlockerKind.Issue, text, project.Manager.UserKey, project.Manager.Name, raisedAt, project.Manager.UserKey, project.Manager.Name, null, BlockerState.Open);
}
