using System.Text;
using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Projects;
using PmoBot.Tests.People;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Projects;

/// <summary>
/// The project register over the run's Azurite with the real People feature, the command and card-action routers
/// as the bot uses them, and builders for projects with codes no other test uses (the <c>register</c> partition is
/// shared, so tests look only at their own codes). Who sees which project is the app's: <see cref="PortfolioScope"/>
/// over <see cref="Leaders"/>.
/// </summary>
public sealed class ProjectsHarness
{
    private static readonly CancellationToken None = CancellationToken.None;

    private ProjectsHarness(PeopleHarness people, ProjectStore store, ProjectsByManagerStore byManager)
    {
        People = people;
        Store = store;
        ByManager = byManager;
        Register = new ProjectRegister(store, byManager, people.Time);
        Reader = new ProjectInputReader(people.Directory);
        Importer = new ProjectCsvImporter(Reader, Register);
        Visibility = new PortfolioScope(Microsoft.Extensions.Options.Options.Create(Leaders));
        Commands = new CommandRouter([new ProjectCommands(Register, Visibility)]);
        CardActions = new CardActionRouter([new ProjectSaveCardAction(Reader, Register, Visibility)]);
    }

    public PeopleHarness People { get; }

    public ProjectStore Store { get; }

    public ProjectsByManagerStore ByManager { get; }

    public ProjectRegister Register { get; }

    public ProjectInputReader Reader { get; }

    public ProjectCsvImporter Importer { get; }

    /// <summary>Which business units each leader sees (<c>Portfolio:Leaders</c>); read on every request, so a test may configure leaders after creating them.</summary>
    public PortfolioOptions Leaders { get; } = new();

    public PortfolioScope Visibility { get; }

    public CommandRouter Commands { get; }

    public CardActionRouter CardActions { get; }

    public static async Task<ProjectsHarness> CreateAsync()
    {
        var people = await PeopleHarness.CreateAsync();
        var service = await AzuriteStorage.WithTablesAsync(ProjectStore.TableName, ProjectsByManagerStore.TableName);
        return new ProjectsHarness(people, new ProjectStore(service), new ProjectsByManagerStore(service));
    }

    /// <summary>A project code no other test uses, e.g. <c>T1A2B3C4D-7</c>.</summary>
    public static string NewCode(int number = 1) => $"T{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}-{number}";

    /// <summary>A business unit no other test uses.</summary>
    public static string NewBusinessUnit() => $"Unit {Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Someone PmoBot knows (stored, found by name), holding <paramref name="roles"/> for this test only: the roles
    /// are not stored, so the role lists other tests read on the shared Azurite stay as they were.
    /// </summary>
    public async Task<PmoUser> PersonAsync(string firstName, params Role[] roles) =>
        WithRoles(await People.PersonAsync(TestPerson.New(firstName)), roles);

    /// <summary>A leader who sees <paramref name="businessUnit"/> and the projects they manage, as <c>Portfolio:Leaders</c> configures it.</summary>
    public async Task<PmoUser> LeaderLimitedToAsync(params string[] businessUnits)
    {
        var leader = await PersonAsync("Isaiah", Role.Leader);
        Leaders.Leaders[leader.UserKey] = [.. businessUnits];
        return leader;
    }

    /// <summary>As <see cref="PersonAsync"/>, with an e-mail address, so lookups by e-mail find them.</summary>
    public async Task<PmoUser> PersonWithEmailAsync(string firstName, params Role[] roles)
    {
        var person = TestPerson.New(firstName);
        var email = $"{person.AadObjectId[..8]}@contoso.example";
        var stored = await People.Directory.EnsureAsync(
            new UserProfile(person.AadObjectId, person.Name, person.TeamsUserId, email, "Europe/London", false, new HashSet<Role>(), People.Time.GetUtcNow()),
            None);
        return WithRoles(stored, roles);
    }

    private static PmoUser WithRoles(PmoUser user, Role[] roles) =>
        new(user.UserKey, user.Name, user.TeamsUserId, user.Email, user.TimeZone, roles.ToHashSet(), false, user.FirstSeenAt);

    public static Project Valid(string code, PmoUser manager, PmoUser? deputy = null, string businessUnit = "Digital") => new(
        code,
        "Mobile banking app relaunch",
        businessUnit,
        new ProjectPerson(manager.UserKey, manager.Name),
        deputy is null ? null : new ProjectPerson(deputy.UserKey, deputy.Name),
        "Isaiah Langer",
        ProjectStage.Execution,
        new DateOnly(2026, 1, 1),
        new DateOnly(2026, 12, 31),
        1_200_000m,
        "EUR",
        [new(new DateOnly(2026, 1, 31), 50_000m), new(new DateOnly(2026, 6, 30), 600_000m), new(new DateOnly(2026, 12, 31), 1_150_000m)],
        [new("Design sign-off", new DateOnly(2026, 3, 31), new DateOnly(2026, 3, 31), true), new("Go-live", new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 15), false)],
        ReviewCadence.Weekly,
        ProjectStatus.Active);

    public async Task<StoredProject> CreateAsync(Project project)
    {
        var saved = Assert.IsType<ProjectSaveResult.Saved>(await Register.CreateAsync(project, "test", None));
        return saved.Project;
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

    /// <summary>The values a user would submit: every input of the card as it is filled in, with <paramref name="changes"/> applied.</summary>
    public static Dictionary<string, string?> InputsOf(JsonObject card, Dictionary<string, string?>? changes = null)
    {
        var inputs = card["body"]!.AsArray()
            .Where(e => e!["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal))
            .ToDictionary(e => e!["id"]!.GetValue<string>(), e => e!["value"]?.GetValue<string>());
        foreach (var (id, value) in changes ?? [])
        {
            inputs[id] = value;
        }

        return inputs;
    }

    public Task<ProjectImportReport> ImportAsync(string csv, string by = "test") =>
        Importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), by, None);

    /// <summary>The CSV header and one row per entry, fields separated by commas as given.</summary>
    public static string Csv(params string[] rows) => string.Join("\n", rows.Prepend(string.Join(",", ProjectCsvImporter.Columns))) + "\n";
}
