using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using PmoBot.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// Valid JSON whose fields are not the shape Teams gives them, over real HTTP: channel data that is text or a list, a
/// mention of nobody, a search or card action whose value is something else, ids longer than any Teams sends. Each is
/// answered 400 naming the field before any turn runs, and logged once as a warning without a stack trace; never a
/// 500, an apology, a storage outage or the SDK's own words. Each has its twin: the same activity with the field as
/// Teams sends it is answered. A message from the bot itself is taken (200) and not answered.
/// </summary>
public sealed class BadlyShapedFieldsOverHttpTests(BadlyShapedFieldsOverHttpTests.Bot fixture) : IClassFixture<BadlyShapedFieldsOverHttpTests.Bot>
{
    private const string Message = "message";
    private const string Search = "search";
    private const string CardAction = "card action";
    private const string FetchTask = "messaging-extension form";
    private const string FileConsentAnswer = "file consent answer";

    private RecordingConnector Connector => fixture.Connector;

    public static TheoryData<string, string, string, string> BadFields() => new()
    {
        // kind, the field set (a property path), its JSON, what the answer names
        { Message, "channelData", "\"abc\"", "channelData is not a JSON object" },
        { Message, "channelData", "[1]", "channelData is not a JSON object" },
        { CardAction, "channelData", "\"abc\"", "channelData is not a JSON object" },
        { Search, "channelData", "[1]", "channelData is not a JSON object" },
        { Message, "channelData", """{"tenant":"x"}""", "channelData.tenant" },
        { Message, "entities", """[{"type":"mention","mentioned":"bot"}]""", "entities[0].mentioned" },
        { Message, "entities", """[{"type":"mention","mentioned":{"id":["28:x"]}}]""", "entities[0]" },
        { Message, "entities", """[{"type":"clientInfo","timezone":{"a":1}}]""", "entities[0].timezone" },
        { Search, "value", "null", "composeExtension/query invoke's value" },
        { Search, "value", "\"x\"", "composeExtension/query invoke's value" },
        { Search, "value.parameters", """{"name":"query","value":"PRJ"}""", "value.parameters" },
        { Search, "value.parameters", """["PRJ"]""", "value.parameters[0]" },
        { Search, "value.parameters", "[null]", "value.parameters[0]" },
        { Search, "value.queryOptions", """{"skip":"a"}""", "queryOptions.skip" },
        { CardAction, "value", "null", "adaptiveCard/action invoke's value" },
        { CardAction, "value", "\"str\"", "adaptiveCard/action invoke's value" },
        { CardAction, "value.action", "\"x\"", "value.action" },
        { CardAction, "value.action.type", "\"Action.Submit\"", "value.action.type" },
        { CardAction, "value.action.verb", """{"a":1}""", "value.action.verb" },
        { FetchTask, "value", "null", "composeExtension/fetchTask invoke's value is missing" },
        { FetchTask, "value", "[1]", "composeExtension/fetchTask invoke's value is not a JSON object" },
        { FileConsentAnswer, "value", "null", "fileConsent/invoke invoke's value is missing" },
        { FileConsentAnswer, "value", "\"decline\"", "fileConsent/invoke invoke's value is not a JSON object" },
        { Message, "conversation.id", $"\"a:{new string('c', 5000)}\"", "conversation.id is 5002 characters long" },
        { Message, "from.id", $"\"29:{new string('f', 2000)}\"", "from.id is 2003 characters long" },
        { Message, "from.aadObjectId", $"\"{new string('a', 2000)}\"", "from.aadObjectId is 2000 characters long" },
        { Message, "id", $"\"{new string('1', 3000)}\"", "activity's id is 3000 characters long" },
        { CardAction, "id", $"\"{new string('1', 3000)}\"", "activity's id is 3000 characters long" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_field_of_the_wrong_shape_or_length_is_400_naming_it_and_logged_once_without_a_stack_trace(string kind, string field, string json, string named)
    {
        var activity = ActivityOf(kind);
        Set(activity, field, JToken.Parse(json));
        var warningsBefore = Warnings().Count;

        using var response = await PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await DetailAsync(response), StringComparison.Ordinal);
        await Task.Delay(200);
        Assert.DoesNotContain(Connector.Sent, a => a.ConversationId.StartsWith(ConversationOf(activity), StringComparison.Ordinal));
        var logged = Assert.Single(Warnings().Skip(warningsBefore));
        Assert.Contains(named, logged.Message, StringComparison.Ordinal);
        Assert.Null(logged.Exception);
        Assert.Empty(fixture.Errors);
    }

    [Theory]
    [InlineData(Message)]
    [InlineData(Search)]
    [InlineData(CardAction)]
    [InlineData(FetchTask)]
    [InlineData(FileConsentAnswer)]
    public async Task The_same_activity_with_its_fields_as_Teams_sends_them_is_answered(string kind)
    {
        var activity = ActivityOf(kind);

        using var response = await PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (kind == Message)
        {
            Assert.NotEmpty(await Connector.WaitForAsync((string)activity["conversation"]!["id"]!, 1));
        }
        else if (kind != FileConsentAnswer)
        {
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            Assert.NotNull(kind switch { Search => body?["composeExtension"], FetchTask => body?["task"], _ => body?["value"] });
        }

        Assert.Empty(fixture.Errors);
    }

    [Fact]
    public async Task A_message_from_the_bot_itself_is_taken_not_answered_and_logged_once_and_the_same_from_a_person_is_answered()
    {
        var person = TestPerson.New();
        var echo = JObject.Parse(TeamsActivities.ToJson(TeamsActivities.PersonalMessage(person, "whoami", Connector.ServiceUrl)));
        echo["from"] = new JObject { ["id"] = TeamsActivities.BotId, ["name"] = TeamsActivities.BotName };
        var logsBefore = fixture.Logged.Count;

        using (var response = await PostJsonAsync(echo.ToString()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Task.Delay(300);
        Assert.DoesNotContain(Connector.Sent, a => a.ConversationId == (string?)echo["conversation"]!["id"]);
        var logged = Assert.Single(fixture.Logged.Skip(logsBefore), r => r.Message.Contains("from the bot itself", StringComparison.Ordinal));
        Assert.Null(logged.Exception);

        var fromPerson = TeamsActivities.PersonalMessage(person, "whoami", Connector.ServiceUrl);
        using (var response = await PostAsync(fromPerson))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.NotEmpty(await Connector.WaitForAsync(fromPerson.Conversation.Id, 1));
        Assert.Empty(fixture.Errors);
    }

    /// <summary>PmoBot answers no task module fetch; without its value the SDK threw before that answer, so the sender got an apology.</summary>
    [Fact]
    public async Task A_task_fetch_without_its_value_is_400_for_the_value_and_with_one_400_for_the_invoke_PmoBot_does_not_handle()
    {
        var activity = ActivityOf(CardAction);
        activity["name"] = "task/fetch";
        activity.Remove("value");
        using (var missing = await PostAsync(activity))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Contains("task/fetch invoke's value is missing", await DetailAsync(missing), StringComparison.Ordinal);
        }

        activity["value"] = new JObject { ["data"] = new JObject { ["msteams"] = new JObject { ["type"] = "task/fetch" } } };
        using (var unhandled = await PostAsync(activity))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unhandled.StatusCode);
            Assert.Contains("does not handle the invoke 'task/fetch'", await DetailAsync(unhandled), StringComparison.Ordinal);
        }

        Assert.Empty(fixture.Errors);
    }

