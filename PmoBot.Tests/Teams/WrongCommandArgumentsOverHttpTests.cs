using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// Every command PmoBot offers, typed over real HTTP by someone holding every role, bare and followed by arguments a
/// person gets wrong (an id that does not exist, negative, zero and enormous numbers, pages of text, an unclosed
/// quote, a mention of nobody, an impossible date). Each gets an answer the person can read, and nothing is logged
/// as a fault. Its own Azurite: commands such as <c>digest now</c> reach everyone in the storage account.
/// </summary>
public sealed partial class WrongCommandArgumentsOverHttpTests : IAsyncLifetime
{
    private static readonly string[] WrongArguments =
        ["", " zz-not-there", " -1", " 0", " 99999999999999999999", " 1.5e300", " \"unclosed", " <at>Nobody</at>", " 2026-02-30", " " + string.Concat(Enumerable.Repeat("pasted paragraph ", 20))];

    private readonly TestPerson everyRole = TestPerson.New("Typist");
    private PrivateAzurite azurite = null!;
    private RecordingConnector connector = null!;
    private PmoBotServer server = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        azurite = await PrivateAzurite.StartAsync();
        connector = await RecordingConnector.StartAsync();
        server = new PmoBotServer(
            new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Delivery:SendersEnabled"] = "false",
                ["Roles:Admins:0"] = everyRole.AadObjectId,
            },
            replaceServices: services => services.AddFakeLogging());
        client = server.CreateHttpClient();
        // Tables created and seeding done first: a turn before that is answered with the storage apology.
        await MessagesEndpointTests.WaitUntilHealthyAsync(client);
        await SayAsync("whoami");
        await EveryRole.GrantAsync(server.Services, everyRole);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        await connector.DisposeAsync();
        await azurite.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_command_typed_bare_or_with_wrong_arguments_gets_a_readable_answer_and_logs_no_fault(bool inChannel)
    {
        var names = server.Services.GetRequiredService<CommandRouter>().Commands.Select(c => c.Name).ToList();
        Assert.True(names.Count > 60, $"Only {names.Count} commands are registered.");
        var logs = server.Services.GetRequiredService<FakeLogCollector>();
        var problems = new List<string>();
        foreach (var line in names.SelectMany(name => WrongArguments.Select(arguments => name + arguments)))
        {
            var before = logs.GetSnapshot().Count;
            var (status, answer) = await SayAsync(line, inChannel);
            var label = line.Length > 60 ? line[..60] + "…" : line;
            var text = (string?)answer["text"] ?? string.Empty;
            var hasCard = answer["attachments"] is JsonArray { Count: > 0 };
            if (status != HttpStatusCode.OK)
            {
                problems.Add($"{label}: HTTP {(int)status}");
            }
            else if (!hasCard && (text.Length == 0 || text.Length > 1000 || BlankQuoted().IsMatch(text)))
            {
                problems.Add($"{label}: answered \"{text[..Math.Min(200, text.Length)]}\" ({text.Length} characters)");
            }

            problems.AddRange(logs.GetSnapshot().Skip(before).Where(r => r.Level >= LogLevel.Warning)
                .Select(r => string.Create(CultureInfo.InvariantCulture, $"{label}: logged {r.Level} {r.Message} {r.Exception?.GetType().Name}")));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_command_with_the_argument_it_asks_for_does_what_it_says()
    {
        var (status, answer) = await SayAsync("timezone America/Chicago");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("America/Chicago", (string?)answer["text"], StringComparison.Ordinal);
        var me = await server.Services.GetRequiredService<PeopleDirectory>().GetAsync(everyRole.AadObjectId, CancellationToken.None);
        Assert.Equal("America/Chicago", me!.TimeZone);
    }

    /// <summary>An answer with a blank where a value was meant: <c>There is no suggestion "".</c>, <c>no opportunity .</c></summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"""""[\s.,]|\s\.(\s|$)")]
    private static partial System.Text.RegularExpressions.Regex BlankQuoted();

    /// <summary>Types the line in the person's chat (or, mentioning PmoBot, in a channel) and returns the status and the last message PmoBot sent for it.</summary>
    private async Task<(HttpStatusCode Status, JsonObject Answer)> SayAsync(string line, bool inChannel = false)
    {
        var activity = inChannel
            ? TeamsActivities.ChannelMessage(everyRole, line, "19:wrong-arguments@thread.tacv2", connector.ServiceUrl)
            : TeamsActivities.PersonalMessage(everyRole, line, connector.ServiceUrl);
        var already = connector.Sent.Count(s => s.ConversationId == activity.Conversation.Id);
        using var content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
        var sent = await connector.WaitForAsync(activity.Conversation.Id, already + 1, TimeSpan.FromSeconds(10));
        return (response.StatusCode, sent[^1].Body);
    }
}
