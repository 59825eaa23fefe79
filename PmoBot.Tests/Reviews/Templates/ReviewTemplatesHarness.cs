using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Reviews.Templates;

/// <summary>
/// The review template feature over the run's Azurite, in a table of its own (other tests read the shared
/// <c>ReviewTemplates</c> table, so nothing here publishes into it), with a fake clock and the command and
/// card-action routers as the bot uses them.
/// </summary>
public sealed class ReviewTemplatesHarness
{
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static readonly CancellationToken None = CancellationToken.None;

    private ReviewTemplatesHarness(TableServiceClient service, string tableName)
    {
        Service = service;
        TableName = tableName;
        Store = NewStore();
        Publisher = new ReviewTemplatePublisher(Store);
        Commands = new CommandRouter([new ReviewTemplateCommands(Store)]);
        CardActions = new CardActionRouter([new ReviewTemplatePublishCardAction(Publisher, Store)]);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public TableServiceClient Service { get; }

    public string TableName { get; }

    public TableClient Table => Service.GetTableClient(TableName);

    public ReviewTemplateStore Store { get; }

    public ReviewTemplatePublisher Publisher { get; }

    public CommandRouter Commands { get; }

    public CardActionRouter CardActions { get; }

    public static async Task<ReviewTemplatesHarness> CreateAsync()
    {
        var tableName = $"ReviewTemplates{Guid.NewGuid():N}";
        return new ReviewTemplatesHarness(await AzuriteStorage.WithTablesAsync(tableName), tableName);
    }

    /// <summary>Another instance of the bot's store on the same table, with a cache of its own.</summary>
    public ReviewTemplateStore NewStore() => new(Service, Time, TableName);

    /// <summary>Someone holding <paramref name="roles"/>; commands and card actions only need who they are, not stored profiles.</summary>
    public static PmoUser Person(string firstName, params Role[] roles)
    {
        var id = Guid.NewGuid().ToString();
        return new PmoUser(id, $"{firstName} {id[..8]}", $"29:{id}", null, "Europe/London", roles.ToHashSet(), false, null);
    }

    /// <summary>The default template with the first question's text changed: a template that differs, and is valid.</summary>
    public static IReadOnlyList<Question> Changed(string overallText) =>
        [DefaultTemplate.Questions[0] with { Text = overallText }, .. DefaultTemplate.Questions.Skip(1)];

    /// <summary>Version numbers stored in the table, newest first as the table orders them.</summary>
    public async Task<IReadOnlyList<int>> StoredVersionsAsync()
    {
        var versions = new List<int>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(cancellationToken: None))
        {
            versions.Add(entity.GetInt32("Version")!.Value);
        }

        return versions;
    }

    public Task<Reply> SayAsync(PmoUser caller, string text) => Commands.RouteAsync(caller, text, ConversationKind.Personal, [], None);

    /// <summary>Clicks a button of <paramref name="card"/> (found by title) with the form's inputs set to <paramref name="inputs"/>.</summary>
    public Task<Reply> ClickAsync(PmoUser caller, JsonObject card, string buttonTitle, IReadOnlyDictionary<string, string?> inputs)
    {
        var action = card["actions"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == buttonTitle)!.AsObject();
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var (id, value) in inputs)
        {
            data[id] = value;
        }

        return CardActions.RouteAsync(action["verb"]!.GetValue<string>(), new CardActionRequest(caller, data, ConversationKind.Personal), None);
    }

    /// <summary>What the edit form's JSON input holds.</summary>
    public static string JsonIn(JsonObject form) =>
        form["body"]!.AsArray().Single(e => e!["id"]?.GetValue<string>() == ReviewTemplateCards.JsonField)!["value"]!.GetValue<string>();

    public static Dictionary<string, string?> WithJson(string json) => new() { [ReviewTemplateCards.JsonField] = json };
}
