using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Newtonsoft.Json.Linq;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Projects;
using PmoBot.Risks;
using PmoBot.Teams;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using PmoBot.Tests.Warnings;
using PmoBot.Warnings;

namespace PmoBot.Tests.Teams;

/// <summary>
/// "Raise early warning": <c>composeExtension/fetchTask</c> and <c>submitAction</c> invokes from the compose box
/// through the real bot and router, with manual warnings on Azurite; and the command wired by Program.cs over HTTP.
/// </summary>
public sealed class MessagingExtensionRaiseWarningTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_form_opens_in_a_dialog_listing_only_the_PMs_active_projects()
    {
        var t = await Bot.CreateAsync();
        var (pm, pmUser) = await t.PersonAsync("Megan", Role.ProjectManager);
        var own = await t.Harness.ProjectAsync(pmUser);
        await t.Harness.ProjectAsync(pmUser, ProjectStatus.Closed);
        await t.Harness.ProjectAsync(await t.Harness.PersonAsync("Adele", Role.ProjectManager));

        var body = await t.InvokeAsync(Invoke(pm, "composeExtension/fetchTask", new JObject()));

        var task = body["task"]!;
        Assert.Equal("continue", (string?)task["type"]);
        Assert.Equal(ManualWarningForm.Title, (string?)task["value"]!["title"]);
        var card = CardOf(task);
        var project = card["body"]!.AsArray().Single(e => (string?)e!["id"] == ManualWarningForm.ProjectField)!;
        Assert.Equal([own.Code], project["choices"]!.AsArray().Select(c => (string?)c!["value"]));
        Assert.Equal(own.Code, (string?)project["value"]);
        await AdaptiveCardValidator.AssertValidAsync("raise warning dialog", card);
    }

    [Fact]
    public async Task A_submitted_form_raises_the_warning_once_and_posts_it_through_the_outbox()
    {
        var t = await Bot.CreateAsync();
        var (pmo, _) = await t.PersonAsync("Patti", Role.Pmo);
        var project = await t.Harness.ProjectAsync(await t.Harness.PersonAsync("Megan", Role.ProjectManager));
        var form = CardOf((await t.InvokeAsync(Invoke(pmo, "composeExtension/fetchTask", new JObject())))["task"]!);
        var data = new JObject
        {
            [ManualWarningForm.FormIdField] = ManualWarningsHarness.FormIdOf(form),
            [ManualWarningForm.ProjectField] = project.Code,
            [ManualWarningForm.SeverityField] = "Critical",
            [ManualWarningForm.DescriptionField] = "Regulator paused the rollout",
        };

        var first = await t.InvokeAsync(Invoke(pmo, "composeExtension/submitAction", new JObject { ["data"] = data }));
        var second = await t.InvokeAsync(Invoke(pmo, "composeExtension/submitAction", new JObject { ["data"] = data }));

        Assert.Equal("message", (string?)first["task"]!["type"]);
        Assert.StartsWith($"Raised a critical early warning on **{project.Code} · {project.Name}**: Regulator paused the rollout.", (string?)first["task"]!["value"], StringComparison.Ordinal);
        Assert.StartsWith("This warning was already raised on", (string?)second["task"]!["value"], StringComparison.Ordinal);
        var episode = Assert.Single(await t.Harness.OpenManualAsync(project));
        Assert.Equal(ManualWarning.EpisodeRuleId((string)data[ManualWarningForm.FormIdField]!), episode.RuleId);
        var alert = await t.Harness.Warnings.PostedAsync(project.Code);
        Assert.Equal(t.Harness.Warnings.Channel, alert.Target.Key);
        Assert.Contains("Close", ManualWarningsHarness.ActionTitles(alert.Card!));
    }

    [Fact]
    public async Task A_submit_with_problems_shows_the_form_again_in_the_dialog_and_a_PM_is_refused_anothers_project()
    {
        var t = await Bot.CreateAsync();
        var (pm, pmUser) = await t.PersonAsync("Megan", Role.ProjectManager);
        await t.Harness.ProjectAsync(pmUser);
        var notTheirs = await t.Harness.ProjectAsync(await t.Harness.PersonAsync("Adele", Role.ProjectManager));
        var formId = ManualWarningsHarness.FormIdOf(CardOf((await t.InvokeAsync(Invoke(pm, "composeExtension/fetchTask", new JObject())))["task"]!));

        var missing = await t.InvokeAsync(Invoke(pm, "composeExtension/submitAction", new JObject { ["data"] = new JObject { [ManualWarningForm.FormIdField] = formId } }));
        var refused = await t.InvokeAsync(Invoke(pm, "composeExtension/submitAction", new JObject
        {
            ["data"] = new JObject
            {
                [ManualWarningForm.FormIdField] = formId,
                [ManualWarningForm.ProjectField] = notTheirs.Code,
                [ManualWarningForm.SeverityField] = "Watch",
                [ManualWarningForm.DescriptionField] = "Looks late",
            },
        }));

        Assert.Equal("continue", (string?)missing["task"]!["type"]);
        var texts = BotHarness.TextsOf(CardOf(missing["task"]!));
        Assert.Contains("Pick the project the warning is about.", texts);
        Assert.Contains("Pick the severity: info, watch or critical.", texts);
        Assert.Contains("Say what is wrong.", texts);
        Assert.Contains(ManualWarnings.ProjectRefused, BotHarness.TextsOf(CardOf(refused["task"]!)));
        Assert.Empty(await t.Harness.OpenManualAsync(notTheirs));
        await AdaptiveCardValidator.AssertValidAsync("raise warning dialog with errors", CardOf(missing["task"]!));
    }

    [Fact]
    public async Task The_command_is_wired_in_the_app_and_answers_over_HTTP()
    {
        var lookup = new Mock<IProjectStatusLookup>();
        await using var app = new ExtensionApp(lookup.Object);
        using var client = app.CreateClient();

        var opened = await PostAsync(client, Invoke(TestPerson.New("Nestor"), "composeExtension/fetchTask", new JObject()));

        Assert.Equal("message", (string?)opened["task"]!["type"]);
        Assert.Equal(ManualWarnings.NoRoleMessage, (string?)opened["task"]!["value"]);
    }

    /// <summary>The command invoked from the compose box of a chat, as Teams sends it.</summary>
    private static Activity Invoke(TestPerson from, string name, JObject value)
    {
        value["commandId"] = MessagingExtensionCommands.RaiseWarning;
        value["commandContext"] = "compose";
        value["context"] = new JObject { ["theme"] = "default" };
        return new Activity
        {
            Type = ActivityTypes.Invoke,
            Name = name,
            Id = $"f:{Guid.NewGuid():N}",
            Timestamp = DateTimeOffset.UtcNow,
            ChannelId = "msteams",
            ServiceUrl = "https://smba.trafficmanager.net/teams/",
            From = new ChannelAccount(from.TeamsUserId, from.Name, aadObjectId: from.AadObjectId),
            Recipient = new ChannelAccount(TeamsActivities.BotId, TeamsActivities.BotName),
            Conversation = new ConversationAccount(conversationType: "groupChat", id: $"19:{Guid.NewGuid():N}@thread.v2", tenantId: TeamsActivities.TenantId),
            Locale = "en-GB",
            Value = value,
        };
    }

    private static JsonObject CardOf(JToken task)
    {
        var card = task["value"]!["card"]!;
        Assert.Equal(AdaptiveCard.ContentType, (string?)card["contentType"]);
        return JsonNode.Parse(card["content"]!.ToString())!.AsObject();
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, Activity activity)
    {
        using var content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>The real bot and router over <see cref="ManualWarningsHarness"/>, behind <see cref="TeamsTestAdapter"/>.</summary>
    private sealed class Bot
    {
        private readonly TeamsTestAdapter adapter = new();

        private Bot(ManualWarningsHarness harness, PmoTeamsBot bot)
        {
            Harness = harness;
            Turn = bot;
        }

        public ManualWarningsHarness Harness { get; }

        private PmoTeamsBot Turn { get; }

        public static async Task<Bot> CreateAsync()
        {
            var harness = await ManualWarningsHarness.CreateAsync();
            var storage = await AzuriteStorage.WithTablesAsync(ConversationReferenceStore.TableName, ProcessedActivityStore.TableName, LoggedRiskStore.TableName);
            var time = harness.Warnings.Time;
            var router = new MessagingExtensionRouter(
                new ProjectSearchExtension(new Mock<IProjectStatusLookup>(MockBehavior.Strict).Object, NullLogger<ProjectSearchExtension>.Instance),
                new LogRiskExtension(new RiskRegister(harness.Warnings.Projects.Register, new LoggedRiskStore(storage), time, NullLogger<RiskRegister>.Instance)),
                NullLogger<MessagingExtensionRouter>.Instance,
                new RaiseWarningExtension(harness.Manual));
            var bot = new PmoTeamsBot(
                harness.Warnings.Projects.People.Directory,
                new ConversationReferenceStore(storage),
                new ProcessedActivityStore(storage),
                new CommandRouter([]),
                new CardActionRouter([]),
                time,
                NullLogger<PmoTeamsBot>.Instance,
                messagingExtension: router);
            return new Bot(harness, bot);
        }

        public async Task<(TestPerson Person, PmoUser User)> PersonAsync(string firstName, params Role[] roles)
        {
            var person = TestPerson.New(firstName);
            return (person, await Harness.Warnings.Projects.People.PersonAsync(person, roles));
        }

        public async Task<JObject> InvokeAsync(Activity invoke)
        {
            adapter.ActiveQueue.Clear();
            await adapter.DeliverAsync(BotHarness.OverTheWire(invoke), Turn.OnTurnAsync);
            var reply = Assert.Single(adapter.ActiveQueue);
            adapter.ActiveQueue.Clear();
            Assert.Equal(ActivityTypesEx.InvokeResponse, reply.Type);
            var response = Assert.IsType<InvokeResponse>(reply.Value);
            Assert.Equal(200, response.Status);
            return JObject.FromObject(response.Body);
        }
    }

    /// <summary>The app as Program.cs composes it, with the run's storage and a status lookup (another feature's).</summary>
    private sealed class ExtensionApp(IProjectStatusLookup lookup) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = AzuriteStorage.ConnectionString,
                ["Demo:Seed"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            }));
            builder.ConfigureServices(services => services.AddSingleton(lookup));
        }
    }
}
