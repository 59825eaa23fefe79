using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using PmoBot.Delivery;
using PmoBot.Development.Events;
using PmoBot.People;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.People;
using PmoBot.Tests.Teams;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Events;

/// <summary>
/// The real app on a free port over real HTTP, with its own outbox queues, a recording Bot Connector and a local
/// stand-in for OneDrive uploads; card updates every second so a test sees them coalesce.
/// </summary>
public sealed class EventsHttpRun : IAsyncDisposable
{
    public static readonly TimeSpan CardUpdateInterval = TimeSpan.FromSeconds(1);

    private readonly PmoBotServer server;
    private readonly OneDriveStandIn oneDrive;

    private EventsHttpRun(PmoBotServer server, RecordingConnector connector, HttpClient client, PeopleHarness people, OneDriveStandIn oneDrive)
    {
        this.server = server;
        this.oneDrive = oneDrive;
        Connector = connector;
        Client = client;
        People = people;
    }

    public RecordingConnector Connector { get; }

    public HttpClient Client { get; }

    public PeopleHarness People { get; }

    /// <summary>Where the OneDrive stand-in takes uploads (PUT), as Teams' <c>uploadInfo.uploadUrl</c>.</summary>
    public string UploadUrl => oneDrive.UploadUrl;

    public ConcurrentQueue<(string ContentRange, byte[] Body)> Uploaded => oneDrive.Uploaded;

    /// <summary>Serves <paramref name="content"/> and returns its download link, as Teams' pre-authenticated link to a file someone sent.</summary>
    public Uri Serve(string name, string content) => oneDrive.Serve(name, content);

    /// <summary>Drops a file into the person's personal chat, as Teams sends it, and returns the bot's answers.</summary>
    public async Task<IReadOnlyList<RecordingConnector.SentActivity>> SendFileAsync(TestPerson person, string name, string content)
    {
        var url = Serve(name, content);
        var message = TeamsActivities.PersonalMessage(person, string.Empty, Connector.ServiceUrl);
        message.Text = null;
        message.Attachments =
        [
            new Attachment
            {
                ContentType = Microsoft.Bot.Schema.Teams.FileDownloadInfo.ContentType,
                ContentUrl = url.ToString(),
                Name = name,
                Content = JObject.FromObject(new Microsoft.Bot.Schema.Teams.FileDownloadInfo { DownloadUrl = url.ToString(), UniqueId = Guid.NewGuid().ToString(), FileType = "csv" }),
            },
        ];
        var before = Connector.Sent.Count(a => a.ConversationId == message.Conversation.Id);
        using (var response = await PostAsync(message))
        {
            Assert.True(response.IsSuccessStatusCode, $"{name}: status {(int)response.StatusCode}");
        }

        return (await Connector.WaitForAsync(message.Conversation.Id, before + 1)).Skip(before).ToList();
    }

    public T Get<T>()
        where T : notnull => server.Services.GetRequiredService<T>();

