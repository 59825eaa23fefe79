using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Alerts;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Lessons;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

using MsOptions = Microsoft.Extensions.Options.Options;

namespace PmoBot.Tests.Processes;

/// <summary>
/// The Processes feature over the run's Azurite, in tables of this test's own (the library is one partition every
/// test would otherwise share), with the real People and Projects features, and the routers as the bot uses them.
/// </summary>
public sealed class ProcessesHarness
{
    public static readonly CancellationToken None = CancellationToken.None;

    private ProcessesHarness(ProjectsHarness projects, ProcessStore store, RolloutStore rollouts, DeliveryHarness delivery, AlertChannelStore alertChannels, ProcessesOptions options, TableServiceClient service, string templatesTable, string complianceTable, string suggestionsTable, string lessonsTable)
    {
        Suggestions = new SuggestionStore(service, suggestionsTable);
        Lessons = new LessonStore(service, lessonsTable);
        Templates = new ReviewTemplateStore(service, projects.People.Time, templatesTable, new RegisterProjectStages(projects.Register));
        Compliance = new ComplianceStore(service, complianceTable);
        ComplianceRecorder = new ComplianceRecorder(Compliance, Templates);
        Projects = projects;
        Store = store;
        Rollouts = rollouts;
        Delivery = delivery;
        AlertChannels = alertChannels;
        Options = options;
        Library = new ProcessLibrary(store);
        Reader = new ProcessInputReader(projects.People.Directory);
        Publisher = new ProcessPublisher(store);
        Channels = new AnnouncementChannels(delivery.Conversations);
        Audiences = new RolloutAudienceResolver(projects.People.Directory, projects.Register);
        Notifier = new PmoNotifier(alertChannels, projects.People.Directory, delivery.Outbox);
        Acknowledgements = new Acknowledgements(rollouts, delivery.Outbox, Time, NullLogger<Acknowledgements>.Instance);
        Signal = new RecordingSignal(Acknowledgements);
        Starter = new RolloutStarter(rollouts, Signal, Time);
        ComplianceTemplates = new ComplianceTemplatePublisher(Templates, store);
        ComplianceReader = new ComplianceReader(Compliance, Library, rollouts, projects.Register, Time);
        Box = new SuggestionBox(Suggestions, Library, Notifier, delivery.Outbox, Time, NullLogger<SuggestionBox>.Instance);
        SuggestionForm = new SuggestionForm(Library, Box);
        LessonProposals = new LessonProposals(Library, delivery.Outbox);
        Rounds = new RolloutRounds(rollouts, delivery.Outbox, Notifier, MsOptions.Create(options), Time, NullLogger<RolloutRounds>.Instance);
        Commands = new CommandRouter(
        [
            new ProcessCommands(Library, Channels, Time),
            new RolloutCommands(Library, rollouts, Signal, delivery.Outbox, MsOptions.Create(options), Time),
            new ComplianceCommands(ComplianceReader, projects.Visibility, MsOptions.Create(options)),
            new SuggestionCommands(Box, Suggestions, Library),
        ]);
        CardActions = new CardActionRouter(
        [
            new ProcessSaveCardAction(Reader, Library, Time),
            new VersionPublishCardAction(Library, Publisher, Audiences, Starter, ComplianceTemplates, Channels, Time),
            new AcknowledgeCardAction(Acknowledgements),
            new SuggestionTriageCardAction(Box, SuggestionCards.AcceptVerb, SuggestionState.Accepted),
            new SuggestionTriageCardAction(Box, SuggestionCards.RejectVerb, SuggestionState.Rejected),
            new SuggestionTriageCardAction(Box, SuggestionCards.MergeVerb, SuggestionState.Merged),
            new SuggestionTriageCardAction(Box, SuggestionCards.DoneVerb, SuggestionState.Done),
            new LessonSuggestionCardAction(Box, Suggestions, Library, Lessons, add: true),
            new LessonSuggestionCardAction(Box, Suggestions, Library, Lessons, add: false),
        ]);
    }

    public ProjectsHarness Projects { get; }

    public FakeTimeProvider Time => Projects.People.Time;

    public ProcessStore Store { get; }

