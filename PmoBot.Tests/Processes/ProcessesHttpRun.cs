using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Newtonsoft.Json.Linq;
using PmoBot.Alerts;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Processes;

/// <summary>
/// The real app on a free port, with its own outbox queues and its own tables for the Processes feature and the PMO
/// alert channel (each is a partition every run would otherwise share), and a recording Bot Connector. People are
/// stored through the app's own directory, with the roles they hold.
/// </summary>
public sealed class ProcessesHttpRun : IAsyncDisposable
{
    private readonly PmoBotServer server;

    private ProcessesHttpRun(PmoBotServer server, RecordingConnector connector, HttpClient client)
    {
        this.server = server;
        Connector = connector;
        Client = client;
    }

    public RecordingConnector Connector { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => server.Services;

    public T Get<T>()
        where T : notnull => server.Services.GetRequiredService<T>();

    /// <param name="replaceServices">More of the app's services to replace (a feature's table of its own), after these.</param>
    public static async Task<ProcessesHttpRun> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? replaceServices = null)
    {
        var processes = ProcessesHarness.FreshTable("Processes");
        var rollouts = ProcessesHarness.FreshTable("Rollouts");
        var alerts = ProcessesHarness.FreshTable("AlertChannels");
        var templates = ProcessesHarness.FreshTable("ReviewTemplates");
        var compliance = ProcessesHarness.FreshTable("Compliance");
        var suggestions = ProcessesHarness.FreshTable("Suggestions");
        await AzuriteStorage.WithTablesAsync(processes, rollouts, alerts, templates, compliance, suggestions);
        var connector = await RecordingConnector.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Delivery:QueueName"] = DeliveryHarness.FreshQueueName(),
            ["Delivery:DeadLetterQueueName"] = DeliveryHarness.FreshQueueName(),
            ["Delivery:IdlePollInterval"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var server = new PmoBotServer(
            all,
            replaceServices: services =>
            {
                services.RemoveAll<ProcessStore>();
                services.AddSingleton(sp => new ProcessStore(sp.GetRequiredService<TableServiceClient>(), processes));
                services.RemoveAll<RolloutStore>();
                services.AddSingleton(sp => new RolloutStore(sp.GetRequiredService<TableServiceClient>(), rollouts));
                // The questionnaire is shared by every test's reviews: compliance questions published here stay in this run's own table.
                services.RemoveAll<ReviewTemplateStore>();
                services.AddSingleton(sp => new ReviewTemplateStore(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<TimeProvider>(), templates, RegisterProjectStages.From(sp)));
                services.RemoveAll<ComplianceStore>();
                services.AddSingleton(sp => new ComplianceStore(sp.GetRequiredService<TableServiceClient>(), compliance));
                services.RemoveAll<SuggestionStore>();
                services.AddSingleton(sp => new SuggestionStore(sp.GetRequiredService<TableServiceClient>(), suggestions));
                services.RemoveAll<AlertChannelStore>();
                services.AddSingleton(sp => new AlertChannelStore(sp.GetRequiredService<TableServiceClient>(), alerts));
                replaceServices?.Invoke(services);
            });
        var client = server.CreateHttpClient();
        await MessagesEndpointTests.WaitUntilHealthyAsync(client);
        return new ProcessesHttpRun(server, connector, client);
    }

    /// <summary>Someone who has used PmoBot before and holds <paramref name="roles"/> (stored, as a role grant stores them).</summary>
    public async Task<(TestPerson Person, PmoUser User)> PersonAsync(string firstName, params Role[] roles)
    {
        var person = TestPerson.New(firstName);
        var user = await Get<PeopleDirectory>().EnsureAsync(
            new UserProfile(person.AadObjectId, person.Name, person.TeamsUserId, null, "Europe/London", false, roles.ToHashSet(), DateTimeOffset.UtcNow),
            CancellationToken.None);
        return (person, user);
    }

    public Task<HttpResponseMessage> PostAsync(Activity activity) =>
        Client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json"));

    /// <summary>Types <paramref name="text"/> in the person's personal chat and returns the bot's answer as the connector received it.</summary>
    public async Task<RecordingConnector.SentActivity> SayAsync(TestPerson person, string text)
    {
        var activity = TeamsActivities.PersonalMessage(person, text, Connector.ServiceUrl);
        var before = Connector.Sent.Count(a => a.ConversationId == activity.Conversation.Id);
        using var response = await PostAsync(activity);
        Assert.True(response.IsSuccessStatusCode, $"{text}: status {(int)response.StatusCode}");

        // A turn's own answers are sent before its HTTP response returns, as replies to the message; a proactive
        // note (an early warning the same turn raised, through the outbox) can land after them, so prefer the reply.
        var reply = Connector.Sent.LastOrDefault(a => a.Method == "POST" && a.ConversationId == activity.Conversation.Id && a.ActivityId == activity.Id && a.Body["type"]?.GetValue<string>() != "typing");
        if (reply is not null)
        {
            return reply;
        }

        var sent = await Connector.WaitForAsync(activity.Conversation.Id, before + 1);
        Assert.True(sent.Count > before, $"no answer to {text}");
        return sent[^1];
    }

    /// <summary>Presses a card button as Teams does (an <c>adaptiveCard/action</c> invoke) and returns the invoke response's body.</summary>
    public async Task<JsonObject> PressAsync(TestPerson person, JsonObject card, string title, IReadOnlyDictionary<string, string?>? inputs = null)
    {
        var action = ProcessesHarness.ActionsOf(card).Single(a => a["title"]!.GetValue<string>() == title && a["verb"] is not null);
        var data = JObject.Parse(action["data"]!.ToJsonString());
        foreach (var (id, value) in ProcessesHarness.InputsOf(card))
        {
            data[id] = value;
        }

        foreach (var (id, value) in inputs ?? new Dictionary<string, string?>())
        {
            data[id] = value;
        }

        var invoke = TeamsActivities.CardExecute(person, action["verb"]!.GetValue<string>(), data, Connector.ServiceUrl);
        using var response = await PostAsync(invoke);
        Assert.True(response.IsSuccessStatusCode, $"{title}: status {(int)response.StatusCode}");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        return body;
    }

    /// <summary>
    /// The read receipt exactly as Teams posts it to the bot (the Teams docs' sample: an <c>event</c> named
    /// <c>application/vnd.microsoft.readReceipt</c> in the personal conversation, the sender without a name, and
    /// <c>value.lastReadMessageId</c>), as raw JSON.
    /// </summary>
    public static string ReadReceiptJson(TestPerson person, string lastReadMessageId, string serviceUrl) => new JsonObject
    {
        ["name"] = "application/vnd.microsoft.readReceipt",
        ["type"] = "event",
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
        ["id"] = $"f:{Guid.NewGuid()}",
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["from"] = new JsonObject { ["id"] = person.TeamsUserId, ["aadObjectId"] = person.AadObjectId },
        ["conversation"] = new JsonObject
        {
            ["conversationType"] = "personal",
            ["tenantId"] = TeamsActivities.TenantId,
            ["id"] = TeamsActivities.PersonalConversation(person).Id,
        },
        ["recipient"] = new JsonObject { ["id"] = TeamsActivities.BotId, ["name"] = TeamsActivities.BotName },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TeamsActivities.TenantId } },
        ["value"] = new JsonObject { ["lastReadMessageId"] = lastReadMessageId },
    }.ToJsonString();

    public Task<HttpResponseMessage> PostJsonAsync(string json) =>
        Client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Waits for the bot to post a card (not a reply to a typed message) in a conversation whose card satisfies <paramref name="match"/>.</summary>
    public Task<RecordingConnector.SentActivity> WaitForCardAsync(string conversationId, Func<JsonObject, bool> match) =>
        WaitForPostAsync(conversationId, a => a.Card is { } card && match(card));

    /// <summary>Waits for the bot to post (not update) an activity in a conversation that satisfies <paramref name="match"/>.</summary>
    public async Task<RecordingConnector.SentActivity> WaitForPostAsync(string conversationId, Func<RecordingConnector.SentActivity, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var sent = Connector.Sent.FirstOrDefault(a => a.ConversationId == conversationId && a.Method == "POST" && match(a));
            if (sent is not null)
            {
                return sent;
            }

            Assert.True(DateTime.UtcNow < deadline, $"nothing matching in {conversationId}; sent: {string.Join(", ", Connector.Sent.Select(a => $"{a.Method} {a.ConversationId}"))}");
            await Task.Delay(50);
        }
    }

    /// <summary>The card an invoke answered with (the clicked card's replacement).</summary>
    public static JsonObject CardOf(JsonObject invokeBody)
    {
        Assert.Equal(PmoBot.Cards.AdaptiveCard.ContentType, invokeBody["type"]!.GetValue<string>());
        return invokeBody["value"]!.AsObject();
    }

    /// <summary>The message an invoke answered with instead of a card.</summary>
    public static string MessageOf(JsonObject invokeBody)
    {
        Assert.Equal("application/vnd.microsoft.activity.message", invokeBody["type"]!.GetValue<string>());
        return invokeBody["value"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await server.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