    private JObject ActivityOf(string kind)
    {
        var person = TestPerson.New();
        var activity = kind switch
        {
            Message => TeamsActivities.PersonalMessage(person, "whoami", Connector.ServiceUrl),
            Search => MessagingExtensionHarness.Query(person, "PRJ"),
            FetchTask => TeamsActivities.ExtensionInvoke(person, "composeExtension/fetchTask", new JObject { ["commandId"] = MessagingExtensionCommands.LogRisk, ["commandContext"] = "message" }, Connector.ServiceUrl),
            FileConsentAnswer => TeamsActivities.FileConsent(person, "decline", new JObject { ["kind"] = "event-registrations", ["eventId"] = "EV-NONE" }, "https://upload.invalid/1", "EV-NONE-registrations.csv", Connector.ServiceUrl),
            _ => TeamsActivities.CardExecute(person, "unknownVerb", [], Connector.ServiceUrl),
        };
        activity.ServiceUrl = Connector.ServiceUrl;
        return JObject.Parse(TeamsActivities.ToJson(activity));
    }

    /// <summary>Sets the property at a dotted path, making the objects on the way.</summary>
    private static void Set(JObject activity, string path, JToken value)
    {
        var names = path.Split('.');
        var parent = activity;
        foreach (var name in names[..^1])
        {
            parent = parent[name] as JObject ?? (JObject)(parent[name] = new JObject());
        }

        parent[names[^1]] = value;
    }

    /// <summary>The start of the activity's conversation id (set before the field is broken: a long id is one of the broken fields).</summary>
    private static string ConversationOf(JObject activity)
    {
        var id = (string?)activity["conversation"]?["id"] ?? string.Empty;
        return id[..Math.Min(40, id.Length)];
    }

    private List<Microsoft.Extensions.Logging.Testing.FakeLogRecord> Warnings() =>
        [.. fixture.Logged.Where(r => r.Level == LogLevel.Warning && r.Category == typeof(RefusalLog).FullName)];

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["detail"] ?? string.Empty;

    private Task<HttpResponseMessage> PostAsync(JObject activity) => PostJsonAsync(activity.ToString());

    private Task<HttpResponseMessage> PostAsync(Microsoft.Bot.Schema.Activity activity) => PostJsonAsync(TeamsActivities.ToJson(activity));

    private async Task<HttpResponseMessage> PostJsonAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await fixture.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }

    /// <summary>The playground's bot, logging every refusal (this class refuses more than a minute's default allowance) and what it ignores.</summary>
    public sealed class Bot : BrokenRequestTests.Bot
    {
        protected override IReadOnlyDictionary<string, string?> MoreSettings { get; } =
            new Dictionary<string, string?>
            {
                ["MessagesEndpoint:RefusalLogLinesPerMinute"] = "1000",
                ["Logging:LogLevel:PmoBot.Teams.RefusalLog"] = "Information",
            };
    }
}
