using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// One person's personal chat with the real bot over HTTP on <c>/api/messages</c>: messages go out as the Agents
/// Playground sends them (its clientInfo entity and <c>localTimezone</c>), the bot's replies are read at the
/// <see cref="RecordingConnector"/>, and <c>Action.Execute</c> buttons are answered in the HTTP response, as in Teams.
/// </summary>
public sealed class HttpChat(HttpClient client, RecordingConnector connector, TestPerson person, string timeZone = "Europe/London")
{
    public TestPerson Person => person;

    public string ConversationId => TeamsActivities.PersonalConversation(person).Id;

    /// <summary>Types <paramref name="text"/> and returns the bot's reply (the last activity it sent to this chat).</summary>
    public Task<RecordingConnector.SentActivity> SayAsync(string text) => SendAsync(Message(text));

    /// <summary><paramref name="text"/> typed in this chat, as the client sends it (with a fresh activity id), not sent yet.</summary>
    public Activity Message(string text) =>
        TeamsActivities.WithClientInfo(TeamsActivities.PersonalMessage(person, text, connector.ServiceUrl), timeZone);

    /// <summary>Posts <paramref name="activity"/> and returns the bot's reply to the chat.</summary>
    public async Task<RecordingConnector.SentActivity> SendAsync(Activity activity)
    {
        var before = connector.Sent.Count(a => a.ConversationId == ConversationId);
        await PostAsync(activity);
        var sent = await connector.WaitForAsync(ConversationId, before + 1);
        Assert.True(sent.Count > before, $"no reply to \"{activity.Text}\"");
        // A new message in this chat that does not answer this activity is someone else's: other tests' early
        // warnings reach every PMO member of the shared storage. Updates of cards in the chat are the turn's own.
        var turns = sent.Skip(before).Where(a => a.Method != "POST" || a.ActivityId == activity.Id).ToList();
        return turns.Count > 0 ? turns[^1] : sent[^1];
    }

    /// <summary>Presses the <c>Action.Execute</c> button titled <paramref name="title"/> with the card's inputs set to <paramref name="inputs"/>; returns the card that replaces it.</summary>
    public async Task<JsonObject> ExecuteAsync(JsonObject card, string title, IReadOnlyDictionary<string, string?> inputs)
    {
        var action = (card["actions"]?.AsArray() ?? []).Select(a => a!.AsObject()).First(a => a["title"]?.GetValue<string>() == title);
        Assert.Equal("Action.Execute", action["type"]?.GetValue<string>());
        var data = JObject.Parse(action["data"]!.ToJsonString());
        foreach (var (id, value) in inputs)
        {
            data[id] = value;
        }

        var invoke = TeamsActivities.WithClientInfo(TeamsActivities.CardExecute(person, action["verb"]!.GetValue<string>(), data, connector.ServiceUrl), timeZone);
        var body = JsonNode.Parse(await PostAsync(invoke))!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]?.GetValue<string>());
        return body["value"]!.AsObject();
    }

    /// <summary>Posts <paramref name="activity"/> without waiting for a reply (a second delivery gets none); returns the response body.</summary>
    public async Task<string> PostAsync(Activity activity)
    {
        using var content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode} for \"{activity.Text}\": {body}");
        return body;
    }
}
