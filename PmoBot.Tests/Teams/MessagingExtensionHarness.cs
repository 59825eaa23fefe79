using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Newtonsoft.Json.Linq;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Projects;
using PmoBot.Risks;
using PmoBot.Teams;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// The real <see cref="PmoTeamsBot"/> with its messaging extension, the real people, project register and logged
/// risks on the run's Azurite, behind <see cref="TeamsTestAdapter"/>. The portfolio's status lookup is a test
/// double (another feature builds it), so the search tests say exactly what it finds.
/// </summary>
public sealed class MessagingExtensionHarness
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TeamsTestAdapter adapter = new();
    private readonly PmoTeamsBot bot;

    private MessagingExtensionHarness(TableServiceClient storage, StorageFaults faults)
    {
        Faults = faults;
        Time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        People = new PeopleDirectory(new UserStore(storage), new RoleMemberStore(storage), new UserLookupStore(storage), Microsoft.Extensions.Options.Options.Create(new RolesOptions()), Time);
        Conversations = new ConversationReferenceStore(storage);
        Projects = new ProjectRegister(new ProjectStore(storage), new ProjectsByManagerStore(storage), Time);
        Risks = new LoggedRiskStore(storage);
        var router = new MessagingExtensionRouter(
            new ProjectSearchExtension(Lookup.Object, NullLogger<ProjectSearchExtension>.Instance),
            new LogRiskExtension(new RiskRegister(Projects, Risks, Time, NullLogger<RiskRegister>.Instance)),
            NullLogger<MessagingExtensionRouter>.Instance);
        bot = new PmoTeamsBot(
            People,
            Conversations,
            new ProcessedActivityStore(storage),
            new CommandRouter([]),
            new CardActionRouter([]),
            Time,
            NullLogger<PmoTeamsBot>.Instance,
            messagingExtension: router);
    }

    public Mock<IProjectStatusLookup> Lookup { get; } = new(MockBehavior.Strict);

    public PeopleDirectory People { get; }

    public ConversationReferenceStore Conversations { get; }

    public ProjectRegister Projects { get; }

    public LoggedRiskStore Risks { get; }

    public FakeTimeProvider Time { get; }

    public StorageFaults Faults { get; }

    public static async Task<MessagingExtensionHarness> CreateAsync()
    {
        await AzuriteStorage.WithTablesAsync(
            UserStore.TableName, RoleMemberStore.TableName, UserLookupStore.TableName, ConversationReferenceStore.TableName, ProcessedActivityStore.TableName,
            ProjectStore.TableName, ProjectsByManagerStore.TableName, LoggedRiskStore.TableName);
        var faults = new StorageFaults();
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(faults, HttpPipelinePosition.PerRetry);
        return new MessagingExtensionHarness(new TableServiceClient(AzuriteStorage.ConnectionString, options), faults);
    }

    /// <summary>Someone PmoBot knows, holding <paramref name="roles"/> (stored, as the bot reads them on every turn).</summary>
    public async Task<(TestPerson Person, PmoUser User)> PersonAsync(string firstName, params Role[] roles)
    {
        var person = TestPerson.New(firstName);
        var user = await People.EnsureAsync(
            new UserProfile(person.AadObjectId, person.Name, person.TeamsUserId, null, "Europe/London", false, roles.ToHashSet(), Time.GetUtcNow()),
            None);
        return (person, user);
    }

    /// <summary>A project with a code no other test uses, managed by <paramref name="manager"/>.</summary>
    public async Task<Project> ProjectAsync(PmoUser manager, ProjectStatus status = ProjectStatus.Active, PmoUser? deputy = null)
    {
        var project = ProjectsHarness.Valid(ProjectsHarness.NewCode(), manager, deputy) with { Status = status };
        Assert.IsType<ProjectSaveResult.Saved>(await Projects.CreateAsync(project, "test", None));
        return project;
    }

    /// <summary>Delivers the invoke as Teams sends it (JSON over the wire) and returns the invoke response body as Teams would read it.</summary>
    public async Task<JObject> InvokeAsync(Activity invoke)
    {
        adapter.ActiveQueue.Clear();
        await adapter.DeliverAsync(BotHarness.OverTheWire(invoke), bot.OnTurnAsync);
        var reply = Assert.Single(adapter.ActiveQueue);
        adapter.ActiveQueue.Clear();
        Assert.Equal(ActivityTypesEx.InvokeResponse, reply.Type);
        var response = Assert.IsType<InvokeResponse>(reply.Value);
        Assert.Equal(200, response.Status);
        return JObject.FromObject(response.Body);
    }

    /// <summary>Delivers a message (or any activity that is not an invoke) and returns what the bot sent back.</summary>
    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity)
    {
        adapter.ActiveQueue.Clear();
        await adapter.DeliverAsync(BotHarness.OverTheWire(activity), bot.OnTurnAsync);
        return adapter.ActiveQueue.ToList();
    }

    /// <summary>A search in the compose box of a chat between two people (not the bot's chat), as <c>initialRun</c> sends it when <paramref name="text"/> is null.</summary>
    public static Activity Query(TestPerson from, string? text, string commandId = MessagingExtensionCommands.FindProject, int skip = 0, int count = 25)
    {
        var parameter = text is null
            ? new JObject { ["name"] = MessagingExtensionCommands.InitialRunParameter, ["value"] = "true" }
            : new JObject { ["name"] = MessagingExtensionCommands.FindProjectQueryParameter, ["value"] = text };
        return Invoke(from, "composeExtension/query", new JObject
        {
            ["commandId"] = commandId,
            ["parameters"] = new JArray(parameter),
            ["queryOptions"] = new JObject { ["skip"] = skip, ["count"] = count },
        });
    }

    /// <summary>"Log as risk" chosen on a message whose body is <paramref name="messageHtml"/>.</summary>
    public static Activity FetchTask(TestPerson from, string messageHtml, string commandId = MessagingExtensionCommands.LogRisk) =>
        Invoke(from, "composeExtension/fetchTask", ActionValue(commandId, messageHtml));

    /// <summary>The form submitted with <paramref name="data"/> (the card's action data merged with its inputs, as Teams sends it).</summary>
    public static Activity SubmitAction(TestPerson from, JObject data, string messageHtml = "<p>Vendor may be late</p>", string commandId = MessagingExtensionCommands.LogRisk)
    {
        var value = ActionValue(commandId, messageHtml);
        value["data"] = data;
        return Invoke(from, "composeExtension/submitAction", value);
    }

    private static JObject ActionValue(string commandId, string messageHtml) => new()
    {
        ["commandId"] = commandId,
        ["commandContext"] = "message",
        ["context"] = new JObject { ["theme"] = "default" },
        ["messagePayload"] = new JObject
        {
            ["id"] = "1700000000000",
            ["messageType"] = "message",
            ["body"] = new JObject { ["contentType"] = "html", ["content"] = messageHtml },
            ["from"] = new JObject { ["user"] = new JObject { ["id"] = Guid.NewGuid().ToString(), ["displayName"] = "Someone" } },
        },
    };

    private static Activity Invoke(TestPerson from, string name, JObject value) => new()
    {
        Type = ActivityTypes.Invoke,
        Name = name,
        Id = $"f:{Guid.NewGuid():N}",
        Timestamp = DateTimeOffset.UtcNow,
        ChannelId = "msteams",
        ServiceUrl = "https://smba.trafficmanager.net/teams/",
        From = new ChannelAccount(from.TeamsUserId, from.Name, aadObjectId: from.AadObjectId),
        Recipient = new ChannelAccount(TeamsActivities.BotId, TeamsActivities.BotName),
        // A 1:1 chat between two people: Teams calls it "personal" too, though the bot is not in it.
        Conversation = new ConversationAccount(conversationType: "personal", id: $"19:{Guid.NewGuid():N}_{from.AadObjectId}@unq.gbl.spaces", tenantId: TeamsActivities.TenantId),
        Locale = "en-GB",
        Value = value,
    };
}
