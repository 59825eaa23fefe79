using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph.Models.ODataErrors;
using PmoBot.Graph;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.Meetings;

namespace PmoBot.Tests.Graph;

/// <summary>The one Graph client every feature shares, as <c>AddGraph</c> registers it, against the calendar stand-in.</summary>
public sealed class GraphClientAccessorTests : IAsyncLifetime
{
    private const string Token = "graph-accessor-token";

    private CalendarGraphStandIn graph = null!;

    public async Task InitializeAsync() => graph = await CalendarGraphStandIn.StartAsync();

    public async Task DisposeAsync() => await graph.DisposeAsync();

    [Fact]
    public void Without_graph_settings_there_is_no_client_and_no_credential_is_built()
    {
        using var services = Services(configured: false, credential: _ => throw new InvalidOperationException("no credential should be built"));
        var accessor = services.GetRequiredService<GraphClientAccessor>();

        Assert.False(accessor.IsConfigured);
        var refused = Assert.Throws<InvalidOperationException>(() => accessor.Client);
        Assert.Contains("Graph:TenantId", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_graph_settings_every_feature_gets_the_same_client_pointed_at_graph_base_url_with_the_app_token()
    {
        using var services = Services(configured: true);
        var accessor = services.GetRequiredService<GraphClientAccessor>();
        var mail = $"pm.{Guid.NewGuid():N}@contoso.example";
        var userId = Guid.NewGuid().ToString();
        graph.SetUser(userId, mail);

        var user = await accessor.Client.Users[userId].GetAsync();

        Assert.True(accessor.IsConfigured);
        Assert.Same(accessor.Client, services.GetRequiredService<GraphClientAccessor>().Client);
        Assert.Equal(graph.BaseUrl.TrimEnd('/'), accessor.Client.RequestAdapter.BaseUrl);
        Assert.Equal(mail, user!.Mail);
        Assert.Equal($"Bearer {Token}", Assert.Single(graph.RequestsTo(CalendarGraphStandIn.Users)).Authorization);
    }

    [Fact]
    public async Task The_app_token_goes_only_to_the_configured_graph_host()
    {
        using var services = Services(configured: true);
        var client = services.GetRequiredService<GraphClientAccessor>().Client;
        var userId = Guid.NewGuid().ToString();

        // The same stand-in under another host name, as a next link or a redirect could name it.
        var elsewhere = new UriBuilder(graph.BaseUrl) { Host = "localhost" }.Uri;
        await Assert.ThrowsAsync<ODataError>(() => client.Users[userId].WithUrl($"{elsewhere}users/{userId}").GetAsync());

        Assert.Equal(string.Empty, Assert.Single(graph.RequestsTo(CalendarGraphStandIn.Users)).Authorization);
    }

    private ServiceProvider Services(bool configured, Func<IServiceProvider, TokenCredential>? credential = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = graph.BaseUrl,
            ["Graph:TenantId"] = configured ? Guid.NewGuid().ToString() : null,
            ["Graph:ClientId"] = configured ? Guid.NewGuid().ToString() : null,
            ["Graph:ClientSecret"] = configured ? "local-secret" : null,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddGraph(configuration);
        services.AddSingleton(credential ?? (_ => new FixedTokenCredential(Token)));
        return services.BuildServiceProvider();
    }
}
