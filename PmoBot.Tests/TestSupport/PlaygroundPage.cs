using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// One person's Agents Playground page, driven the way the page drives it: messages, card actions and
/// messaging-extension invokes go to the playground's HTTP API, and what the bot sends arrives on the page's
/// WebSocket stream (<c>{"action": "createMessage" | "updateMessage", "actionConversationId", "message"}</c>).
/// </summary>
public sealed class PlaygroundPage : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly ClientWebSocket stream = new();
    private readonly CancellationTokenSource stop = new();
    private readonly List<JsonObject> frames = [];
    private Task? reading;

    private PlaygroundPage(Uri url)
    {
        http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string UserId { get; private set; } = "";

    public string UserName { get; private set; } = "";

    public string PersonalChatId { get; private set; } = "";

    public string BotName { get; private set; } = "";

    public string BotId { get; private set; } = "";

    public static async Task<PlaygroundPage> OpenAsync(Uri url)
    {
        var page = new PlaygroundPage(url);
        var config = (await page.http.GetFromJsonAsync<JsonObject>("/_internal/v1/config"))!["config"]!;
        page.UserId = (string)config["currentUser"]!["id"]!;
        page.UserName = (string)config["currentUser"]!["name"]!;
        page.PersonalChatId = (string)config["personalChat"]!["id"]!;
        page.BotName = (string)config["bot"]!["name"]!;
        page.BotId = (string)config["bot"]!["id"]!;
        var ws = new UriBuilder(url) { Scheme = "ws", Path = "/_ws_conversation/v1/conversations/stream" }.Uri;
        await page.stream.ConnectAsync(ws, CancellationToken.None);
        page.reading = page.ReadAsync();
        return page;
    }

    /// <summary>Types in a conversation (the personal chat by default); in a channel the text follows an @mention of the bot, as the page sends it.</summary>
    public async Task<int> SayAsync(string text, string? conversationId = null)
    {
        var mark = Mark;
        var conversation = conversationId ?? PersonalChatId;
        var message = new JsonObject { ["from"] = new JsonObject { ["id"] = UserId }, ["text"] = text, ["textFormat"] = "plain" };
        if (conversation != PersonalChatId)
        {
            var mention = $"<at>{BotName}</at>";
            message["text"] = $"{mention} {text}";
            message["mentions"] = new JsonArray(new JsonObject { ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = BotName }, ["text"] = mention });
        }

        using var response = await http.PostAsJsonAsync($"/_conversation/v1/conversations/{Uri.EscapeDataString(conversation)}/messages", message);
        response.EnsureSuccessStatusCode();
        return mark;
    }

    /// <summary>Presses an Action.Execute button on a card the bot sent, with the inputs' values (the page sends the card's data merged with them).</summary>
    public async Task<(int Mark, JsonNode? Response)> ExecuteAsync(JsonObject message, string verb, IDictionary<string, string>? inputs = null)
    {
        var mark = Mark;
        var card = CardOf(message);
        var action = AllNodes(card).OfType<JsonObject>().First(a => (string?)a["type"] == "Action.Execute" && (string?)a["verb"] == verb);
        var data = action["data"]?.DeepClone().AsObject() ?? [];
        foreach (var input in AllNodes(card).OfType<JsonObject>().Where(e => ((string?)e["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
        {
            if (input["value"] is { } value)
            {
                data[(string)input["id"]!] = value.DeepClone();
            }
        }

        foreach (var (id, value) in inputs ?? new Dictionary<string, string>())
        {
            data[id] = value;
        }

        var body = new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data }, ["trigger"] = "manual" },
            ["from"] = new JsonObject { ["id"] = UserId },
            ["conversation"] = new JsonObject { ["id"] = (string)message["conversationId"]! },
            ["replyToId"] = (string)message["messageId"]!,
        };
        using var response = await http.PostAsJsonAsync("/_conversation/v1/invoke", body);
        response.EnsureSuccessStatusCode();
        return (mark, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>A search-based messaging extension, as the page sends it once its command id and parameter name are filled in.</summary>
    public async Task<JsonNode?> SearchAsync(string commandId, string parameterName, string query)
    {
        var body = new JsonObject
        {
            ["name"] = "composeExtension/query",
            ["value"] = new JsonObject
            {
                ["commandId"] = commandId,
                ["parameters"] = new JsonArray(new JsonObject { ["name"] = parameterName, ["value"] = query }),
                ["queryOptions"] = new JsonObject { ["skip"] = 0, ["count"] = 25 },
            },
            ["from"] = new JsonObject { ["id"] = UserId },
            ["conversation"] = new JsonObject { ["id"] = PersonalChatId },
        };
        using var response = await http.PostAsJsonAsync("/_conversation/v1/invoke", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"the playground answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text);
    }

    /// <summary>How many frames have arrived; messages after a mark are the answers to what was done at it.</summary>
    public int Mark
    {
        get
        {
            lock (frames)
            {
                return frames.Count;
            }
        }
    }

    /// <summary>Waits for a message from the bot after <paramref name="mark"/> (in a conversation whose id starts with <paramref name="conversationId"/>) that matches.</summary>
    public async Task<JsonObject> WaitForAsync(int mark, Func<JsonObject, bool> matches, string? conversationId = null, TimeSpan? timeout = null, string what = "a message")
    {
        var conversation = conversationId ?? PersonalChatId;
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            List<JsonObject> seen;
            lock (frames)
            {
                seen = frames.Skip(mark).ToList();
            }

            var found = seen.Where(f => f["message"] is JsonObject m && (string?)m["from"]?["id"] != UserId
                    && ((string?)f["actionConversationId"])?.StartsWith(conversation, StringComparison.Ordinal) == true)
                .Select(f => WithConversation(f))
                .FirstOrDefault(matches);
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                var texts = string.Join("\n", seen.Select(f => f.ToJsonString()[..Math.Min(400, f.ToJsonString().Length)]));
                throw new TimeoutException($"{UserName}'s page did not get {what} in {conversation}. It got:\n{texts}");
            }

            await Task.Delay(100);
        }
    }

    public static JsonObject? CardOf(JsonObject message) =>
        message["attachments"]?.AsArray()
            .Select(a => a!.AsObject())
            .Where(a => (string?)a["contentType"] == "application/vnd.microsoft.card.adaptive")
            .Select(a => a["content"]!.AsObject())
            .FirstOrDefault();

    /// <summary>Every text a message shows: its text and its card's text blocks, fact titles and values, and button titles.</summary>
    public static string Shown(JsonObject message)
    {
        var parts = new List<string> { (string?)message["text"] ?? "" };
        if (CardOf(message) is { } card)
        {
            parts.AddRange(AllNodes(card).OfType<JsonValue>().Select(v => v.ToString()));
        }

        foreach (var action in message["suggestedActions"]?["actions"]?.AsArray() ?? [])
        {
            parts.Add((string?)action!["title"] ?? "");
        }

        return string.Join("\n", parts);
    }

    public static IEnumerable<JsonNode> AllNodes(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var descendant in AllNodes(child))
            {
                yield return descendant;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await stream.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The playground may already be gone.
        }

        if (reading is not null)
        {
            await reading.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        stream.Dispose();
        http.Dispose();
        stop.Dispose();
    }

    private static JsonObject WithConversation(JsonObject frame)
    {
        var message = frame["message"]!.DeepClone().AsObject();
        message["conversationId"] = (string?)frame["actionConversationId"];
        message["action"] = (string?)frame["action"];
        return message;
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (!stop.IsCancellationRequested && stream.State == WebSocketState.Open)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await stream.ReceiveAsync(buffer, stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (!result.EndOfMessage)
            {
                continue;
            }

            if (JsonNode.Parse(text.ToString()) is JsonObject frame)
            {
                lock (frames)
                {
                    frames.Add(frame);
                }
            }

            text.Clear();
        }
    }
}
