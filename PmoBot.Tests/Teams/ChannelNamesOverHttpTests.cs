using PmoBot.People;
using PmoBot.Tests.Processes;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// Teams sends a channel's id with each message but not its name: the bot asks Teams for the team's channels once and
/// names the channel "Team › Channel" wherever it speaks of it (here, the PMO alert channel), over real HTTP.
/// </summary>
public sealed class ChannelNamesOverHttpTests
{
    [Fact]
    public async Task Alerts_here_in_a_channel_Teams_did_not_name_answers_and_remembers_it_by_the_name_Teams_lists()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channel = $"19:pmo-{Guid.NewGuid():N}@thread.tacv2";
        run.Connector.KnowTeam(TeamsActivities.TeamOf(channel), "Delivery", (TeamsActivities.TeamOf(channel), null), (channel, "PMO"));

        var here = await AlertsHereAsync(run, alex, channel);

        Assert.StartsWith("PMO alerts will be posted here, in **Delivery › PMO**", here, StringComparison.Ordinal);
        Assert.StartsWith("PMO alerts go to the channel **Delivery › PMO** (chosen by " + alex.Name, (await run.SayAsync(alex, "alerts")).Text, StringComparison.Ordinal);

        // The name is kept with the channel's address: the channel's next message does not ask Teams again.
        var asked = run.Connector.ChannelListRequests;
        await AlertsHereAsync(run, alex, channel);
        Assert.Equal(asked, run.Connector.ChannelListRequests);
    }

    [Fact]
    public async Task When_Teams_will_not_list_the_team_the_channel_is_still_chosen_and_spoken_of_as_the_PMOs_alert_channel()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channel = $"19:pmo-{Guid.NewGuid():N}@thread.tacv2";

        var here = await AlertsHereAsync(run, alex, channel);

        Assert.True(run.Connector.ChannelListRequests > 0);
        Assert.StartsWith("PMO alerts will be posted here, in **this channel**", here, StringComparison.Ordinal);
        // In a personal chat "this channel" would point nowhere.
        Assert.StartsWith("PMO alerts go to the PMO's alert channel (chosen by " + alex.Name, (await run.SayAsync(alex, "alerts")).Text, StringComparison.Ordinal);
    }

    private static async Task<string> AlertsHereAsync(ProcessesHttpRun run, TestPerson person, string channel)
    {
        var activity = TeamsActivities.ChannelMessage(person, "alerts here", channel, run.Connector.ServiceUrl, channelName: null);
        using (var response = await run.PostAsync(activity))
        {
            Assert.True(response.IsSuccessStatusCode, $"alerts here: status {(int)response.StatusCode}");
        }

        // A plain message, or (when warnings are open) the open-warnings card with the confirmation above the list.
        var reply = run.Connector.Sent.Last(a => a.ConversationId == activity.Conversation.Id && a.Method == "POST");
        return reply.Text is { Length: > 0 } text ? text : reply.Card?["body"]?[0]?["text"]?.GetValue<string>() ?? string.Empty;
    }
}
