using PmoBot.Alerts;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;
using PmoBot.Tests.Warnings;
using PmoBot.Warnings;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Alerts;

public sealed class AlertCommandsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_pmo_chooses_a_channel_for_alerts_and_turns_them_off()
    {
        var (router, store, pmo) = await CreateAsync(Role.Pmo);
        var channel = $"19:{Guid.NewGuid():N}@thread.tacv2";

        var here = await router.RouteAsync(pmo, "alerts here", ConversationKind.Channel, [], None, new ChatPlace("en-GB", channel, "PMO alerts"));
        var shown = await router.RouteAsync(pmo, "alerts", ConversationKind.Personal, [], None);
        var stored = await store.GetAsync(None);
        var off = await router.RouteAsync(pmo, "alerts off", ConversationKind.Personal, [], None);

        Assert.StartsWith("PMO alerts will be posted here, in **PMO alerts**", here.Text, StringComparison.Ordinal);
        Assert.StartsWith("PMO alerts go to the channel **PMO alerts**", shown.Text, StringComparison.Ordinal);
        Assert.Equal((channel, pmo.Name), (stored!.ConversationKey, stored.RegisteredBy));
        Assert.StartsWith("PMO alerts are no longer posted in a channel", off.Text, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(None));
    }

    [Fact]
    public async Task Alerts_says_on_which_day_the_channel_was_chosen_on_the_callers_own_calendar()
    {
        var (router, store, pmo) = await CreateAsync(Role.Pmo);
        await store.SetAsync(new AlertChannel($"19:{Guid.NewGuid():N}@thread.tacv2", "PMO alerts", "Alex Wilber", new DateTimeOffset(2027, 2, 12, 20, 0, 0, TimeSpan.Zero)), None);

        // 20:00 UTC on the 12th is already the 13th in Kolkata.
        var shown = await router.RouteAsync(pmo with { TimeZone = "Asia/Kolkata" }, "alerts", ConversationKind.Personal, [], None);

        Assert.StartsWith("PMO alerts go to the channel **PMO alerts** (chosen by Alex Wilber on 13 Feb 2027).", shown.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_here_outside_a_channel_explains_where_to_type_it_and_changes_nothing()
    {
        var (router, store, pmo) = await CreateAsync(Role.Pmo);

        var reply = await router.RouteAsync(pmo, "alerts here", ConversationKind.Personal, [], None, new ChatPlace("en-GB", pmo.UserKey, null));

        Assert.StartsWith("Type **alerts here** in the channel that should get the alerts", reply.Text, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(None));
    }

    [Fact]
    public async Task A_project_manager_may_not_choose_the_alert_channel()
    {
        var (router, store, pm) = await CreateAsync(Role.ProjectManager);

        var reply = await router.RouteAsync(pm, "alerts here", ConversationKind.Channel, [], None, new ChatPlace("en-GB", "19:x@thread.tacv2", "General"));

        Assert.StartsWith("**alerts here** is for PMO or Admin", reply.Text, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(None));
    }

    [Fact]
    public async Task Choosing_a_new_channel_lists_the_open_warnings_there_and_with_none_open_says_only_where_alerts_go()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        var pmo = await h.Projects.PersonAsync("Patti", Role.Pmo);
        var router = new CommandRouter([new AlertCommands(h.Channels, [new OpenWarningsList(h.Store, h.Rules, h.Time)], h.Time)]);
        var place = new ChatPlace("en-GB", $"19:{Guid.NewGuid():N}@thread.tacv2", "PMO escalations");

        var quiet = await router.RouteAsync(pmo, "alerts here", ConversationKind.Channel, [], None, place);
        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.7m, overall: PmoBot.Reviews.Templates.Rag.Red);
        var listed = await router.RouteAsync(pmo, "alerts here", ConversationKind.Channel, [], None, place);

        Assert.Null(quiet.Card);
        Assert.EndsWith("Type **alerts off** to stop.", quiet.Text, StringComparison.Ordinal);
        Assert.EndsWith("Two early warnings are open on one project, listed below. New and escalated ones are posted here, one card per project; a card posted before moves here the next time it changes.", listed.Text, StringComparison.Ordinal);
        Assert.Equal(listed.Text, TextsOf(listed.Card)[0]);
        var rows = TextsOf(listed.Card).Where(t => t.Contains($"**{project.Code}**", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("Cost performance low (Critical)", rows[0] + rows[1], StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync("open warnings listed in the new channel", listed.Card!);
    }

    private static async Task<(CommandRouter Router, AlertChannelStore Store, PmoUser Caller)> CreateAsync(Role role)
    {
        var projects = await ProjectsHarness.CreateAsync();
        var table = $"AlertChannels{Guid.NewGuid():N}"[..30];
        var store = new AlertChannelStore(await AzuriteStorage.WithTablesAsync(table), table);
        var caller = await projects.PersonAsync("Patti", role);
        return (new CommandRouter([new AlertCommands(store, [], TimeProvider.System)]), store, caller);
    }
}