    /// <summary>The questionnaire, in a table of this test's own: compliance questions published here reach no other test's reviews.</summary>
    public ReviewTemplateStore Templates { get; }

    public ComplianceStore Compliance { get; }

    public SuggestionStore Suggestions { get; }

    public LessonStore Lessons { get; }

    public SuggestionBox Box { get; }

    public SuggestionForm SuggestionForm { get; }

    public LessonProposals LessonProposals { get; }

    public ComplianceRecorder ComplianceRecorder { get; }

    public ComplianceTemplatePublisher ComplianceTemplates { get; }

    public ComplianceReader ComplianceReader { get; }

    public RolloutStore Rollouts { get; }

    public DeliveryHarness Delivery { get; }

    public AlertChannelStore AlertChannels { get; }

    public ProcessesOptions Options { get; }

    public ProcessLibrary Library { get; }

    public ProcessInputReader Reader { get; }

    public ProcessPublisher Publisher { get; }

    public AnnouncementChannels Channels { get; }

    public RolloutAudienceResolver Audiences { get; }

    public PmoNotifier Notifier { get; }

    public Acknowledgements Acknowledgements { get; }

    public RecordingSignal Signal { get; }

    public RolloutStarter Starter { get; }

    public RolloutRounds Rounds { get; }

    public CommandRouter Commands { get; }

    public CardActionRouter CardActions { get; }

    public static async Task<ProcessesHarness> CreateAsync(Action<ProcessesOptions>? configure = null)
    {
        var processes = FreshTable("Processes");
        var rollouts = FreshTable("Rollouts");
        var alerts = FreshTable("AlertChannels");
        var templates = FreshTable("ReviewTemplates");
        var compliance = FreshTable("Compliance");
        var suggestions = FreshTable("Suggestions");
        var lessons = FreshTable("Lessons");
        var service = await AzuriteStorage.WithTablesAsync(processes, rollouts, alerts, templates, compliance, suggestions, lessons);
        var options = new ProcessesOptions();
        configure?.Invoke(options);
        return new ProcessesHarness(
            await ProjectsHarness.CreateAsync(),
            new ProcessStore(service, processes),
            new RolloutStore(service, rollouts),
            await DeliveryHarness.CreateAsync(),
            new AlertChannelStore(service, alerts),
            options,
            service,
            templates,
            compliance,
            suggestions,
            lessons);
    }

    public static string FreshTable(string prefix) => (prefix + Guid.NewGuid().ToString("N"))[..Math.Min(prefix.Length + 12, 63)];

    public Task<PmoUser> PmoAsync(string firstName = "Patti") => Projects.PersonAsync(firstName, Role.Pmo);

    public Task<Reply> SayAsync(PmoUser caller, string text) => Commands.RouteAsync(caller, text, ConversationKind.Personal, [], None);

