using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// With an app id configured, only activities carrying a token signed by a key the Bot Framework publishes get
/// in. The bot reads the signing keys from a local stand-in of the Bot Framework's OpenID metadata.
/// </summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string AppId = "2c6b3b3d-6652-4a43-9357-2a8537d61c19";

    private RecordingConnector connector = null!;
    private PmoBotServer server = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        connector = await RecordingConnector.StartAsync();
        server = new PmoBotServer(
            new Dictionary<string, string?>
            {
                ["MicrosoftAppType"] = "MultiTenant",
                ["MicrosoftAppId"] = AppId,
                ["MicrosoftAppPassword"] = "not-a-real-secret",
                ["ToBotFromChannelOpenIdMetadataUrl"] = connector.OpenIdMetadataUrl,
            },
            environment: "Production");
        client = server.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        await connector.DisposeAsync();
    }

    [Fact]
    public async Task A_request_without_a_token_is_401()
    {
        var response = await PostAsync(bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_by_an_unknown_key_is_401()
    {
        var forged = new TestSigningKey("attacker-key").CreateToken(AppId, connector.ServiceUrl);

        var response = await PostAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_correctly_signed_token_for_another_bot_is_401()
    {
        var otherAudience = connector.SigningKey.CreateToken(Guid.NewGuid().ToString(), connector.ServiceUrl);

        var response = await PostAsync(otherAudience);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_garbage_bearer_value_is_401()
    {
        var response = await PostAsync("not-a-jwt");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string? bearer)
    {
        var activity = TeamsActivities.PersonalMessage(TestPerson.New(), "help", connector.ServiceUrl);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client.SendAsync(request);
    }
}
