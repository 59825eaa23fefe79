using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Reviews;
using PmoBot.Reviews.Schedule;
using PmoBot.Storage;
using PmoBot.Tests.People;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Reviews.Schedule;

/// <summary>
/// The review schedule over the run's Azurite: its own fresh <c>ReviewSchedules</c> and <c>ReviewDue</c> tables (so
/// no test sees another's entries or default), the real People and Projects features, a fake clock set to
/// <see cref="Now"/>, and the command router as the bot builds it.
/// </summary>
public sealed class ReviewScheduleHarness
{
    /// <summary>Wednesday 3 December 2025, 12:00 UTC: London is on GMT, New York on EST, Sydney on AEDT.</summary>
    public static readonly DateTimeOffset Now = new(2025, 12, 3, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The Monday 09:00 after <see cref="Now"/> in London (the configured default): 8 December 2025, 09:00 UTC.</summary>
    public static readonly DateTimeOffset NextMondayLondon = new(2025, 12, 8, 9, 0, 0, TimeSpan.Zero);

    private static readonly CancellationToken None = CancellationToken.None;

    private ReviewScheduleHarness(ProjectsHarness projects, string schedulesTable, string dueTable, ReviewsOptions settings)
    {
        Projects = projects;
        Settings = settings;
        Options = Microsoft.Extensions.Options.Options.Create(settings);
        var service = new Azure.Data.Tables.TableServiceClient(AzuriteStorage.ConnectionString);
        Schedules = new ReviewScheduleStore(service, schedulesTable);
        Index = new ReviewDueIndex(service, dueTable);
        SchedulerLog = new RecordingLogger<ReviewScheduler>();
        Scheduler = new ReviewScheduler(Schedules, Index, People.Directory, projects.Register, Options, Time, SchedulerLog);
        Commands = new CommandRouter([new ReviewScheduleCommands(Scheduler, Options)]);
    }

    public ProjectsHarness Projects { get; }

    public PeopleHarness People => Projects.People;

    public FakeTimeProvider Time => People.Time;

    public ReviewsOptions Settings { get; }

    public IOptions<ReviewsOptions> Options { get; }

    public ReviewScheduleStore Schedules { get; }

    public ReviewDueIndex Index { get; }

    public ReviewScheduler Scheduler { get; }

    public RecordingLogger<ReviewScheduler> SchedulerLog { get; }

    public CommandRouter Commands { get; }

    public static async Task<ReviewScheduleHarness> CreateAsync(Action<ReviewsOptions>? configure = null)
    {
        var projects = await ProjectsHarness.CreateAsync();
        var schedulesTable = FreshTableName("Schedules");
        var dueTable = FreshTableName("Due");
        await AzuriteStorage.WithTablesAsync(schedulesTable, dueTable);
        var settings = new ReviewsOptions();
        configure?.Invoke(settings);
        var harness = new ReviewScheduleHarness(projects, schedulesTable, dueTable, settings);
        harness.Time.SetUtcNow(Now);
        return harness;
    }

    /// <summary>A table name no other test uses (letters and digits, starting with a letter).</summary>
    public static string FreshTableName(string prefix) => $"T{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 25, 63)];

    /// <summary>
    /// A stored person in <paramref name="timeZone"/> (null: Teams never said and they never typed <c>timezone</c>),
    /// holding <paramref name="roles"/> for this test only, as <see cref="ProjectsHarness.PersonAsync"/> does.
    /// </summary>
    public async Task<PmoUser> PersonAsync(string firstName, string? timeZone, params Role[] roles)
    {
        var person = TestPerson.New(firstName);
        var recognized = await People.Directory.RecognizeAsync(PeopleHarness.Caller(person, timeZone), inPersonalChat: true, None);
        var user = recognized.User;
        return new PmoUser(user.UserKey, user.Name, user.TeamsUserId, user.Email, user.TimeZone, roles.ToHashSet(), false, user.FirstSeenAt);
    }

    public Task ChangeTimeZoneAsync(PmoUser user, string timeZone) => People.Directory.SetTimeZoneAsync(user, timeZone, None);

    /// <summary>Everything in this test's index, whenever due, oldest first.</summary>
    public Task<IReadOnlyList<ReviewDueEntry>> AllEntriesAsync() => Index.ListDueAsync(new DateTimeOffset(9000, 1, 1, 0, 0, 0, TimeSpan.Zero), 1_000, None);

    public async Task<IReadOnlyList<ReviewDueEntry>> EntriesOfAsync(string userKey) =>
        (await AllEntriesAsync()).Where(e => e.UserKey == userKey).ToList();

    /// <summary>The user's Open entries as (due time, period), which is what identifies them.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset DueAt, string Period)>> OpeningsOfAsync(string userKey) =>
        (await EntriesOfAsync(userKey)).Where(e => e.Kind == ReviewDueKind.Open).Select(e => (e.DueAt, e.Period.ToString())).ToList();

    public Task<Reply> SayAsync(PmoUser caller, string text) => Commands.RouteAsync(caller, text, ConversationKind.Personal, [], None);

    /// <summary>A sweeper over this test's tables that hands due entries to <paramref name="handler"/> (none: nothing registered).</summary>
    public ReviewSweeper Sweeper(IReviewDueHandler? handler, RecordingLogger<ReviewSweeper>? log = null, StorageReadiness? readiness = null, ReviewDueIndex? index = null)
    {
        var services = new ServiceCollection();
        if (handler is not null)
        {
            services.AddSingleton(handler);
        }

        if (readiness is null)
        {
            readiness = new StorageReadiness();
            readiness.MarkReady();
        }

        return new ReviewSweeper(
            index ?? Index,
            Scheduler,
            services.BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(),
            readiness,
            Options,
            Time,
            log ?? new RecordingLogger<ReviewSweeper>());
    }

    public static ReviewDueEntry Entry(DateTimeOffset dueAt, ReviewDueKind kind, string userKey, params string[] projectCodes) =>
        new(dueAt, kind, userKey, ReviewPeriod.Of(dueAt, TimeZoneInfo.Utc), projectCodes);
}
