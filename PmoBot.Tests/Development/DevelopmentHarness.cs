using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Development;
using PmoBot.Development.Events;
using PmoBot.Graph;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Storage;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Development;

/// <summary>
/// The Development feature composed as <c>Program.cs</c> composes it (people, conversations, the outbox, the feature's
/// stores and services) over the run's Azurite, with a fake clock and the outbox on queues of its own. Nothing is
/// started: tests call the services and the sweeps themselves.
/// </summary>
public sealed class DevelopmentHarness
{
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);

    private DevelopmentHarness(ServiceProvider services, FakeTimeProvider time)
    {
        Services = services;
        Time = time;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public PeopleDirectory People => Get<PeopleDirectory>();

    public EventStore Events => Get<EventStore>();

    public RegistrationStore Registrations => Get<RegistrationStore>();

    public DeliveryStore Deliveries => Get<DeliveryStore>();

    public static async Task<DevelopmentHarness> CreateAsync(DateTimeOffset? start = null, IDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(start ?? Start);
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteStorage.ConnectionString,
            ["Delivery:QueueName"] = DeliveryHarness.FreshQueueName(),
            ["Delivery:DeadLetterQueueName"] = DeliveryHarness.FreshQueueName(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddStorage(configuration)
            .AddConversations()
            .AddGraph(configuration)
            .AddDelivery(configuration)
            .AddPeople(configuration)
            .AddProjects(configuration)
            .AddCommands()
            .AddDevelopment(configuration)
            .AddTable(LatestStatusStore.TableName)
            .AddSingleton<LatestStatusStore>()
            .BuildServiceProvider();
        var tables = services.GetServices<TableRegistration>().Select(t => t.TableName).Distinct().ToArray();
        await AzuriteStorage.WithTablesAsync(tables);
        var queues = services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>();
        foreach (var queue in services.GetServices<QueueRegistration>())
        {
            await queues.GetQueueClient(queue.QueueName).CreateIfNotExistsAsync();
        }

        return new DevelopmentHarness(services, time);
    }

    /// <summary>Someone who has used PmoBot, in <paramref name="timeZone"/>, holding <paramref name="roles"/>.</summary>
    public Task<PmoUser> PersonAsync(string firstName, string timeZone = "Europe/London", params Role[] roles) => PersonWithMailAsync(firstName, null, timeZone, roles);

    public async Task<PmoUser> PersonWithMailAsync(string firstName, string? email, string timeZone = "Europe/London", params Role[] roles)
    {
        var person = TestPerson.New(firstName);
        return await People.EnsureAsync(
            new UserProfile(person.AadObjectId, person.Name, person.TeamsUserId, email, timeZone, false, roles.ToHashSet(), Time.GetUtcNow()),
            CancellationToken.None);
    }

    public static Registrant RegistrantOf(PmoUser user) => new(user.UserKey, user.Name, user.TeamsUserId);

    /// <summary>An event <paramref name="inDays"/> from now at 14:00 London, two hours, registration until the start unless given.</summary>
    public async Task<LearningEvent> EventAsync(int capacity = 10, double inDays = 14, DateTimeOffset? deadline = null, decimal pdus = 2)
    {
        var start = Time.GetUtcNow().AddDays(inDays);
        var learningEvent = Sample(EventIds.New(), start, capacity, deadline ?? start, Time.GetUtcNow(), pdus);
        Assert.True(await Events.AddAsync(learningEvent, CancellationToken.None));
        return learningEvent;
    }

    public static LearningEvent Sample(string id, DateTimeOffset start, int capacity, DateTimeOffset deadline, DateTimeOffset createdAt, decimal pdus = 2) => new(
        id,
        "Risk management masterclass",
        "Quantitative risk analysis for delivery PMs.",
        EventKind.Course,
        EventReach.Local,
        false,
        "London, Contoso House",
        start,
        start.AddHours(2),
        "Europe/London",
        capacity,
        deadline,
        450m,
        "EUR",
        "PMI UK Chapter",
        new Uri("https://example.org/risk"),
        ["risk", "cost"],
        new PduSplit(pdus, 1, 0),
        "organiser",
        "Alex Wilber",
        createdAt);
}
