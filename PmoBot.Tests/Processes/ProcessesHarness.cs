using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Processes;

/// <summary>
/// The Processes feature over the run's Azurite, in tables of this test's own (the library is one partition every
/// test would otherwise share), with the real People and Projects features, and the routers as the bot uses them.
/// </summary>
public sealed class ProcessesHarness
{
    public static readonly CancellationToken None = CancellationToken.None;

    private ProcessesHarness(ProjectsHarness projects, ProcessStore store)
    {
        Projects = projects;
        Store = store;
        Library = new ProcessLibrary(store);
        Reader = new ProcessInputReader(projects.People.Directory);
        Publisher = new ProcessPublisher(store);
        Commands = new CommandRouter([new ProcessCommands(Library, Time)]);
        CardActions = new CardActionRouter(
        [
            new ProcessSaveCardAction(Reader, Library, Time),
            new VersionPublishCardAction(Library, Publisher, Time),
        ]);
    }

    public ProjectsHarness Projects { get; }

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => Projects.People.Time;

    public ProcessStore Store { get; }

    public ProcessLibrary Library { get; }

    public ProcessInputReader Reader { get; }

    public ProcessPublisher Publisher { get; }

    public CommandRouter Commands { get; }

    public CardActionRouter CardActions { get; }

    public static async Task<ProcessesHarness> CreateAsync()
    {
        var table = FreshTable("Processes");
        var service = await AzuriteStorage.WithTablesAsync(table);
        return new ProcessesHarness(await ProjectsHarness.CreateAsync(), new ProcessStore(service, table));
    }

    public static string FreshTable(string prefix) => (prefix + Guid.NewGuid().ToString("N"))[..Math.Min(prefix.Length + 12, 63)];

    public Task<PmoUser> PmoAsync(string firstName = "Patti") => Projects.PersonAsync(firstName, Role.Pmo);

    public Task<Reply> SayAsync(PmoUser caller, string text) => Commands.RouteAsync(caller, text, ConversationKind.Personal, [], None);

    /// <summary>Presses the button titled <paramref name="title"/> on <paramref name="card"/> with the inputs as given (and the rest as filled in).</summary>
    public Task<Reply> PressAsync(PmoUser caller, JsonObject card, string title, IReadOnlyDictionary<string, string?>? inputs = null)
    {
        var action = ActionsOf(card).Single(a => a["title"]!.GetValue<string>() == title);
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var (id, value) in InputsOf(card))
        {
            data[id] = value;
        }

        foreach (var (id, value) in inputs ?? new Dictionary<string, string?>())
        {
            data[id] = value;
        }

        return CardActions.RouteAsync(action["verb"]!.GetValue<string>(), new CardActionRequest(caller, data, ConversationKind.Personal, "en-GB"), None);
    }

    public static IEnumerable<JsonObject> ActionsOf(JsonObject card) =>
        (card["actions"]?.AsArray() ?? []).Select(a => a!.AsObject());

    /// <summary>Every input of the card with the value it shows (as a user who changes nothing submits it).</summary>
    public static Dictionary<string, string?> InputsOf(JsonObject card)
    {
        var inputs = new Dictionary<string, string?>();
        Collect(card["body"]);
        return inputs;

        void Collect(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj when obj["type"]?.GetValue<string>() is { } type && type.StartsWith("Input.", StringComparison.Ordinal):
                    inputs[obj["id"]!.GetValue<string>()] = obj["value"]?.GetValue<string>();
                    break;
                case JsonObject obj:
                    foreach (var (_, value) in obj)
                    {
                        Collect(value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Collect(item);
                    }

                    break;
            }
        }
    }

    /// <summary>A unique process name, so tests never collide on a key.</summary>
    public static string NewName(string stem = "Risk management") => $"{stem} {Guid.NewGuid().ToString("N")[..6]}";

    public static IReadOnlyDictionary<string, string?> ValidForm(string name, PmoUser owner) => new Dictionary<string, string?>
    {
        [ProcessCards.NameField] = name,
        [ProcessCards.OwnerField] = owner.UserKey,
        [ProcessCards.SummaryField] = "How risks are found, owned and reviewed on every project.",
        [ProcessCards.DocumentField] = "https://contoso.sharepoint.com/sites/pmo/risk.docx",
        [ProcessCards.AreasField] = "risk",
        [ProcessCards.StagesField] = "Planning,Execution",
    };

    /// <summary>Adds a process through the form as the PMO does, and returns it as stored.</summary>
    public async Task<StoredProcess> AddProcessAsync(PmoUser pmo, string? name = null)
    {
        var form = (await SayAsync(pmo, ProcessCommands.AddCommand)).Card!;
        name ??= NewName();
        var saved = await PressAsync(pmo, form, "Save", ValidForm(name, pmo));
        Assert.True(saved.Card is not null, saved.Text);
        return (await Library.GetAsync(ProcessKey.From(name), None))!;
    }

    /// <summary>Publishes the next version through the publish form as the PMO does.</summary>
    public async Task<Reply> PublishAsync(PmoUser pmo, string key, IReadOnlyDictionary<string, string?> inputs)
    {
        var form = (await SayAsync(pmo, $"{ProcessCommands.PublishCommand} {key}")).Card!;
        return await PressAsync(pmo, form, "Publish", inputs);
    }
}
