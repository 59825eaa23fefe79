namespace PmoBot.Tests.TestSupport;

/// <summary>
/// The app with the demo organisation seeded from scratch, on a storage account of its own (a private Azurite) and a
/// recording Bot Connector: a test starts it (and restarts it) as often as it likes with <see cref="Server"/>.
/// </summary>
public abstract class SeededDemoRun : IAsyncLifetime
{
    protected PrivateAzurite Azurite { get; private set; } = null!;

    protected RecordingConnector Connector { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await PrivateAzurite.StartAsync();
        Connector = await RecordingConnector.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Connector.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>A demo person as Teams names them.</summary>
    protected static TestPerson Demo(string name)
    {
        var person = PmoBot.Demo.DemoOrganisation.People.Single(p => p.Name == name);
        return new TestPerson(person.AadObjectId, person.TeamsUserId, person.Name);
    }

    protected PmoBotServer Server(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Demo:Seed"] = "true",
            ["Delivery:IdlePollInterval"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new PmoBotServer(all);
    }

    protected static async Task<HttpClient> StartAsync(PmoBotServer server)
    {
        var client = server.CreateHttpClient();
        await Teams.MessagesEndpointTests.WaitUntilHealthyAsync(client);
        return client;
    }

    /// <summary>Waits until the demo seeding is done, as someone reading the README long after dev.sh started finds it.</summary>
    protected static Task SeededAsync(PmoBotServer server) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<PmoBot.Storage.SeedingReadiness>(server.Services).WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
}
