using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// The real <see cref="PmoTeamsBot"/> with the real features and stores on the test run's Azurite, behind a
/// Bot Framework <see cref="TestAdapter"/>. Built the way <c>Program.cs</c> composes it, minus the host.
/// </summary>
public sealed class BotHarness
{
    private BotHarness(TeamsTestAdapter adapter, PmoTeamsBot bot, PeopleDirectory people, ConversationReferenceStore conversations, CommandRouter commands, FakeTimeProvider time, StorageFaults faults)
    {
        Adapter = adapter;
        Bot = bot;
        People = people;
        Conversations = conversations;
        Commands = commands;
        Time = time;
        Faults = faults;
    }

    public TeamsTestAdapter Adapter { get; }

    public PmoTeamsBot Bot { get; }

    public PeopleDirectory People { get; }

    public ConversationReferenceStore Conversations { get; }

    public CommandRouter Commands { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>Turns chosen storage requests into real connection failures (a closed port).</summary>
    public StorageFaults Faults { get; }

    /// <param name="admins">Entra object ids configured as <c>Roles:Admins</c>.</param>
    /// <param name="extraModules">More command modules next to the People feature (for failure injection).</param>
    public static async Task<BotHarness> CreateAsync(IEnumerable<string>? admins = null, IEnumerable<ICommandModule>? extraModules = null)
    {
        await AzuriteStorage.WithTablesAsync(
            UserStore.TableName, RoleMemberStore.TableName, UserLookupStore.TableName, ConversationReferenceStore.TableName, ProcessedActivityStore.TableName);

        // One client for every store, as in the app; no retries, so an injected failure is seen by the bot
        // instead of being retried away by the SDK.
        var faults = new StorageFaults();
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(faults, HttpPipelinePosition.PerRetry);
        var storage = new TableServiceClient(AzuriteStorage.ConnectionString, options);

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var roles = Options.Create(new RolesOptions { Admins = [.. admins ?? []] });
        var people = new PeopleDirectory(new UserStore(storage), new RoleMemberStore(storage), new UserLookupStore(storage), roles, time);
        var administration = new RoleAdministration(people);
        var conversations = new ConversationReferenceStore(storage);
        var commands = new CommandRouter([new PeopleCommands(people, administration), .. extraModules ?? []]);
        var bot = new PmoTeamsBot(
            people,
            conversations,
            new ProcessedActivityStore(storage),
            commands,
            new CardActionRouter([new RoleChangeCardAction(administration)]),
            time,
            NullLogger<PmoTeamsBot>.Instance);
        return new BotHarness(new TeamsTestAdapter(), bot, people, conversations, commands, time, faults);
    }

    /// <summary>
    /// Delivers the activity as Teams does, as JSON (so entities such as mentions arrive as the SDK reads them
    /// off the wire, and the caller's object is never changed: sending it twice is a redelivery), and returns
    /// what the bot sent back during that turn.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity)
    {
        Adapter.ActiveQueue.Clear();
        await Adapter.DeliverAsync(OverTheWire(activity), Bot.OnTurnAsync);
        var replies = Adapter.ActiveQueue.ToList();
        Adapter.ActiveQueue.Clear();
        return replies;
    }

    /// <summary>Sends a personal-chat message and returns the replies.</summary>
    public Task<IReadOnlyList<Activity>> SayAsync(TestPerson person, string text) => SendAsync(TeamsActivities.PersonalMessage(person, text));

    /// <summary>A person who has talked to PmoBot before (no welcome any more), holding <paramref name="roles"/>.</summary>
    public async Task<TestPerson> KnownPersonAsync(string firstName, params Role[] roles)
    {
        var person = TestPerson.New(firstName);
        await People.EnsureAsync(
            new UserProfile(person.AadObjectId, person.Name, person.TeamsUserId, null, "Europe/London", false, roles.ToHashSet(), Time.GetUtcNow()),
            CancellationToken.None);
        return person;
    }

    /// <summary>The activity as the adapter reads it from Teams' JSON.</summary>
    public static Activity OverTheWire(Activity activity) =>
        JsonConvert.DeserializeObject<Activity>(TeamsActivities.ToJson(activity))!;

    public static JsonObject CardOf(IActivity reply)
    {
        var attachment = Assert.Single(((Activity)reply).Attachments ?? []);
        Assert.Equal(AdaptiveCard.ContentType, attachment.ContentType);
        return ToJsonObject(attachment.Content);
    }

    public static bool HasCard(IActivity reply) => ((Activity)reply).Attachments is { Count: > 0 };

    public static JsonObject ToJsonObject(object content) => content switch
    {
        JObject jobject => JsonNode.Parse(jobject.ToString())!.AsObject(),
        _ => JsonNode.Parse(JsonConvert.SerializeObject(content))!.AsObject(),
    };

    /// <summary>Every text a card shows: text blocks, fact titles and values, input values and labels, button titles.</summary>
    public static IReadOnlyList<string> TextsOf(JsonNode? node)
    {
        var texts = new List<string>();
        Collect(node, texts);
        return texts;

        static void Collect(JsonNode? node, List<string> texts)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key is "text" or "title" or "value" or "label" && value is JsonValue v && v.TryGetValue<string>(out var s))
                        {
                            texts.Add(s);
                        }
                        else
                        {
                            Collect(value, texts);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Collect(item, texts);
                    }

                    break;
            }
        }
    }

    /// <summary>The (title, value) pairs of every FactSet of the card, in order, a chart's fallback facts among them (what hosts without charts show).</summary>
    public static IReadOnlyList<(string Title, string Value)> FactsOf(JsonObject card) =>
        card["body"]!.AsArray()
            .SelectMany(e => e?["type"]?.GetValue<string>() == "Container" ? e["items"]!.AsArray() : new JsonArray(e?.DeepClone()).AsEnumerable())
            .Where(e => e?["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(e => e!["facts"]!.AsArray())
            .Select(f => (f!["title"]!.GetValue<string>(), f["value"]!.GetValue<string>()))
            .ToList();
}

/// <summary>
/// A <see cref="TestAdapter"/> for Teams-shaped activities. <see cref="TestAdapter.ProcessActivityAsync(Activity, BotCallbackHandler, CancellationToken)"/>
/// overwrites the activity's id, conversation, recipient and service URL with the adapter's own conversation,
/// which would erase exactly what these tests are about (channel vs personal, a changed service URL, a
/// redelivered id); <see cref="DeliverAsync"/> runs the same middleware pipeline on the activity unchanged.
/// Replies land in <see cref="TestAdapter.ActiveQueue"/> as usual; in-place card updates are recorded in
/// <see cref="Updates"/> (the base adapter only swaps them into the queue, and drops them otherwise).
/// </summary>
public sealed class TeamsTestAdapter : TestAdapter
{
    private readonly List<Activity> updates = [];

    public TeamsTestAdapter()
        : base(Channels.Msteams)
    {
    }

    public IReadOnlyList<Activity> Updates
    {
        get
        {
            lock (updates)
            {
                return updates.ToList();
            }
        }
    }

    public async Task DeliverAsync(Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken = default)
    {
        using var context = new TurnContext(this, activity);
        await RunPipelineAsync(context, callback, cancellationToken);
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        lock (updates)
        {
            updates.Add(activity);
        }

        return base.UpdateActivityAsync(turnContext, activity, cancellationToken);
    }
}

/// <summary>
/// An Azure SDK pipeline policy that sends chosen storage requests to a port nobody listens on, so the store
/// sees the real failure (a <see cref="Azure.RequestFailedException"/> from a refused connection).
/// </summary>
public sealed class StorageFaults : HttpPipelinePolicy
{
    private readonly Lock gate = new();
    private Func<Request, bool>? match;
    private int remaining;

    public int Injected { get; private set; }

    /// <summary>The next <paramref name="count"/> requests to <paramref name="table"/> (optionally with <paramref name="method"/>) fail.</summary>
    public void FailNext(string table, RequestMethod? method = null, int count = 1)
    {
        lock (gate)
        {
            match = request => (request.Uri.Path.Contains($"/{table}", StringComparison.Ordinal) || IsBatchFor(request, table)) && (method is null || request.Method == method.Value);
            remaining = count;
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Divert(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Divert(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Divert(HttpMessage message)
    {
        lock (gate)
        {
            if (remaining <= 0 || match is null || !match(message.Request))
            {
                return;
            }

            remaining--;
            Injected++;
        }

        message.Request.Uri.Port = ClosedPort();
    }

    /// <summary>An entity-group transaction goes to <c>/$batch</c>; its table is named inside the body.</summary>
    private static bool IsBatchFor(Request request, string table)
    {
        if (!request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal) || request.Content is null)
        {
            return false;
        }

        using var body = new MemoryStream();
        request.Content.WriteTo(body, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(body.ToArray()).Contains($"/{table}", StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
