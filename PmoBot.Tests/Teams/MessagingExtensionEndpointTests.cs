using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Risks;
using PmoBot.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// The app composed as <c>Program.cs</c> will compose it once the messaging extension and a status lookup are
/// registered: an invoke posted to <c>/api/messages</c> is answered in the HTTP response, in the JSON Teams reads.
/// </summary>
public sealed class MessagingExtensionEndpointTests
{
    [Fact]
    public async Task Invokes_posted_to_the_endpoint_are_answered_with_the_wire_shapes_teams_reads()
    {
        var lookup = new Mock<IProjectStatusLookup>();
        lookup.Setup(l => l.SearchAsync(It.IsAny<PmoUser>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        await using var app = new ExtensionApp(lookup.Object);
        using var client = app.CreateClient();
        var person = TestPerson.New("Nestor");

        var search = await PostAsync(client, MessagingExtensionHarness.Query(person, "PRJ"));
        var logRisk = await PostAsync(client, MessagingExtensionHarness.FetchTask(person, "<p>Vendor late</p>"));

        Assert.Equal("message", (string?)search["composeExtension"]!["type"]);
        Assert.Equal(ProjectSearchExtension.NoRoleMessage, (string?)search["composeExtension"]!["text"]);
        Assert.Equal("message", (string?)logRisk["task"]!["type"]);
        Assert.Equal(RiskRegister.NoRoleMessage, (string?)logRisk["task"]!["value"]);
    }

    /// <summary>The app in memory with the test run's settings (as <see cref="PmoBotServer"/>) and the two registrations Program.cs is to add.</summary>
    private sealed class ExtensionApp(IProjectStatusLookup lookup) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = AzuriteStorage.ConnectionString,
                ["Demo:Seed"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            }));
            builder.ConfigureServices(services =>
            {
                services.AddMessagingExtension();
                services.AddSingleton(lookup);
            });
        }
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, Microsoft.Bot.Schema.Activity activity)
    {
        using var content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }
}
