using System.Net;
using System.Text;
using Microsoft.Bot.Schema;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// Teams does not always list a team's channels for the bot: it refuses (403, 404), throttles (429), fails (500) or
/// answers 200 without the list. Over real HTTP, an install in the team and a command in a channel PmoBot has no name
/// for are still answered; the channel is only spoken of by its id.
/// </summary>
public sealed class ChannelListUnavailableOverHttpTests(BrokenRequestTests.Bot fixture) : IClassFixture<BrokenRequestTests.Bot>
{
    private const string TeamsError = """{"error":{"code":"Forbidden","message":"The bot is not part of the team."}}""";

    public static TheoryData<int, string> ChannelListAnswers() => new()
    {
        { 403, TeamsError },
        { 404, TeamsError },
        { 429, TeamsError },
        { 500, TeamsError },
        { 200, TeamsError },
        { 200, "{}" },
        { 200, "not json" },
    };

    private RecordingConnector Connector => fixture.Connector;

    [Theory]
    [MemberData(nameof(ChannelListAnswers))]
    public async Task Installed_in_a_team_whose_channels_Teams_will_not_list_PmoBot_introduces_itself(int status, string body)
    {
        Connector.AnswerChannelListWith(status, body);
        var teamId = $"19:team-{Guid.NewGuid():N}@thread.tacv2";

        using var response = await PostAsync(TeamsActivities.TeamInstall(TestPerson.New(), teamId, Connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var introduction = Assert.Single(await Connector.WaitForAsync(teamId, 1));
        Assert.Equal(PmoBot.Teams.PmoTeamsBot.ChannelIntroduction, introduction.Text);
        Assert.Empty(fixture.Errors);
    }

    [Theory]
    [MemberData(nameof(ChannelListAnswers))]
    public async Task Added_to_a_team_whose_channels_Teams_will_not_list_PmoBot_takes_the_event(int status, string body)
    {
        Connector.AnswerChannelListWith(status, body);
        var teamId = $"19:team-{Guid.NewGuid():N}@thread.tacv2";
        var added = TeamsActivities.TeamUpdate(TestPerson.New(), "teamMemberAdded", teamId, "Delivery", serviceUrl: Connector.ServiceUrl);
        added.MembersAdded = [new ChannelAccount(TeamsActivities.BotId, TeamsActivities.BotName)];

        using var response = await PostAsync(added);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(fixture.Errors);
    }

    [Theory]
    [MemberData(nameof(ChannelListAnswers))]
    public async Task A_command_in_a_channel_PmoBot_cannot_name_is_answered(int status, string body)
    {
        Connector.AnswerChannelListWith(status, body);
        var person = TestPerson.New("Channel");
        var channel = $"19:unnamed-{Guid.NewGuid():N}@thread.tacv2";
        var message = TeamsActivities.ChannelMessage(person, "whoami", channel, Connector.ServiceUrl, channelName: null);

        using var response = await PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(await Connector.WaitForAsync(message.Conversation.Id, 1));
        Assert.Contains(person.Name, answer.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("could not finish", answer.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(fixture.Errors);
    }

    private async Task<HttpResponseMessage> PostAsync(Activity activity)
    {
        using var content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json");
        return await fixture.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }
}
