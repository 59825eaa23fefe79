using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using PmoBot.Cards;
using PmoBot.People;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Commands;

/// <summary>
/// A card's buttons that run a command ("Change a role", "More", a digest line): pressed, the client sends an
/// <c>Action.Submit</c> as a message whose value holds the command and whose text is empty, as Teams and the Agents
/// Playground both do. Over real HTTP: the command is answered as if typed.
/// </summary>
public sealed class CommandButtonsOverHttpTests
{
    [Fact]
    public async Task Pressing_a_button_that_runs_a_command_answers_as_if_it_were_typed()
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo, Role.Admin);
        var roles = Assert.Single(await run.SayAsync(alex, "role list")).Card!;
        var change = Assert.Single(roles["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Change a role")!;

        // No msteams imBack in the data: the Agents Playground throws on it and the press would do nothing there.
        Assert.Null(change["data"]!["msteams"]);
        var pressed = Assert.Single(await PressAsync(run, alex, change["data"]!.AsObject()));
        var typed = Assert.Single(await run.SayAsync(alex, "role grant"));

        Assert.NotNull(pressed.Card);
        Assert.Equal(typed.Card!["body"]![0]!["text"]!.GetValue<string>(), pressed.Card!["body"]![0]!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"command\":\"  \"}")]
    [InlineData("{\"command\":42}")]
    public async Task A_press_that_names_no_command_is_told_so_and_changes_nothing(string data)
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);

        var reply = Assert.Single(await PressAsync(run, alex, JsonNode.Parse(data)!.AsObject()));

        Assert.Equal("That card did not say what to do, so nothing was changed. Type **help** to see what you can do.", reply.Text);
    }

    [Fact]
    public async Task A_button_command_is_checked_like_a_typed_one()
    {
        await using var run = await EventsHttpRun.StartAsync();
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);

        var refused = Assert.Single(await PressAsync(run, megan, new JsonObject { [AdaptiveCard.CommandField] = "role grant" }));
        var typed = Assert.Single(await run.SayAsync(megan, "role grant"));

        Assert.Equal(typed.Text, refused.Text);
        Assert.Contains("role", refused.Text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An <c>Action.Submit</c> press in the person's personal chat: no text, the button's data as the value.</summary>
    private static async Task<IReadOnlyList<RecordingConnector.SentActivity>> PressAsync(EventsHttpRun run, TestPerson person, JsonObject data)
    {
        var message = TeamsActivities.PersonalMessage(person, string.Empty, run.Connector.ServiceUrl);
        message.Text = null;
        message.Value = JObject.Parse(data.ToJsonString());
        var before = run.Connector.Sent.Count(a => a.ConversationId == message.Conversation.Id);
        using (var response = await run.PostAsync(message))
        {
            Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode}");
        }

        var replies = run.Connector.Sent.Where(a => a.Method == "POST" && a.ConversationId == message.Conversation.Id && a.ActivityId == message.Id && a.Body["type"]?.GetValue<string>() != "typing").ToList();
        return replies.Count > 0 ? replies : (await run.Connector.WaitForAsync(message.Conversation.Id, before + 1)).Skip(before).ToList();
    }
}
