using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Graph;
using PmoBot.Meetings;
using PmoBot.People;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Meetings;

/// <summary>
/// The booker as production builds it (the Graph client from <c>AddGraph</c>, with the SDK's middleware, a fixed token
/// instead of Entra ID) against the calendar stand-in, with people and projects on the run's Azurite and a fake clock set to
/// Monday 10 March 2025, 07:00 UTC (New York already on summer time, London not yet).
/// </summary>
public sealed class MeetingsHarness : IAsyncDisposable
{
    public const string GraphToken = "graph-meetings-token";
    public static readonly DateTimeOffset Monday = new(2025, 3, 10, 7, 0, 0, TimeSpan.Zero);

    public static readonly string[] Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"];

    private readonly ServiceProvider services;

    private MeetingsHarness(CalendarGraphStandIn graph, ProjectsHarness projects, ServiceProvider services, FakeTimeProvider time, DeliveryHarness delivery, TimeSpan answerWithin, ReviewMeetingStore meetings)
    {
        Graph = graph;
        Projects = projects;
        this.services = services;
        Time = time;
        Delivery = delivery;
        Budget = new GraphAnswerBudget(Options.Create(new GraphOptions { AnswerWithin = answerWithin }), TimeProvider.System, NullLogger<GraphAnswerBudget>.Instance);
        var graphClient = services.GetRequiredService<GraphClientAccessor>();
        var client = new GraphCalendarClient(graphClient);
        Booker = new GraphReviewMeetingBooker(
            graphClient,
            client,
            new MeetingPeople(projects.People.Directory, client),
            time,
            NullLogger<GraphReviewMeetingBooker>.Instance);
        Meetings = meetings;
        // The command books as production does: one upcoming meeting per project, kept in ReviewMeetings.
        Commands = new CommandRouter([new MeetingCommands(projects.Register, new OneMeetingPerProjectBooker(Booker, meetings, time), Budget, delivery.Outbox, meetings, time)]);
    }

    public CalendarGraphStandIn Graph { get; }

    public ProjectsHarness Projects { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The Graph booker alone (without the one-meeting-per-project rule the command adds).</summary>
    public IReviewMeetingBooker Booker { get; }

    public ReviewMeetingStore Meetings { get; }

    public CommandRouter Commands { get; }

    /// <summary>The outbox a booking that ends after the answer sends its card through.</summary>
    public DeliveryHarness Delivery { get; }

    /// <summary>How long a command waits for Graph (on the real clock, unlike the booking's <see cref="Time"/>).</summary>
    public GraphAnswerBudget Budget { get; }

    /// <param name="answerWithin">How long the command waits for Graph before it answers; the product's default unless a test shortens it.</param>
    public static async Task<MeetingsHarness> CreateAsync(bool configured = true, TimeSpan? answerWithin = null)
    {
        var graph = await CalendarGraphStandIn.StartAsync();
        var projects = await ProjectsHarness.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = graph.BaseUrl,
            ["Graph:TenantId"] = configured ? Guid.NewGuid().ToString() : null,
            ["Graph:ClientId"] = configured ? Guid.NewGuid().ToString() : null,
            ["Graph:ClientSecret"] = configured ? "local-secret" : null,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddLogging().AddGraph(configuration);
        collection.AddSingleton<TokenCredential>(new FixedTokenCredential(GraphToken));
        var meetings = new ReviewMeetingStore(await AzuriteStorage.WithTablesAsync(ReviewMeetingStore.TableName));
        return new MeetingsHarness(graph, projects, collection.BuildServiceProvider(), new FakeTimeProvider(Monday), await DeliveryHarness.CreateAsync(), answerWithin ?? new GraphOptions().AnswerWithin, meetings);
    }

    /// <summary>Someone PmoBot knows, with a mail address (null: known by object id only) and a time zone; roles held for this test only.</summary>
    public async Task<PmoUser> PersonAsync(string firstName, string timeZone, bool withEmail = true, params Role[] roles)
    {
        var person = TestPerson.New(firstName);
        var email = withEmail ? $"{firstName.ToLowerInvariant()}.{person.AadObjectId[..8]}@contoso.example" : null;
        var stored = await Projects.People.Directory.EnsureAsync(
            new UserProfile(person.AadObjectId, person.Name, person.TeamsUserId, email, timeZone, true, new HashSet<Role>(), Monday),
            CancellationToken.None);
        return new PmoUser(stored.UserKey, stored.Name, stored.TeamsUserId, stored.Email, stored.TimeZone, roles.ToHashSet(), false, stored.FirstSeenAt);
    }

    public static CalendarGraphStandIn.Mailbox Mailbox(string zoneName, params (DateTimeOffset Start, DateTimeOffset End, string Status)[] items) =>
        new(Weekdays, "09:00:00", "17:00:00", new JsonObject { ["name"] = zoneName }, items);

    public static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2025, 3, day, hour, minute, 0, TimeSpan.Zero);

    /// <param name="transactionId">The same for attempts at the same meeting; a new one when null.</param>
    public Task<MeetingBooking> BookAsync(PmoUser organiser, PmoUser attendee, string code = "PRJ-101", string? transactionId = null) =>
        Booker.BookAsync(
            new MeetingRequest(code, "Mobile banking app relaunch", organiser.UserKey, attendee.UserKey, $"PMO review: {code}", $"Review of {code}: CPI 0.82", transactionId ?? MeetingTransaction.New()),
            CancellationToken.None);

    public Task<Reply> SayAsync(PmoUser caller, string text) => Commands.RouteAsync(caller, text, ConversationKind.Personal, [], CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Budget.StopAsync(CancellationToken.None);
        Budget.Dispose();
        await services.DisposeAsync();
        await Graph.DisposeAsync();
    }
}