    /// <param name="settings">More configuration, e.g. Graph pointed at a stand-in.</param>
    public static async Task<EventsHttpRun> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var connector = await RecordingConnector.StartAsync();
        var server = new PmoBotServer(new Dictionary<string, string?>
        {
            ["Delivery:QueueName"] = DeliveryHarness.FreshQueueName(),
            ["Delivery:DeadLetterQueueName"] = DeliveryHarness.FreshQueueName(),
            ["Delivery:IdlePollInterval"] = "00:00:00.050",
            ["Development:Events:CardUpdateInterval"] = CardUpdateInterval.ToString(),
            ["Development:Events:CardUpdateTick"] = "00:00:00.100",
            ["Development:Events:CardSweepInterval"] = "01:00:00",
            ["Development:Events:ReminderSweepInterval"] = "01:00:00",
        }.Concat(settings ?? new Dictionary<string, string?>()).ToDictionary());
        var client = server.CreateHttpClient();
        await MessagesEndpointTests.WaitUntilHealthyAsync(client);
        return new EventsHttpRun(server, connector, client, await PeopleHarness.CreateAsync(), await OneDriveStandIn.StartAsync());
    }

    public async Task<(TestPerson Person, PmoUser User)> PersonAsync(string firstName, params Role[] roles)
    {
        var person = TestPerson.New(firstName);
        return (person, await People.PersonAsync(person, roles));
    }

    public Task<HttpResponseMessage> PostAsync(Activity activity) =>
        Client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json"));

    /// <summary>Says something in the person's personal chat and returns the bot's answers there.</summary>
    public async Task<IReadOnlyList<RecordingConnector.SentActivity>> SayAsync(TestPerson person, string text)
    {
        var message = TeamsActivities.PersonalMessage(person, text, Connector.ServiceUrl);
        var before = Connector.Sent.Count(a => a.ConversationId == message.Conversation.Id);
        using (var response = await PostAsync(message))
        {
            Assert.True(response.IsSuccessStatusCode, $"{text}: status {(int)response.StatusCode}");
        }

        // A turn's own answers are sent before its HTTP response returns, as replies to the message. Proactive messages
        // can land in the same chat meanwhile (every test's PMO members share one storage account, so another test's
        // early warning reaches this one's PMO member too): keep to the replies when there are some.
        var replies = Connector.Sent.Where(a => a.Method == "POST" && a.ConversationId == message.Conversation.Id && a.ActivityId == message.Id && a.Body["type"]?.GetValue<string>() != "typing").ToList();
        return replies.Count > 0 ? replies : (await Connector.WaitForAsync(message.Conversation.Id, before + 1)).Skip(before).ToList();
    }

    /// <summary>A channel the bot is in: a PMO member mentions it there with <c>help</c>, which stores the channel's address.</summary>
    public async Task<string> ChannelAsync(TestPerson pmo)
    {
        var channelId = $"19:{Guid.NewGuid():N}@thread.tacv2";
        var here = TeamsActivities.ChannelMessage(pmo, "help", channelId, Connector.ServiceUrl);
        using (var response = await PostAsync(here))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        await Connector.WaitForAsync(here.Conversation.Id, 1);
        return channelId;
    }

    /// <summary>An <c>adaptiveCard/action</c> invoke as Teams sends it from a card in <paramref name="channelId"/> (or personal chat); returns the invoke response body.</summary>
    public async Task<JsonObject> ExecuteAsync(TestPerson person, string verb, JsonObject data, string? channelId = null)
    {
        var invoke = TeamsActivities.CardExecute(person, verb, JObject.Parse(data.ToJsonString()), Connector.ServiceUrl);
        if (channelId is not null)
        {
            invoke.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: $"{channelId};messageid=1700000000000", tenantId: TeamsActivities.TenantId);
            invoke.ChannelData = JObject.FromObject(new Microsoft.Bot.Schema.Teams.TeamsChannelData
            {
                Channel = new Microsoft.Bot.Schema.Teams.ChannelInfo(channelId, "PMO"),
                Team = new Microsoft.Bot.Schema.Teams.TeamInfo("19:team-" + channelId, "Delivery"),
                Tenant = new Microsoft.Bot.Schema.Teams.TenantInfo(TeamsActivities.TenantId),
            });
        }

        using var response = await PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Presses the card's button titled <paramref name="title"/> (its verb and data, plus inputs).</summary>
    public Task<JsonObject> PressAsync(TestPerson person, JsonObject card, string title, string? channelId = null, IReadOnlyDictionary<string, string>? inputs = null)
    {
        var button = ButtonOf(card, title);
        var data = button["data"]!.DeepClone().AsObject();
        foreach (var (id, value) in inputs ?? new Dictionary<string, string>())
        {
            data[id] = value;
        }

        return ExecuteAsync(person, button["verb"]!.GetValue<string>(), data, channelId);
    }

    public static JsonObject ButtonOf(JsonObject card, string title) =>
        Reviews.CheckIn.CheckInHarness.ActionsOf(card).FirstOrDefault(a => a["title"]?.GetValue<string>() == title)
        ?? throw new Xunit.Sdk.XunitException($"No button \"{title}\" on the card: {string.Join(", ", Reviews.CheckIn.CheckInHarness.ActionsOf(card).Select(a => a["title"]?.GetValue<string>()))}");

    public static JsonObject CardOfInvoke(JsonObject body)
    {
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        // A message in place of the card (an apology, a refusal) says which in the failure.
        Assert.True(body["type"]?.GetValue<string>() == PmoBot.Cards.AdaptiveCard.ContentType, $"The press was answered with {body["type"]}, not a card: {body["value"]?.ToJsonString()}");
        return body["value"]!.AsObject();
    }

    public static string Fact(JsonObject card, string title) => FactsOf(card).First(f => f.Title == title).Value;

    /// <summary>Creates an event from the chat form as a PMO member does, posting it to <paramref name="channelId"/>; returns it once its card is in the channel.</summary>
    public async Task<(LearningEvent Event, string PostedActivityId, JsonObject Card)> CreateEventAsync(TestPerson pmo, string channelId, int capacity, string title = "Risk management masterclass", int powerPdus = 1)
    {
        var form = Assert.Single(await SayAsync(pmo, "event add")).Card!;
        var saved = CardOfInvoke(await PressAsync(pmo, form, "Save and post", inputs: EventInputs(channelId, capacity, title, powerPdus)));
        var heading = TextsOf(saved)[0];
        Assert.StartsWith("Saved EV-", heading, StringComparison.Ordinal);
        var learningEvent = (await Get<EventStore>().GetAsync(heading["Saved ".Length..], CancellationToken.None))!;
        var posted = await WaitForDeliveryAsync(EventPoster.PostKey(learningEvent.Id, channelId));
        var post = Assert.Single(Connector.Sent, a => a.Method == "POST" && a.ConversationId == channelId && a.Card is not null && TextsOf(a.Card).Contains(learningEvent.Title) && a.Card.ToJsonString().Contains(learningEvent.Id, StringComparison.Ordinal));
        return (learningEvent, posted.SentActivityId!, post.Card!);
    }

    /// <summary>The event form's inputs as a PMO member fills them in for an event in ten days, posted to <paramref name="channelId"/>.</summary>
    public static Dictionary<string, string> EventInputs(string channelId, int capacity, string title = "Risk management masterclass", int powerPdus = 1)
    {
        var start = DateTimeOffset.UtcNow.AddDays(10);
        return new Dictionary<string, string>
        {
            [EventForm.TitleField] = title,
            [EventForm.DescriptionField] = "Quantitative risk analysis.",
            [EventForm.KindField] = nameof(EventKind.Course),
            [EventForm.ReachField] = nameof(EventReach.Local),
            [EventForm.FormatField] = EventFormValues.InPerson,
            [EventForm.VenueField] = "London, Contoso House",
            [EventForm.StartDateField] = start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            [EventForm.StartTimeField] = "14:00",
            [EventForm.EndTimeField] = "16:00",
            [EventForm.TimeZoneField] = "Europe/London",
            [EventForm.CapacityField] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EventForm.AreasField] = "risk,cost",
            [EventForm.PduWaysField] = "2",
            [EventForm.PduPowerField] = powerPdus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EventForm.ChannelsField] = channelId,
        };
    }

    public Task<DeliveryRecord> WaitForDeliveryAsync(string key) => Get<DeliveryStore>().WaitForSentAsync(key);

    /// <summary>The in-place updates (PUTs) of the posted card so far, oldest first.</summary>
    public IReadOnlyList<JsonObject> UpdatesOf(string channelId, string activityId) =>
        Connector.Sent.Where(a => a.Method == "PUT" && a.ConversationId == channelId && a.ActivityId == activityId && a.Card is not null).Select(a => a.Card!).ToList();

    /// <summary>Waits until an update of the posted card shows <paramref name="places"/>.</summary>
    public async Task<JsonObject> WaitForUpdateAsync(string channelId, string activityId, string places)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var update = UpdatesOf(channelId, activityId).LastOrDefault(c => Fact(c, "Places") == places);
            if (update is not null)
            {
                return update;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no update showing \"{places}\"; updates: {string.Join(" | ", UpdatesOf(channelId, activityId).Select(c => Fact(c, "Places")))}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await server.DisposeAsync();
        await Connector.DisposeAsync();
        await oneDrive.DisposeAsync();
    }
}
