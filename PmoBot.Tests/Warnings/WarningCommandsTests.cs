using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Warnings;

/// <summary><c>warnings</c> and <c>warnings &lt;code&gt;</c> for each role, and the paged list card.</summary>
public sealed class WarningCommandsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Pmo_leaders_and_admins_see_every_open_warning_and_a_pm_only_their_projects()
    {
        var h = await WarningsHarness.CreateAsync();
        var (megan, mine) = await h.ProjectAsync();
        var (_, theirs) = await h.ProjectAsync();
        await h.SubmitAsync(mine, WarningsHarness.Week48, cpi: 0.85m);
        await h.SubmitAsync(theirs, WarningsHarness.Week48, cpi: 0.7m, overall: Rag.Red);

        foreach (var role in new[] { Role.Pmo, Role.Leader, Role.Admin })
        {
            var reply = await h.SayAsync(await h.Projects.PersonAsync("Isaiah", role), "warnings");
            var texts = TextsOf(reply.Card);
            Assert.Contains(texts, t => t.Contains($"**{mine.Code}**", StringComparison.Ordinal));
            Assert.Contains(texts, t => t.Contains($"**{theirs.Code}**", StringComparison.Ordinal));
            Assert.Contains("3 open, most severe first.", texts);
        }

        var own = await h.SayAsync(megan, "warnings");
        Assert.Equal("Open warnings on your projects", own.Card!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains(TextsOf(own.Card), t => t.Contains($"**{mine.Code}**", StringComparison.Ordinal));
        Assert.DoesNotContain(TextsOf(own.Card), t => t.Contains(theirs.Code, StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("warnings list", own.Card!);
    }

    [Fact]
    public async Task Warnings_for_a_project_lists_its_own_and_a_pm_is_refused_another_without_learning_it_exists()
    {
        var h = await WarningsHarness.CreateAsync();
        var (megan, mine) = await h.ProjectAsync();
        var (_, theirs) = await h.ProjectAsync();
        await h.SubmitAsync(theirs, WarningsHarness.Week48, cpi: 0.7m, overall: Rag.Red);
        var leader = await h.Projects.PersonAsync("Isaiah", Role.Leader);

        var shown = await h.SayAsync(leader, $"warnings {theirs.Code.ToLowerInvariant()}");
        Assert.StartsWith($"Open warnings · {theirs.Code}", shown.Card!["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, shown.Card!["body"]!.AsArray().Count(e => e!["type"]!.GetValue<string>() == "Container" && e["separator"] is not null));

        var refused = await h.SayAsync(megan, $"warnings {theirs.Code}");
        var unknown = await h.SayAsync(megan, "warnings NOPE-404");
        Assert.Equal(ProjectCommands.NotVisible(h.Projects.Visibility.For(megan), theirs.Code), refused.Text);
        Assert.Equal(ProjectCommands.NotVisible(h.Projects.Visibility.For(megan), "NOPE-404"), unknown.Text);
        Assert.Equal($"{mine.Code} {mine.Name} has no open early warnings.", (await h.SayAsync(megan, $"warnings {mine.Code}")).Text);
    }

    [Fact]
    public async Task A_leader_limited_to_a_business_unit_sees_the_warnings_of_that_unit_only()
    {
        var h = await WarningsHarness.CreateAsync();
        var mine = ProjectsHarness.NewBusinessUnit();
        var leader = await h.Projects.LeaderLimitedToAsync(mine);
        var (_, visible) = await h.ProjectAsync(businessUnit: mine);
        var (_, hidden) = await h.ProjectAsync(businessUnit: ProjectsHarness.NewBusinessUnit());
        var nothing = await h.SayAsync(leader, "warnings");
        await h.SubmitAsync(visible, WarningsHarness.Week48, cpi: 0.85m);
        await h.SubmitAsync(hidden, WarningsHarness.Week48, cpi: 0.7m, overall: Rag.Red);

        var list = await h.SayAsync(leader, "warnings");
        var shown = await h.SayAsync(leader, $"warnings {visible.Code}");
        var refused = await h.SayAsync(leader, $"warnings {hidden.Code}");
        var unknown = await h.SayAsync(leader, "warnings NOPE-404");

        Assert.Equal($"No open early warnings on the projects you may see (business unit {mine} and the projects you manage).", nothing.Text);
        Assert.Equal("Open warnings on the projects you may see", list.Card!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains(TextsOf(list.Card), t => t.Contains($"**{visible.Code}**", StringComparison.Ordinal));
        Assert.DoesNotContain(TextsOf(list.Card), t => t.Contains(hidden.Code, StringComparison.Ordinal));
        Assert.StartsWith($"Open warnings · {visible.Code}", shown.Card!["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            $"I can't show you {hidden.Code} — either it doesn't exist or it isn't one you may see (business unit {mine} and the projects you manage). Type **projects** to see those you may.",
            refused.Text);
        Assert.Equal(refused.Text!.Replace(hidden.Code, "NOPE-404", StringComparison.Ordinal), unknown.Text);
        Assert.Null(refused.Card);
        Assert.StartsWith($"Open warnings · {hidden.Code}", (await h.SayAsync(await h.Projects.PersonAsync("Lee", Role.Leader), $"warnings {hidden.Code}")).Card!["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_open_and_bad_input_get_an_answer()
    {
        var h = await WarningsHarness.CreateAsync();
        var pmo = await h.Projects.PersonAsync("Patti", Role.Pmo);
        var pm = await h.Projects.PersonAsync("Adele", Role.ProjectManager);

        Assert.Equal("No open early warnings: no rule is firing for any active project.", (await h.SayAsync(pmo, "warnings")).Text);
        Assert.Equal("No open early warnings on your projects.", (await h.SayAsync(pm, "warnings")).Text);
        Assert.StartsWith("\"nonsense!\" is not a project code", (await h.SayAsync(pmo, "warnings nonsense!")).Text, StringComparison.Ordinal);
        Assert.StartsWith("\"x\" is not a page number", (await h.SayAsync(pmo, "warnings page x")).Text, StringComparison.Ordinal);
        var (_, project) = await h.ProjectAsync();
        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.7m);
        Assert.Equal("There is no page 2: the 1 open warnings fit on 1. Type **warnings** for the first.", (await h.SayAsync(pmo, "warnings page 2")).Text);
    }

    [Fact]
    public async Task The_list_pages_ten_at_a_time_most_severe_first_with_snoozed_last()
    {
        var now = WarningsHarness.Monday;
        var episodes = Enumerable.Range(1, 12)
            .Select(i => new WarningEpisode($"PRJ-{i}|cpi-low|1", $"PRJ-{i}", "Project", "pm", "Megan", CpiLowRule.RuleId, i == 12 ? WarningSeverity.Critical : WarningSeverity.Watch, $"CPI 0.8{i % 10}", "trend", now, now, 1))
            .ToList();

        var first = WarningCards.List("Open warnings", episodes, _ => "Cost performance low", 1, "warnings", now);
        var second = WarningCards.List("Open warnings", episodes, _ => "Cost performance low", 2, "warnings", now);

        Assert.Contains("12 open, most severe first; page 1 of 2.", TextsOf(first));
        Assert.Equal("warnings page 2", first["actions"]![0]!["data"]!["command"]!.GetValue<string>());
        // The heading, the count, two rows, and the line saying the times are in the reader's zone.
        Assert.Equal(2, second["body"]!.AsArray().Count - 3);
        Assert.Equal(PmoBot.Commands.DateText.ReadersZoneNote, TextsOf(second)[^1]);
        Assert.Null(second["actions"]);
        await AdaptiveCardValidator.AssertValidAsync("warnings page 1", first);

        var h = await WarningsHarness.CreateAsync();
        var (_, a) = await h.ProjectAsync();
        var (_, b) = await h.ProjectAsync();
        await h.SubmitAsync(a, WarningsHarness.Week48, cpi: 0.7m);
        await h.SubmitAsync(b, WarningsHarness.Week48, cpi: 0.85m);
        var critical = await h.OpenAsync(a, CpiLowRule.RuleId);
        var pmo = await h.Projects.People.PersonAsync(PmoBot.Tests.TestSupport.TestPerson.New("Patti"), Role.Pmo);
        await h.ClickAsync(pmo, await h.PostedCardAsync(critical), "Snooze 1 week");

        var texts = TextsOf((await h.SayAsync(pmo, "warnings")).Card).Where(t => t.Contains("**T", StringComparison.Ordinal)).ToList();
        Assert.Contains(b.Code, texts[0], StringComparison.Ordinal);
        Assert.Contains(a.Code, texts[1], StringComparison.Ordinal);
    }
}
