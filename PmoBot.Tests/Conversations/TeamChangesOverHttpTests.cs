using System.Net;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.People;
using PmoBot.Tests.Processes;
using PmoBot.Tests.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Conversations;

/// <summary>
/// Teams announces what happens to teams and channels (renamed, deleted, archived, restored, PmoBot uninstalled) as
/// conversation updates. Posted over real HTTP as Teams sends them: the channels PmoBot offers and the PMO's alert
/// channel follow, and the PMO hears once when its alert channel is gone.
/// </summary>
public sealed class TeamChangesOverHttpTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_deleted_alert_channel_stops_being_the_alert_channel_and_the_PMO_is_told_once_in_personal_chat_while_another_deleted_channel_changes_nothing()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var team = NewId("team");
        var pmo = NewId("pmo");
        var other = NewId("other");
        run.Connector.KnowTeam(team, "Delivery", (team, null), (pmo, "PMO"), (other, "Design"));
        await SayInChannelAsync(run, alex, "alerts here", pmo, team);
        await SayInChannelAsync(run, alex, "help", other, team);
        Assert.StartsWith("PMO alerts go to the channel **Delivery › PMO**", (await run.SayAsync(alex, "alerts")).Text, StringComparison.Ordinal);
        var personal = TeamsActivities.PersonalConversation(alex).Id;

        // Twin: another channel of the same team deleted. It is no longer offered; the alert channel is untouched.
        await PostAsync(run, TeamsActivities.TeamUpdate(alex, "channelDeleted", team, channel: (other, "Design"), serviceUrl: run.Connector.ServiceUrl));
        Assert.DoesNotContain(await PostableAsync(run), c => c.Key == other);
        Assert.Contains(await PostableAsync(run), c => c.Key == pmo && c.Name == "Delivery › PMO");
        Assert.StartsWith("PMO alerts go to the channel **Delivery › PMO**", (await run.SayAsync(alex, "alerts")).Text, StringComparison.Ordinal);
        var before = run.Connector.Sent.Count(a => a.ConversationId == personal);

        var deleted = TeamsActivities.TeamUpdate(alex, "channelDeleted", team, channel: (pmo, "PMO"), serviceUrl: run.Connector.ServiceUrl);
        await PostAsync(run, deleted);

        var notice = (await run.Connector.WaitForAsync(personal, before + 1, FanOutWait)).Skip(before).Single();
        var said = notice.Card!["body"]!.AsArray().Select(b => b!["text"]?.GetValue<string>()).ToList();
        Assert.Equal("PMO alerts moved to personal chat", said[0]);
        Assert.StartsWith("PmoBot can no longer post PMO alerts in the channel **Delivery › PMO**: the channel was deleted in Teams.", said[1], StringComparison.Ordinal);
        Assert.Contains("mention me there with **alerts here**", said[1], StringComparison.Ordinal);
        Assert.StartsWith("No channel is chosen, so PMO alerts go to each PMO member's personal chat.", (await run.SayAsync(alex, "alerts")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(await PostableAsync(run), c => c.Key == pmo);

        // Teams announcing it again tells nobody twice. Only the notices count: other tests' early warnings reach every
        // PMO member of the shared storage while no alert channel is chosen, Alex among them.
        int Notices() => run.Connector.Sent.Count(a => a.ConversationId == personal && a.Card?.ToJsonString().Contains("PMO alerts moved to personal chat", StringComparison.Ordinal) == true);
        Assert.Equal(1, Notices());
        await PostAsync(run, deleted);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, Notices());

        // Restored from the bin, it is offered again under its name; the PMO chooses it again if it wants it back.
        await PostAsync(run, TeamsActivities.TeamUpdate(alex, "channelRestored", team, channel: (pmo, "PMO"), serviceUrl: run.Connector.ServiceUrl));
        Assert.Contains(await PostableAsync(run), c => c.Key == pmo && c.Name == "Delivery › PMO");
        Assert.StartsWith("No channel is chosen", (await run.SayAsync(alex, "alerts")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renamed_channels_and_teams_keep_their_place_under_the_new_name_and_an_archived_team_is_not_offered_until_it_is_back()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (team, pmo) = DeliveryTeam(run);
        await SayInChannelAsync(run, alex, "alerts here", pmo, team);
        await SayInChannelAsync(run, alex, "help", team, team);
        Assert.Contains(await PostableAsync(run), c => c.Key == team && c.Name == "Delivery › General");

        await PostAsync(run, TeamsActivities.TeamUpdate(alex, "channelRenamed", team, channel: (pmo, "PMO alerts"), serviceUrl: run.Connector.ServiceUrl));
        Assert.StartsWith("PMO alerts go to the channel **Delivery › PMO alerts**", (await run.SayAsync(alex, "alerts")).Text, StringComparison.Ordinal);

        await PostAsync(run, TeamsActivities.TeamUpdate(alex, "teamRenamed", team, teamName: "Delivery EMEA", serviceUrl: run.Connector.ServiceUrl));
        Assert.StartsWith("PMO alerts go to the channel **Delivery EMEA › PMO alerts**", (await run.SayAsync(alex, "alerts")).Text, StringComparison.Ordinal);
        var postable = await PostableAsync(run);
        Assert.Contains(postable, c => c.Key == pmo && c.Name == "Delivery EMEA › PMO alerts");
        Assert.Contains(postable, c => c.Key == team && c.Name == "Delivery EMEA › General");

        // A new channel takes the team's name as PmoBot knows it (Teams sends only the channel's).
        var created = NewId("new");
        await PostAsync(run, TeamsActivities.TeamUpdate(alex, "channelCreated", team, channel: (created, "Releases"), serviceUrl: run.Connector.ServiceUrl));
        Assert.Contains(await PostableAsync(run), c => c.Key == created && c.Name == "Delivery EMEA › Releases");

        // A channel deleted on its own stays closed when its team comes back.
        var dropped = NewId("dropped");
        await PostAsync(run, TeamsActivities.TeamUpdate(alex, "channelCreated", team, channel: (dropped, "Old releases"), serviceUrl: run.Connector.ServiceUrl));
        await PostAsync(run, TeamsActivities.TeamUpdate(alex, "channelDeleted", team, channel: (dropped, "Old releases"), serviceUrl: run.Connector.ServiceUrl));

        await PostAsync(run, TeamsActivities.TeamUpdate(alex, "teamArchived", team, serviceUrl: run.Connector.ServiceUrl));
        Assert.DoesNotContain(await PostableAsync(run), c => c.Key == pmo || c.Key == team || c.Key == created);
        Assert.StartsWith("No channel is chosen", (await run.SayAsync(alex, "alerts")).Text, StringComparison.Ordinal);
        var stored = await run.Get<ConversationReferenceStore>().GetAsync(ConversationKind.Channel, pmo, None);
        Assert.Equal("its team was archived in Teams", stored!.UnreachableReason);

        await PostAsync(run, TeamsActivities.TeamUpdate(alex, "teamUnarchived", team, serviceUrl: run.Connector.ServiceUrl));
        Assert.Contains(await PostableAsync(run), c => c.Key == pmo && c.Name == "Delivery EMEA › PMO alerts");
        Assert.Contains(await PostableAsync(run), c => c.Key == created);
        Assert.DoesNotContain(await PostableAsync(run), c => c.Key == dropped);
    }

    [Fact]
    public async Task PmoBot_uninstalled_from_a_team_stops_offering_every_channel_of_that_team_and_no_other_until_it_is_added_again()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var team = NewId("team");
        var pmo = NewId("pmo");
        var elsewhere = NewId("else");
        await SayInChannelAsync(run, alex, "help", pmo, team);
        await SayInChannelAsync(run, alex, "help", team, team);
        await SayInChannelAsync(run, alex, "help", elsewhere, NewId("team"));

        await PostAsync(run, TeamsActivities.TeamUninstall(alex, team, run.Connector.ServiceUrl));

        var postable = await PostableAsync(run);
        Assert.DoesNotContain(postable, c => c.Key == pmo || c.Key == team);
        Assert.Contains(postable, c => c.Key == elsewhere);
        Assert.Equal("PmoBot was removed from its team", (await run.Get<ConversationReferenceStore>().GetAsync(ConversationKind.Channel, pmo, None))!.UnreachableReason);

        // Installed again (Teams adds PmoBot to the team's members), the team's channels are offered again.
        var added = TeamsActivities.TeamUpdate(alex, "teamMemberAdded", team, serviceUrl: run.Connector.ServiceUrl);
        added.MembersAdded = [new Microsoft.Bot.Schema.ChannelAccount(TeamsActivities.BotId, TeamsActivities.BotName)];
        await PostAsync(run, added);
        Assert.Contains(await PostableAsync(run), c => c.Key == pmo);
        Assert.Contains(await PostableAsync(run), c => c.Key == team);
    }

    [Fact]
    public async Task People_joining_or_leaving_a_team_or_group_chat_are_acknowledged_without_asking_Teams_about_each_and_nothing_is_posted()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var team = NewId("team");
        var joiners = Enumerable.Range(0, 3).Select(i => TestPerson.New($"Joiner{i}")).ToList();
        var accounts = joiners.Select(p => new Microsoft.Bot.Schema.ChannelAccount(p.TeamsUserId, p.Name, aadObjectId: p.AadObjectId)).ToList();
        var sentBefore = run.Connector.Sent.Count;

        var joined = TeamsActivities.TeamUpdate(alex, "teamMemberAdded", team, serviceUrl: run.Connector.ServiceUrl);
        joined.MembersAdded = accounts;
        var left = TeamsActivities.TeamUpdate(alex, "teamMemberRemoved", team, serviceUrl: run.Connector.ServiceUrl);
        left.MembersRemoved = accounts;
        var groupChat = TeamsActivities.TeamUpdate(alex, "teamMemberAdded", team, serviceUrl: run.Connector.ServiceUrl);
        groupChat.Conversation = new Microsoft.Bot.Schema.ConversationAccount(isGroup: true, conversationType: "groupChat", id: $"19:chat-{Guid.NewGuid():N}@thread.v2", tenantId: TeamsActivities.TenantId);
        groupChat.ChannelData = null;
        groupChat.MembersAdded = accounts;

        // The connector stand-in serves no member lookups: asking it about each joiner failed the event with 500.
        foreach (var activity in new[] { joined, left, groupChat })
        {
            await PostAsync(run, activity);
        }

        Assert.Equal(sentBefore, run.Connector.Sent.Count);
    }

    [Fact]
    public async Task A_change_that_meets_a_storage_outage_is_answered_503_for_Teams_to_send_again_with_nothing_posted_and_the_retry_applies_it()
    {
        var faults = new StorageFaults();
        await using var run = await ProcessesHttpRun.StartAsync(replaceServices: services =>
        {
            services.RemoveAll<ConversationReferenceStore>();
            services.AddSingleton(sp => new ConversationReferenceStore(TablesWith(faults), sp.GetRequiredService<TimeProvider>()));
        });
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (team, pmo) = DeliveryTeam(run);
        await SayInChannelAsync(run, alex, "help", pmo, team);
        var renamed = TeamsActivities.TeamUpdate(alex, "channelRenamed", team, channel: (pmo, "PMO alerts"), serviceUrl: run.Connector.ServiceUrl);
        var sentBefore = run.Connector.Sent.Count;
        faults.FailNext(ConversationReferenceStore.TableName, count: 5);

        using (var refused = await run.PostAsync(renamed))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("its storage is unavailable", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // No apology in the team's General channel: nobody asked anything there.
        Assert.Equal(sentBefore, run.Connector.Sent.Count);
        faults.FailNext(ConversationReferenceStore.TableName, count: 0);
        Assert.Contains(await PostableAsync(run), c => c.Key == pmo && c.Name == "Delivery › PMO");

        // Twin: the same announcement sent again once storage answers is applied.
        await PostAsync(run, renamed);
        Assert.Contains(await PostableAsync(run), c => c.Key == pmo && c.Name == "Delivery › PMO alerts");
        Assert.Equal(sentBefore, run.Connector.Sent.Count);
    }

    [Fact]
    public async Task When_the_notice_cannot_be_queued_the_alert_channel_is_kept_for_Teams_retry_which_tells_the_PMO_once()
    {
        var faults = new StorageFaults();
        await using var run = await ProcessesHttpRun.StartAsync(replaceServices: services =>
        {
            // Every store on one client whose requests can be made to fail, as the app has one client for all.
            services.RemoveAll<TableServiceClient>();
            services.AddSingleton(_ => TablesWith(faults));
        });
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (team, pmo) = DeliveryTeam(run);
        await SayInChannelAsync(run, alex, "alerts here", pmo, team);
        await run.SayAsync(alex, "alerts");
        var personal = TeamsActivities.PersonalConversation(alex).Id;
        var deleted = TeamsActivities.TeamUpdate(alex, "channelDeleted", team, channel: (pmo, "PMO"), serviceUrl: run.Connector.ServiceUrl);
        faults.FailNext(DeliveryStore.TableName, RequestMethod.Post);

        using (var refused = await run.PostAsync(deleted))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        Assert.Equal(1, faults.Injected);
        Assert.StartsWith("PMO alerts go to the channel **Delivery › PMO**", (await run.SayAsync(alex, "alerts")).Text, StringComparison.Ordinal);

        var before = run.Connector.Sent.Count(a => a.ConversationId == personal);
        await PostAsync(run, deleted);

        await run.Connector.WaitForAsync(personal, before + 1, FanOutWait);
        Assert.StartsWith("No channel is chosen", (await run.SayAsync(alex, "alerts")).Text, StringComparison.Ordinal);
        Assert.Single(run.Connector.Sent, a => a.ConversationId == personal && a.Card?["body"]?[0]?["text"]?.GetValue<string>() == "PMO alerts moved to personal chat");
    }

    /// <summary>
    /// How long a "moved to personal chat" notice may take: it goes to every PMO member the shared test storage holds
    /// (hundreds late in a full run, most of them never seen by the connector), queued in the outbox before Alex's copy.
    /// </summary>
    private static readonly TimeSpan FanOutWait = TimeSpan.FromSeconds(60);

    /// <summary>A team "Delivery" with its General channel and a "PMO" channel, as Teams lists them.</summary>
    private static (string Team, string Pmo) DeliveryTeam(ProcessesHttpRun run)
    {
        var (team, pmo) = (NewId("team"), NewId("pmo"));
        run.Connector.KnowTeam(team, "Delivery", (team, null), (pmo, "PMO"));
        return (team, pmo);
    }

    private static string NewId(string kind) => $"19:{kind}-{Guid.NewGuid():N}@thread.tacv2";

    /// <summary>The shared Azurite through a client that does not retry, so the requests <paramref name="faults"/> picks fail as storage failures.</summary>
    private static TableServiceClient TablesWith(StorageFaults faults)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(faults, HttpPipelinePosition.PerRetry);
        return new TableServiceClient(AzuriteStorage.ConnectionString, options);
    }

    private static async Task SayInChannelAsync(ProcessesHttpRun run, TestPerson person, string text, string channel, string team)
    {
        var activity = TeamsActivities.ChannelMessageInTeam(person, text, channel, team, run.Connector.ServiceUrl);
        var before = run.Connector.Sent.Count(a => a.ConversationId == activity.Conversation.Id);
        await PostAsync(run, activity);
        await run.Connector.WaitForAsync(activity.Conversation.Id, before + 1);
    }

    private static async Task PostAsync(ProcessesHttpRun run, Microsoft.Bot.Schema.Activity activity)
    {
        using var response = await run.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<IReadOnlyList<ChannelChoice>> PostableAsync(ProcessesHttpRun run) =>
        run.Get<ConversationReferenceStore>().PostableChannelsAsync(None);
}
