using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// PmoBot as deployed: Production, an app id, every token checked against a local HTTPS stand-in of the Bot
/// Framework's identity services, replies sent with the bot's own token to a recording connector, and the log
/// captured so tests can read what a refusal wrote.
/// </summary>
public sealed class ProductionBot : IAsyncDisposable
{
    private ProductionBot(string appId, BotFrameworkIdentityStandIn identity, RecordingConnector connector, PmoBotServer server)
    {
        AppId = appId;
        Identity = identity;
        Connector = connector;
        Server = server;
        Client = server.CreateHttpClient();
        Logs = server.Services.GetRequiredService<FakeLogCollector>();
    }

    /// <summary>
    /// The bot's app id, new for every instance: MSAL shares its token cache across the test process, and another
    /// instance's token for the same app id would be reused instead of asking this stand-in.
    /// </summary>
    public string AppId { get; }

    public BotFrameworkIdentityStandIn Identity { get; }

    public RecordingConnector Connector { get; }

    public PmoBotServer Server { get; }

    /// <summary>A client on 127.0.0.1.</summary>
    public HttpClient Client { get; }

    public FakeLogCollector Logs { get; }

    /// <summary>Entries at Error or above: a refused request must never write one.</summary>
    public IReadOnlyList<FakeLogRecord> Errors => [.. Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error)];

    public static async Task<ProductionBot> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var identity = await BotFrameworkIdentityStandIn.StartAsync();
        var connector = await RecordingConnector.StartAsync();
        var appId = Guid.NewGuid().ToString();
        var all = identity.BotSettings(appId);
        // The outbox queue is shared by every test server: this one's senders would deliver (and log) other tests' messages.
        all["Delivery:SendersEnabled"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var server = new PmoBotServer(all, environment: "Production", replaceServices: services =>
        {
            identity.Trust(services);
            services.AddFakeLogging();
        });
        return new ProductionBot(appId, identity, connector, server);
    }

    /// <summary>A message from someone new, in their own personal chat, addressed to the recording connector.</summary>
    public Activity NewMessage(string text = "help") => TeamsActivities.PersonalMessage(TestPerson.New(), text, Connector.ServiceUrl);

    /// <summary>The token the Bot Framework channel would send with <paramref name="activity"/>.</summary>
    public string ChannelToken(Activity activity) => Identity.ChannelKey.CreateToken(AppId, activity.ServiceUrl);

    /// <summary>A refused request never runs a turn, so nothing can be on its way to the connector once its answer is back.</summary>
    public async Task AssertNothingSentAsync(string conversationId)
    {
        await Task.Delay(200);
        Assert.DoesNotContain(Connector.Sent, a => a.ConversationId == conversationId);
    }

    public Task<HttpResponseMessage> PostAsync(Activity activity, string? bearer, HttpClient? from = null) =>
        PostJsonAsync(TeamsActivities.ToJson(activity), bearer, from);

    public async Task<HttpResponseMessage> PostJsonAsync(string json, string? bearer, HttpClient? from = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseAddress, "/api/messages"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await (from ?? Client).SendAsync(request);
    }

    /// <summary>A client whose connections come from another loopback address (Linux routes all of 127.0.0.0/8 to lo).</summary>
    public HttpClient CreateClientFrom(IPAddress localAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(localAddress, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = Server.BaseAddress,
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Connector.DisposeAsync();
        await Identity.DisposeAsync();
    }
}
