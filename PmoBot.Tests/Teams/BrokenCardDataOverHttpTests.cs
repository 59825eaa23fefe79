using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Newtonsoft.Json.Linq;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// Every button PmoBot registers, pressed over real HTTP by someone holding every role, with data a card could
/// never have sent (nothing; every field PmoBot knows set to a number, an array, an object, a flag, an id that
/// does not exist, pages of text, an impossible date). Each press gets an answer the person can read, and nothing
/// is logged as a fault.
/// </summary>
public sealed class BrokenCardDataOverHttpTests : IAsyncLifetime
{
    private static readonly Dictionary<string, Func<JToken>> WrongValues = new()
    {
        ["a number"] = () => 12345,
        ["a negative number as text"] = () => "-5",
        ["a number too big for any type"] = () => "99999999999999999999999",
        ["an array"] = () => new JArray(1, 2),
        ["an object"] = () => new JObject { ["a"] = 1 },
        ["a flag"] = () => true,
        ["an id that does not exist"] = () => "zz-not-there",
        ["pages of text"] = () => new string('x', 5000) + "'\"<>|/\\#?",
        ["an impossible date"] = () => "2026-02-30",
    };

    private readonly TestPerson everyRole = TestPerson.New("Fuzz");
    private RecordingConnector connector = null!;
    private PmoBotServer server = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        connector = await RecordingConnector.StartAsync();
        server = new PmoBotServer(
            new Dictionary<string, string?> { ["Delivery:SendersEnabled"] = "false", ["Roles:Admins:0"] = everyRole.AadObjectId },
            replaceServices: services => services.AddFakeLogging());
        client = server.CreateHttpClient();
        // Tables created and seeding done first: a turn before that is answered with the storage apology.
        await MessagesEndpointTests.WaitUntilHealthyAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(TeamsActivities.PersonalMessage(everyRole, "whoami", connector.ServiceUrl))).StatusCode);
        await EveryRole.GrantAsync(server.Services, everyRole);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        await connector.DisposeAsync();
    }

    [Fact]
    public async Task Every_button_pressed_with_missing_or_wrong_fields_gets_a_readable_answer_and_logs_no_fault()
    {
        var verbs = server.Services.GetServices<ICardActionHandler>().Select(h => h.Verb).ToList();
        Assert.True(verbs.Count > 40, $"Only {verbs.Count} buttons are registered.");
        var problems = new List<string>();
        foreach (var verb in verbs)
        {
            problems.AddRange(await PressAsync(verb, "nothing", []));
            foreach (var (wrong, value) in WrongValues)
            {
                var data = new JObject();
                foreach (var field in FieldNames)
                {
                    data[field] = value();
                }

                problems.AddRange(await PressAsync(verb, wrong, data));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_button_sent_as_an_action_submit_with_wrong_fields_is_answered_in_the_chat_and_logs_no_fault()
    {
        // Clients without Action.Execute send the button's data as a message; the answer replaces the card or follows it.
        var logs = server.Services.GetRequiredService<FakeLogCollector>();
        var problems = new List<string>();
        foreach (var verb in server.Services.GetServices<ICardActionHandler>().Select(h => h.Verb))
        {
            foreach (var (what, value) in new (string, JToken?)[] { ("nothing", null), ("a number", 12345), ("pages of text", new string('x', 5000)) })
            {
                var data = new JObject { [PmoBot.Cards.AdaptiveCard.VerbField] = verb };
                foreach (var field in FieldNames.Where(_ => value is not null))
                {
                    data[field] = value!.DeepClone();
                }

                var press = TeamsActivities.CardSubmit(everyRole, data, $"card-{Guid.NewGuid():N}", connector.ServiceUrl);
                press.Conversation.Id = $"a:submit-{Guid.NewGuid():N}";
                var before = logs.GetSnapshot().Count;
                var response = await PostAsync(press);
                var label = $"{verb} submitted with {what}";
                var answers = response.StatusCode == HttpStatusCode.OK ? await connector.WaitForAsync(press.Conversation.Id, 1, TimeSpan.FromSeconds(10)) : [];
                if (answers.Count == 0 || (answers[0].Body["text"] is null && answers[0].Body["attachments"] is not System.Text.Json.Nodes.JsonArray { Count: > 0 }))
                {
                    problems.Add($"{label}: HTTP {(int)response.StatusCode}, {answers.Count} answers");
                }

                problems.AddRange(logs.GetSnapshot().Skip(before).Where(r => r.Level >= LogLevel.Warning)
                    .Select(r => $"{label}: logged {r.Level} {r.Message} {r.Exception?.GetType().Name}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("composeExtension/query")]
    [InlineData("composeExtension/fetchTask")]
    [InlineData("composeExtension/submitAction")]
    public async Task Every_messaging_extension_command_sent_broken_values_answers_in_the_extension_and_logs_no_fault(string invoke)
    {
        var commandIds = typeof(MessagingExtensionCommands).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && !f.Name.EndsWith("Parameter", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Append("notACommand");
        JObject[] brokenValues =
        [
            [],
            new JObject { ["parameters"] = new JArray(new JObject { ["name"] = 5, ["value"] = new JArray() }), ["queryOptions"] = new JObject { ["skip"] = -5, ["count"] = 100000 } },
            new JObject { ["parameters"] = null, ["queryOptions"] = null },
            new JObject { ["data"] = new JObject { ["project"] = 5, ["description"] = new JArray(), ["severity"] = "huge", ["title"] = new string('x', 5000) } },
            new JObject { ["data"] = "just a string" },
            new JObject { ["commandContext"] = "message", ["messagePayload"] = new JObject { ["body"] = new JObject { ["content"] = 5, ["contentType"] = "html" } } },
        ];
        var logs = server.Services.GetRequiredService<FakeLogCollector>();
        var problems = new List<string>();
        foreach (var commandId in commandIds)
        {
            foreach (var (broken, index) in brokenValues.Select((v, i) => (v, i)))
            {
                var value = (JObject)broken.DeepClone();
                value["commandId"] = commandId;
                var before = logs.GetSnapshot().Count;
                var response = await PostAsync(TeamsActivities.ExtensionInvoke(everyRole, invoke, value, connector.ServiceUrl));
                var body = JObject.Parse(await response.Content.ReadAsStringAsync());
                var label = $"{invoke} {commandId} with broken value {index}";
                if (response.StatusCode != HttpStatusCode.OK || (body["composeExtension"] ?? body["task"]) is null)
                {
                    problems.Add($"{label}: HTTP {(int)response.StatusCode} {body.ToString(Newtonsoft.Json.Formatting.None)[..Math.Min(200, body.ToString().Length)]}");
                }

                problems.AddRange(logs.GetSnapshot().Skip(before).Where(r => r.Level >= LogLevel.Error || r.Exception is not null)
                    .Select(r => $"{label}: logged {r.Level} {r.Message} {r.Exception?.GetType().Name}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_same_button_with_the_fields_its_card_sends_does_what_it_says()
    {
        var other = TestPerson.New("Target");
        await PostAsync(TeamsActivities.PersonalMessage(other, "whoami", connector.ServiceUrl));

        var response = await PostAsync(TeamsActivities.CardExecute(everyRole, PeopleCards.RoleChangeVerb, new JObject
        {
            [PeopleCards.PersonField] = other.Name,
            [PeopleCards.RoleField] = "pm",
            [PeopleCards.ChangeField] = "grant",
        }, connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var target = await server.Services.GetRequiredService<PeopleDirectory>().GetAsync(other.AadObjectId, CancellationToken.None);
        Assert.Contains(Role.ProjectManager, target!.Roles);
    }

    /// <summary>Every field name a PmoBot card sends (the constants named <c>…Field</c>), so each handler finds its own fields wrong.</summary>
    private static IReadOnlyList<string> FieldNames { get; } = [.. typeof(CardActionRouter).Assembly.GetTypes()
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
        .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Field", StringComparison.Ordinal))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Where(name => name != AdaptiveCardVerbField)
        .Distinct(StringComparer.Ordinal)];

    private static string AdaptiveCardVerbField => PmoBot.Cards.AdaptiveCard.VerbField;

    private async Task<IEnumerable<string>> PressAsync(string verb, string what, JObject data)
    {
        var logs = server.Services.GetRequiredService<FakeLogCollector>();
        var before = logs.GetSnapshot().Count;
        var response = await PostAsync(TeamsActivities.CardExecute(everyRole, verb, data, connector.ServiceUrl));
        var body = await response.Content.ReadAsStringAsync();
        var problems = new List<string>();
        var label = $"{verb} with {what}";
        if (response.StatusCode != HttpStatusCode.OK)
        {
            problems.Add($"{label}: HTTP {(int)response.StatusCode} {body}");
            return problems;
        }

        var value = JObject.Parse(body)["value"];
        if (value is JValue { Type: JTokenType.String } message)
        {
            var text = (string)message!;
            if (string.IsNullOrWhiteSpace(text) || text.Length > 600 || text.Contains(" .", StringComparison.Ordinal) || text.Contains("  ", StringComparison.Ordinal))
            {
                problems.Add($"{label}: answered \"{text[..Math.Min(200, text.Length)]}\" ({text.Length} characters)");
            }
        }
        else if (value is not JObject { } card || (string?)card["type"] != "AdaptiveCard")
        {
            problems.Add($"{label}: answered neither a message nor a card: {body[..Math.Min(200, body.Length)]}");
        }

        problems.AddRange(logs.GetSnapshot().Skip(before).Where(r => r.Level >= LogLevel.Warning)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{label}: logged {r.Level} {r.Message} {r.Exception?.GetType().Name}")));
        return problems;
    }

    private async Task<HttpResponseMessage> PostAsync(Microsoft.Bot.Schema.Activity activity)
    {
        using var content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json");
        return await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }
}
