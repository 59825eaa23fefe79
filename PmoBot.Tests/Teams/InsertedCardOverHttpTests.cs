using Newtonsoft.Json.Linq;
using PmoBot.People;
using PmoBot.Tests.Projects;
using PmoBot.Tests.Reviews.CheckIn;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Teams;

/// <summary>
/// A card sent into the bot's chat (a status card inserted from the messaging extension) over real HTTP, shaped as
/// the playground and Teams send it: the card as an attachment and, in the text, only the editor's placeholder for it,
/// or no text at all beside Teams' HTML copy of the message.
/// </summary>
public sealed class InsertedCardOverHttpTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private BotOverHttp bot = null!;

    public async Task InitializeAsync() => bot = await BotOverHttp.StartAsync();

    public async Task DisposeAsync() => await bot.DisposeAsync();

    [Fact]
    public async Task A_card_with_no_typed_text_is_not_a_command_and_is_answered_about_the_card()
    {
        var chat = bot.ChatWith(TestPerson.New("Alex"));
        await chat.SayAsync("help");

        var fromPlayground = await chat.SendAsync(TeamsActivities.CardInserted(chat.Person, StatusCard("PRJ-101 · Mobile banking app relaunch"), serviceUrl: bot.Connector.ServiceUrl));
        var fromTeams = TeamsActivities.CardInserted(chat.Person, StatusCard("PRJ-103 · Data centre exit"), serviceUrl: bot.Connector.ServiceUrl);
        fromTeams.Text = null;
        fromTeams.Attachments.Add(new Microsoft.Bot.Schema.Attachment("text/html", content: "<div><div><span itemscope=\"\" itemtype=\"http://schema.skype.com/InputExtension\"></span></div></div>"));
        var noTextFromTeams = await chat.SendAsync(fromTeams);

        Assert.Equal("I got the card \"PRJ-101 · Mobile banking app relaunch\", but a card is not a command, so nothing was changed. To see a project's latest status, type **status** and its code; type **help** for everything else.", fromPlayground.Text);
        Assert.StartsWith("I got the card \"PRJ-103 · Data centre exit\", but a card is not a command", noTextFromTeams.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Connector.Sent, a => a.ConversationId == chat.ConversationId && a.Text?.Contains("I don't know the command", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Text_typed_beside_a_card_is_still_the_command()
    {
        var chat = bot.ChatWith(TestPerson.New("Alex"));
        await chat.SayAsync("hello");

        var whoami = await chat.SendAsync(TeamsActivities.CardInserted(chat.Person, StatusCard("PRJ-101 · Mobile banking app relaunch"), "whoami ", bot.Connector.ServiceUrl));

        Assert.Contains(chat.Person.Name, TextsOf(whoami.Card));
    }

    [Fact]
    public async Task A_card_sent_during_a_review_is_not_taken_as_the_answer()
    {
        var harness = await CheckInHarness.CreateAsync();
        var person = TestPerson.New("Megan");
        var pm = await harness.Projects.People.PersonAsync(person, Role.ProjectManager);
        await harness.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), pm));
        var chat = bot.ChatWith(person);
        await chat.SayAsync("review");

        var card = await chat.SendAsync(TeamsActivities.CardInserted(person, StatusCard("Red"), serviceUrl: bot.Connector.ServiceUrl));
        var answer = await chat.SayAsync("amber");

        Assert.StartsWith("I got the card \"Red\", but a card is not a command", card.Text, StringComparison.Ordinal);
        Assert.Contains("question 2 of", answer.Text, StringComparison.Ordinal);
        Assert.Equal("Amber", (await harness.Sessions.GetAsync(pm.UserKey, None))!.Session.Answers.Text(PmoBot.Reviews.Templates.WellKnownQuestions.Overall));
    }

    private static JObject StatusCard(string heading) => JObject.FromObject(new
    {
        type = "AdaptiveCard",
        version = "1.5",
        body = new object[]
        {
            new { type = "TextBlock", text = heading, weight = "Bolder", size = "Medium" },
            new { type = "FactSet", facts = new[] { new { title = "Overall", value = "Red" } } },
        },
    });
}
