using System.Net;
using System.Text;
using Microsoft.Bot.Schema;
using PmoBot.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// In a channel people write PmoBot's @mention anywhere in the message: after a word ("please @PmoBot whoami"), at the
/// end, or before someone else's mention. PmoBot's own mention is removed wherever it is, the command is what follows
/// the words and people addressed before it, and other people's mentions stay in the command as their names.
/// </summary>
public sealed class ChannelMentionsOverHttpTests(BrokenRequestTests.Bot fixture) : IClassFixture<BrokenRequestTests.Bot>
{
    private const string Megan = "<at>Megan Bowen</at>";
    private const string Bot = "<at>PmoBot</at>";

    [Theory]
    [InlineData(Bot + " whoami", "whoami")]
    [InlineData("please " + Bot + " whoami", "whoami")]
    [InlineData("<p>please " + Bot + " whoami</p>", "whoami")]
    [InlineData("whoami " + Bot, "whoami")]
    [InlineData(Bot + " " + Megan + " role list", "role list")]
    [InlineData(Megan + ", " + Bot + " role list", "role list")]
    [InlineData(Bot + " role grant " + Megan + " pm", "role grant Megan Bowen pm")]
    [InlineData(Bot + " " + Megan, "Megan Bowen")]
    [InlineData(Megan + " please " + Bot + " role grant Adele pmo", "role grant Adele pmo")]
    [InlineData(Bot + " " + Megan + " role grant Adele pmo", "role grant Adele pmo")]
    public void The_command_is_the_text_without_the_bots_mention_and_the_words_and_people_before_it(string typed, string command)
    {
        // Read as the endpoint reads it: the SDK finds mentions in the entities' JSON, not in typed Mention objects.
        var message = Newtonsoft.Json.JsonConvert.DeserializeObject<Activity>(TeamsActivities.ToJson(Channel(TestPerson.New(), typed, "https://smba.trafficmanager.net/teams/")))!;

        var (text, mentions) = ActivityMapping.CommandOf(message);

        Assert.Equal(command, text);
        // Someone addressed before the command is not among the people it names: "role grant Adele" is not about Megan.
        Assert.Equal(command.Contains("Megan Bowen", StringComparison.Ordinal), mentions.Any(m => m.Name == "Megan Bowen"));
        Assert.DoesNotContain(mentions, m => m.Name == TeamsActivities.BotName);
    }

    [Theory]
    [InlineData(Bot + " whoami")]
    [InlineData("please " + Bot + " whoami")]
    [InlineData("whoami " + Bot)]
    [InlineData(Bot + " " + Megan + " whoami")]
    public async Task A_command_with_the_mention_anywhere_is_answered_as_that_command(string typed)
    {
        var person = TestPerson.New("Mentioner");
        var message = Channel(person, typed, fixture.Connector.ServiceUrl);

        using var content = new StringContent(TeamsActivities.ToJson(message), Encoding.UTF8, "application/json");
        using var response = await fixture.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(await fixture.Connector.WaitForAsync(message.Conversation.Id, 1));
        Assert.Equal(person.Name, answer.Card?["body"]?[0]?["text"]?.GetValue<string>());
        Assert.Empty(fixture.Errors);
    }

    /// <summary>A channel message with <paramref name="typed"/> as its text, mentioning PmoBot and, where typed, Megan.</summary>
    private static Activity Channel(TestPerson person, string typed, string serviceUrl)
    {
        var message = TeamsActivities.ChannelMessage(person, string.Empty, $"19:mentions-{Guid.NewGuid():N}@thread.tacv2", serviceUrl);
        message.Text = typed;
        if (typed.Contains(Megan, StringComparison.Ordinal))
        {
            message.Entities = [.. message.Entities, TeamsActivities.MentionOf(new ChannelAccount("29:megan", "Megan Bowen", aadObjectId: Guid.NewGuid().ToString()))];
        }

        return message;
    }
}
