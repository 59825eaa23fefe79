using Microsoft.Bot.Schema;
using PmoBot.People;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Commands;

/// <summary>
/// What people send a bot that is no command (a greeting, a thank-you, a picture or a GIF), over real HTTP: a kind
/// answer that says where to start, never "I don't know the command".
/// </summary>
public sealed class SmallTalkOverHttpTests
{
    [Theory]
    [InlineData("Hi", "Hello Alex. Type **help** to see what you can do here.")]
    [InlineData("hello!", "Hello Alex. Type **help** to see what you can do here.")]
    [InlineData("Good morning 👋", "Hello Alex. Type **help** to see what you can do here.")]
    [InlineData("thanks!", "You're welcome. Type **help** whenever you need me.")]
    [InlineData("ok, thank you", "You're welcome. Type **help** whenever you need me.")]
    [InlineData("hi there friend", "I don't know the command \"hi\". Type **help** to see everything you can use.")]
    [InlineData("thanksgiving", "I don't know the command \"thanksgiving\". Type **help** to see everything you can use.")]
    public async Task Greetings_and_thanks_get_a_kind_answer_and_other_words_stay_unknown(string typed, string expected)
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);

        var reply = Assert.Single(await run.SayAsync(alex, typed));

        Assert.Equal(expected.Replace("Alex", alex.Name.Split(' ')[0], StringComparison.Ordinal), reply.Text);
    }

    [Fact]
    public async Task A_first_hello_is_answered_by_the_welcome_card_alone()
    {
        await using var run = await EventsHttpRun.StartAsync();
        var newcomer = TestPerson.New("Nia");

        var replies = await run.SayAsync(newcomer, "hello");
        await Task.Delay(300);

        var welcome = Assert.Single(run.Connector.Sent, a => a.ConversationId == TeamsActivities.PersonalConversation(newcomer).Id);
        Assert.Equal($"Welcome to PmoBot, {newcomer.Name}", welcome.Body["summary"]?.GetValue<string>() ?? welcome.Card?["body"]?[0]?["text"]?.GetValue<string>());
        Assert.Single(replies);
    }

    [Theory]
    [InlineData("image/*", null)]
    [InlineData("text/html", "<p><img alt=\"GIF\" src=\"https://media.giphy.com/media/x/giphy.gif\"></p>")]
    public async Task A_picture_or_GIF_without_words_is_answered_that_PmoBot_cannot_read_it(string contentType, string? html)
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var message = TeamsActivities.PersonalMessage(alex, html ?? string.Empty, run.Connector.ServiceUrl);
        message.Text = html;
        message.Attachments = [html is null ? new Attachment(contentType, "https://us-api.asm.skype.com/v1/objects/0-neu-d1/views/imgo") : new Attachment(contentType, content: html)];
        var before = run.Connector.Sent.Count(a => a.ConversationId == message.Conversation.Id);

        using (var response = await run.PostAsync(message))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        var reply = Assert.Single((await run.Connector.WaitForAsync(message.Conversation.Id, before + 1)).Skip(before));
        Assert.Equal("I can't read pictures or attachments like that one, so nothing was changed. Type a command instead; **help** lists them.", reply.Text);
    }
}
