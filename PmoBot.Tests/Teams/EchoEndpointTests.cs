using System.Net;
using System.Text;
using PmoBot.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>The benchmark's echo floor, <c>/api/echo</c>: absent unless switched on, and a plain echo through the bot's adapter when it is.</summary>
public sealed class EchoEndpointTests : IAsyncLifetime
{
    private RecordingConnector connector = null!;

    public async Task InitializeAsync() => connector = await RecordingConnector.StartAsync();

    public async Task DisposeAsync() => await connector.DisposeAsync();

    [Fact]
    public async Task Is_not_served_unless_switched_on()
    {
        await using var server = new PmoBotServer();
        using var client = server.CreateHttpClient();

        var response = await PostAsync(client, TeamsActivities.PersonalMessage(TestPerson.New(), "ping", connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Switched_on_it_echoes_the_text_to_the_connector()
    {
        await using var server = new PmoBotServer(new Dictionary<string, string?> { [EchoEndpoint.Switch] = "true" });
        using var client = server.CreateHttpClient();
        var activity = TeamsActivities.PersonalMessage(TestPerson.New(), "ping 42", connector.ServiceUrl);

        var response = await PostAsync(client, activity);

        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode}");
        var sent = Assert.Single(connector.Sent, a => a.ConversationId == activity.Conversation.Id);
        Assert.Equal("ping 42", sent.Text);
        Assert.Equal(activity.Id, sent.ActivityId);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Microsoft.Bot.Schema.Activity activity)
    {
        using var content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json");
        return await client.PostAsync(new Uri(EchoEndpoint.Route, UriKind.Relative), content);
    }
}