    /// <summary>Presses the button titled <paramref name="title"/> on <paramref name="card"/> with the inputs as given (and the rest as filled in).</summary>
    public Task<Reply> PressAsync(PmoUser caller, JsonObject card, string title, IReadOnlyDictionary<string, string?>? inputs = null)
    {
        var action = ActionsOf(card).Single(a => a["title"]!.GetValue<string>() == title && a["verb"] is not null);
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

    public static IReadOnlyList<string> TextsOf(JsonNode? node) => Teams.BotHarness.TextsOf(node);

    public static IReadOnlyList<(string Title, string Value)> FactsOf(JsonObject card) => Teams.BotHarness.FactsOf(card);

    /// <summary>The rows (header first) of the table that follows the subheading <paramref name="heading"/>.</summary>
    public static List<string[]> TableAfter(JsonObject card, string heading)
    {
        var body = card["body"]!.AsArray().ToList();
        var at = body.FindIndex(e => e!["text"]?.GetValue<string>() == heading);
        Assert.True(at >= 0, $"no \"{heading}\" on the card");
        return body[at + 1]!["rows"]!.AsArray().Select(r => r!["cells"]!.AsArray().Select(c => c!["items"]![0]!["text"]!.GetValue<string>()).ToArray()).ToList();
    }

    /// <summary>The card's buttons, with those inside its show-cards after the show-card's own.</summary>
    public static IEnumerable<JsonObject> ActionsOf(JsonObject card) =>
        (card["actions"]?.AsArray() ?? []).Select(a => a!.AsObject())
            .SelectMany(a => a["type"]?.GetValue<string>() == "Action.ShowCard" ? ActionsOf(a["card"]!.AsObject()).Prepend(a) : [a]);

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

    /// <summary>A process with version 1 rolled out to <paramref name="people"/> (by name) due on <paramref name="due"/>.</summary>
    public async Task<(StoredProcess Process, Rollout Rollout)> RollOutAsync(PmoUser pmo, IReadOnlyList<PmoUser> people, DateOnly due)
    {
        var process = await AddProcessAsync(pmo);
        var published = await PublishAsync(pmo, process.Process.Key, RolloutForms.Inputs(AudienceKind.People, RolloutForms.Named(people), due));
        Assert.True(published.Text?.StartsWith("Published version 1", StringComparison.Ordinal), published.Text);
        return (process, (await Rollouts.GetAsync(process.Process.Key, 1, None))!);
    }

    /// <summary>Marks the person's card of the rollout sent, as the outbox's sender does, with Teams' message id.</summary>
    public async Task<string> MarkSentAsync(Rollout rollout, PmoUser person, long messageId, RolloutCard? card = null)
    {
        var id = messageId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = (card ?? RolloutCard.First).KeyFor(rollout, person.UserKey);
        Assert.NotNull(await Delivery.Deliveries.TryUpdateAsync(key, r => r with { Status = DeliveryStatus.Sent, SentActivityId = id, ConversationId = "a:personal" }, None));
        return id;
    }

    /// <summary>The card the outbox holds for the person (the first card, or the one named).</summary>
    public async Task<JsonObject> CardFor(Rollout rollout, PmoUser person, RolloutCard? card = null) =>
        (await Delivery.Deliveries.GetAsync((card ?? RolloutCard.First).KeyFor(rollout, person.UserKey), None))!.Card!;

    public Task<Reply> AcknowledgeAsync(PmoUser person, JsonObject card) => PressAsync(person, card, RolloutCards.AcknowledgeTitle);

    public Task ReadAsync(PmoUser person, long lastReadMessageId) =>
        Acknowledgements.MessagesReadAsync(new PmoBot.Conversations.ReadReceipt(person.UserKey, lastReadMessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), Time.GetUtcNow()), None);

    public async Task<Acknowledgement> PersonAsync(Rollout rollout, PmoUser person) =>
        (await Rollouts.GetPersonAsync(rollout.ProcessKey, rollout.Version, person.UserKey, None))!;

    /// <summary>Publishes the next version through the publish form as the PMO does.</summary>
    public async Task<Reply> PublishAsync(PmoUser pmo, string key, IReadOnlyDictionary<string, string?> inputs)
    {
        var form = (await SayAsync(pmo, $"{ProcessCommands.PublishCommand} {key}")).Card!;
        return await PressAsync(pmo, form, "Publish", inputs);
    }
}

public static class RolloutForms
{
    /// <summary>The publish form's inputs for a version people must acknowledge.</summary>
    public static Dictionary<string, string?> Inputs(AudienceKind kind, string? value, DateOnly due, string whatChanged = "Every risk needs an owner and a review date.", string? channels = null) => new()
    {
        [VersionForm.WhatChangedField] = whatChanged,
        [VersionForm.EffectiveField] = "2025-03-10",
        [VersionForm.AcknowledgeField] = "true",
        [VersionForm.AudienceKindField] = RolloutAudience.Name(kind),
        [VersionForm.AudienceValueField] = value,
        [VersionForm.DueField] = due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        [VersionForm.ChannelsField] = channels,
    };

    public static string Named(IEnumerable<PmoUser> people) => string.Join("; ", people.Select(p => p.UserKey));
}

/// <summary>Counts the wake-ups a real worker would get, and does what the app's signal does to read receipts.</summary>
public sealed class RecordingSignal(Acknowledgements acknowledgements) : IRolloutSignal
{
    private int calls;

    public int Calls => calls;

    public void RolloutsChanged()
    {
        Interlocked.Increment(ref calls);
        acknowledgements.Forget();
    }
}
