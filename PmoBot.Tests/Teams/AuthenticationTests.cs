using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>With an app id configured, only activities signed by the Bot Framework get in.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string ForgedToken =
        "eyJhbGciOiJSUzI1NiIsImtpZCI6ImZvcmdlZCIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIiwiYXVkIjoiMmM2YjNiM2QtNjY1Mi00YTQzLTkzNTctMmE4NTM3ZDYxYzE5IiwiZXhwIjo0MTAyNDQ0ODAwLCJuYmYiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLW5vdC12YWxpZA";

    private readonly PmoBotServer server = new(
        new Dictionary<string, string?>
        {
            ["MicrosoftAppType"] = "MultiTenant",
            ["MicrosoftAppId"] = "2c6b3b3d-6652-4a43-9357-2a8537d61c19",
            ["MicrosoftAppPassword"] = "not-a-real-secret",
        },
        environment: "Production");

    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = server.CreateHttpClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_request_without_a_token_is_401()
    {
        var response = await PostAsync(bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_forged_token_is_401()
    {
        var response = await PostAsync(ForgedToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string? bearer)
    {
        var activity = TeamsActivities.PersonalMessage(TestPerson.New(), "help", "http://127.0.0.1:9/");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client.SendAsync(request);
    }
}
