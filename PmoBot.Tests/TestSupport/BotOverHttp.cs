using PmoBot.Tests.Teams;

namespace PmoBot.Tests.TestSupport;

/// <summary>The real bot on a free port (<see cref="PmoBotServer"/>), healthy, with its replies recorded by a <see cref="RecordingConnector"/>.</summary>
public sealed class BotOverHttp : IAsyncDisposable
{
    private BotOverHttp(RecordingConnector connector, PmoBotServer server, HttpClient client)
    {
        Connector = connector;
        Server = server;
        Client = client;
    }

    public RecordingConnector Connector { get; }

    public PmoBotServer Server { get; }

    public HttpClient Client { get; }

    /// <param name="replaceServices">Services the test puts in place of the app's (as <see cref="PmoBotServer"/> takes them).</param>
    /// <param name="settings">Configuration over the test server's (as <see cref="PmoBotServer"/> takes it).</param>
    public static async Task<BotOverHttp> StartAsync(Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? replaceServices = null, IDictionary<string, string?>? settings = null)
    {
        var connector = await RecordingConnector.StartAsync();
        var server = new PmoBotServer(settings, replaceServices: replaceServices);
        var client = server.CreateHttpClient();
        await MessagesEndpointTests.WaitUntilHealthyAsync(client);
        return new BotOverHttp(connector, server, client);
    }

    /// <summary><paramref name="person"/>'s personal chat, from a client in <paramref name="timeZone"/>.</summary>
    public HttpChat ChatWith(TestPerson person, string timeZone = "Europe/London") => new(Client, Connector, person, timeZone);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
