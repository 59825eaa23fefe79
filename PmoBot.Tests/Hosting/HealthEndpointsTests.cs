using System.Net;
using System.Text.Json.Nodes;
using PmoBot.Hosting;
using PmoBot.Tests.Storage;
using PmoBot.Tests.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Hosting;

/// <summary>
/// Live and ready over HTTP, as App Service's health check asks them: ready only when tables, queues and start-up
/// seeding are; live whenever the process answers, also while storage is away.
/// </summary>
public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task With_storage_up_ready_names_its_three_checks_healthy_and_live_answers()
    {
        await using var server = new PmoBotServer();
        using var client = server.CreateHttpClient();
        await MessagesEndpointTests.WaitUntilHealthyAsync(client);

        // Ready waits for the tables to be created, which start-up does in the background.
        var (readyStatus, ready) = await GetAsync(client, HealthEndpoint.ReadyRoute);
        for (var attempt = 0; attempt < 200 && readyStatus != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(50);
            (readyStatus, ready) = await GetAsync(client, HealthEndpoint.ReadyRoute);
        }

        var (liveStatus, _) = await GetAsync(client, HealthEndpoint.LiveRoute);

        Assert.True(readyStatus == HttpStatusCode.OK, $"ready answered {readyStatus}: {ready.ToJsonString()}");
        Assert.Equal(["queues", "seeding", "storage"], ready["checks"]!.AsObject().Select(c => c.Key).Order());
        Assert.All(ready["checks"]!.AsObject(), c => Assert.Equal("Healthy", (string?)c.Value!["status"]));
        Assert.Equal(HttpStatusCode.OK, liveStatus);
    }

    [Fact]
    public async Task With_storage_unreachable_ready_is_503_naming_tables_and_queues_while_live_is_200()
    {
        await using var server = new PmoBotServer(new Dictionary<string, string?> { ["Storage:ConnectionString"] = StorageHealthCheckTests.ClosedPortConnectionString() });
        using var client = server.CreateHttpClient();

        var (readyStatus, ready) = await GetAsync(client, HealthEndpoint.ReadyRoute);
        var (liveStatus, live) = await GetAsync(client, HealthEndpoint.LiveRoute);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal("Unhealthy", (string?)ready["checks"]!["storage"]!["status"]);
        Assert.Equal("Unhealthy", (string?)ready["checks"]!["queues"]!["status"]);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (liveStatus, (string?)live["status"]));
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(HttpClient client, string route)
    {
        using var response = await client.GetAsync(new Uri(route, UriKind.Relative));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
