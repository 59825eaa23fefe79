using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>The running app over real HTTP: Teams-shaped activities in, replies captured at a local connector.</summary>
public sealed class MessagesEndpointTests : IAsyncLifetime
{
    private readonly PmoBotServer server = new();
    private RecordingConnector connector = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        connector = await RecordingConnector.StartAsync();
        client = server.CreateHttpClient();
        await WaitUntilHealthyAsync(client);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        await connector.DisposeAsync();
    }

    [Fact]
    public async Task A_first_message_gets_the_welcome_card_and_the_answer_at_the_connector()
    {
        var person = TestPerson.New("Robin");
        var activity = TeamsActivities.PersonalMessage(person, "whoami", connector.ServiceUrl);

        var response = await PostAsync(TeamsActivities.ToJson(activity));

        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode}");
        var sent = await connector.WaitForAsync(activity.Conversation.Id, 2);
        Assert.Equal(2, sent.Count);
        Assert.Contains($"Welcome to PmoBot, {person.Name}", sent[0].Card!.ToJsonString(), StringComparison.Ordinal);
        var whoami = sent[1].Card!.ToJsonString();
        Assert.Contains(person.AadObjectId, whoami, StringComparison.Ordinal);
        Assert.Contains("Europe/London", whoami, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_activity_delivered_twice_is_answered_once()
    {
        var person = TestPerson.New();
        var first = TeamsActivities.PersonalMessage(person, "hello", connector.ServiceUrl);
        await PostAsync(TeamsActivities.ToJson(first));
        var activity = TeamsActivities.PersonalMessage(person, "whoami", connector.ServiceUrl);
        var json = TeamsActivities.ToJson(activity);

        await PostAsync(json);
        await PostAsync(json);

        await Task.Delay(300);
        var sent = await connector.WaitForAsync(activity.Conversation.Id, 3);
        Assert.Single(sent, a => a.Card?.ToJsonString().Contains(person.AadObjectId, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task An_unknown_command_suggests_the_closest_one()
    {
        var person = TestPerson.New();
        await PostAsync(TeamsActivities.ToJson(TeamsActivities.PersonalMessage(person, "hi", connector.ServiceUrl)));
        var activity = TeamsActivities.PersonalMessage(person, "  /HLEP  ", connector.ServiceUrl);

        await PostAsync(TeamsActivities.ToJson(activity));

        var sent = await connector.WaitForAsync(activity.Conversation.Id, 3);
        Assert.Contains("Did you mean **help**?", sent[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_400()
    {
        var response = await PostAsync("{ \"type\": \"message\", ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_activity_type_is_accepted_without_an_error()
    {
        var activity = TeamsActivities.PersonalMessage(TestPerson.New(), "ignored", connector.ServiceUrl);
        activity.Type = "somethingNew";

        var response = await PostAsync(TeamsActivities.ToJson(activity));

        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Healthz_reports_storage_reachable()
    {
        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body["checks"]!["storage"]!["status"]!.GetValue<string>());
    }

    internal static async Task WaitUntilHealthyAsync(HttpClient client)
    {
        // A first start seeds the whole demo before it reports healthy: on a busy two-core machine with other tests
        // beside it that took over 5 s, so wait by the clock, as long as the seeding wait elsewhere.
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            // Every check healthy: storage reachable with its tables created, queues reachable, seeding done.
            if (response.IsSuccessStatusCode && (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["status"] == "Healthy")
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("PmoBot did not become healthy: is Azurite running?");
    }

    private Task<HttpResponseMessage> PostAsync(string json, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client.SendAsync(request);
    }
}
