using PmoBot.Alerts;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

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

    private static async Task<(CommandRouter Router, AlertChannelStore Store, PmoUser Caller)> CreateAsync(Role role)
    {
        var projects = await ProjectsHarness.CreateAsync();
        var table = $"AlertChannels{Guid.NewGuid():N}"[..30];
        var store = new AlertChannelStore(await AzuriteStorage.WithTablesAsync(table), table);
        var caller = await projects.PersonAsync("Patti", role);
        return (new CommandRouter([new AlertCommands(store, TimeProvider.System)]), store, caller);
    }
}
