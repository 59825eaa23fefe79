using System.Security.Claims;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;
using PmoBot.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// Connector clients are kept across turns and share one JSON contract resolver, on both ways the SDK makes them (a
/// turn's authentication result and a proactive send's factory), and write an activity exactly as the SDK's own
/// clients do; a turn's user token client is made only when used.
/// </summary>
public sealed class ReusedClientsAuthenticationTests
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private const string OtherServiceUrl = "https://smba.trafficmanager.net/amer/";

    private static readonly BotFrameworkAuthentication Sdk = new ConfigurationBotFrameworkAuthentication(new ConfigurationBuilder().Build());

    [Fact]
    public async Task A_turns_connector_clients_share_one_resolver_where_the_sdks_own_do_not()
    {
        var shared = await TwoClientsOfATurnAsync(Reusing());
        var sdk = await TwoClientsOfATurnAsync(Sdk);

        Assert.NotSame(shared.First, shared.Second);
        Assert.Same(shared.First.SerializationSettings.ContractResolver, shared.Second.SerializationSettings.ContractResolver);
        Assert.Same(shared.First.SerializationSettings.ContractResolver, shared.Second.DeserializationSettings.ContractResolver);
        Assert.NotSame(sdk.First.SerializationSettings.ContractResolver, sdk.Second.SerializationSettings.ContractResolver);
    }

    [Fact]
    public async Task Proactive_connector_clients_share_one_resolver_where_the_sdks_own_do_not()
    {
        var shared = await TwoProactiveClientsAsync(Reusing());
        var sdk = await TwoProactiveClientsAsync(Sdk);

        Assert.Same(shared.First.SerializationSettings.ContractResolver, shared.Second.SerializationSettings.ContractResolver);
        Assert.NotSame(sdk.First.SerializationSettings.ContractResolver, sdk.Second.SerializationSettings.ContractResolver);
    }

    [Fact]
    public async Task A_reply_is_written_as_the_sdks_own_client_writes_it()
    {
        var shared = await TwoClientsOfATurnAsync(Reusing());
        var sdk = await TwoClientsOfATurnAsync(Sdk);
        var reply = MessageFactory.Attachment(
            ActivityMapping.CardAttachment(new System.Text.Json.Nodes.JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5" }),
            "Question 1 of 16");
        reply.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, "Green", value: "green")] };
        reply.Conversation = new ConversationAccount(id: "a:1");
        reply.Timestamp = new DateTimeOffset(2026, 12, 5, 17, 0, 0, TimeSpan.Zero);

        // Twice through the shared client: the second write uses the contracts cached by the first.
        var first = JsonConvert.SerializeObject(reply, shared.First.SerializationSettings);
        var second = JsonConvert.SerializeObject(reply, shared.Second.SerializationSettings);
        var expected = JsonConvert.SerializeObject(reply, sdk.First.SerializationSettings);

        Assert.Equal(expected, first);
        Assert.Equal(expected, second);
        Assert.Contains("\"suggestedActions\"", expected, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_registers_the_shared_authentication()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddTeamsBot(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        Assert.IsType<ReusedClientsAuthentication>(services.GetRequiredService<BotFrameworkAuthentication>());
    }

    [Fact]
    public async Task The_next_turn_gets_the_client_the_last_turn_had_and_it_still_sends_after_the_adapter_disposed_it()
    {
        await using var connector = await RecordingConnector.StartAsync();
        var reusing = Reusing();
        var lastTurn = await ClientOfATurnAsync(reusing, connector.ServiceUrl);

        // CloudAdapter disposes a turn's client when the turn ends.
        lastTurn.Dispose();
        var nextTurn = await ClientOfATurnAsync(reusing, connector.ServiceUrl);
        await nextTurn.Conversations.SendToConversationAsync("a:kept", MessageFactory.Text("sent through the kept client"));

        Assert.Same(lastTurn, nextTurn);
        Assert.Equal("sent through the kept client", Assert.Single(await connector.WaitForAsync("a:kept", 1)).Text);

        // The SDK's own clients are one per turn, and the adapter's dispose leaves one unable to send.
        var sdkLastTurn = await ClientOfATurnAsync(Sdk, connector.ServiceUrl);
        Assert.NotSame(sdkLastTurn, await ClientOfATurnAsync(Sdk, connector.ServiceUrl));
        sdkLastTurn.Dispose();
        await Assert.ThrowsAnyAsync<Exception>(() => sdkLastTurn.Conversations.SendToConversationAsync("a:disposed", MessageFactory.Text("lost")));
    }

    [Fact]
    public async Task A_kept_client_has_the_sdk_clients_address_credentials_and_headers()
    {
        var reusing = await TwoClientsOfATurnAsync(Reusing());
        var sdk = await TwoClientsOfATurnAsync(Sdk);
        var kept = (ConnectorClient)reusing.First;
        var made = (ConnectorClient)sdk.First;

        Assert.Equal(made.BaseUri, kept.BaseUri);
        Assert.Equal(made.Credentials.GetType(), kept.Credentials.GetType());

        // Every header the SDK's client sends, with one more product in the user agent: the kept client's own type.
        Assert.Equal(made.HttpClient.DefaultRequestHeaders.Accept, kept.HttpClient.DefaultRequestHeaders.Accept);
        var sdkAgent = made.HttpClient.DefaultRequestHeaders.UserAgent.Select(product => product.ToString()).ToList();
        var keptAgent = kept.HttpClient.DefaultRequestHeaders.UserAgent.Select(product => product.ToString()).ToList();
        Assert.NotEmpty(sdkAgent);
        Assert.Equal(sdkAgent, keptAgent.Take(sdkAgent.Count));
    }

    [Fact]
    public async Task Teams_operations_made_on_a_kept_client_add_their_user_agent_once_not_once_per_operation()
    {
        var kept = (ConnectorClient)(await TwoClientsOfATurnAsync(Reusing())).First;

        // What TeamsInfo does for every team or channel lookup: a Teams client on the turn's HTTP client, which
        // names itself in that client's user agent. The SDK adds a product only if it is not there yet.
        string HeadersAfterTeamsOperation()
        {
            using var teams = new Microsoft.Bot.Connector.Teams.TeamsConnectorClient(kept.BaseUri, kept.Credentials, kept.HttpClient, disposeHttpClient: false);
            return kept.HttpClient.DefaultRequestHeaders.ToString();
        }

        var afterFirst = HeadersAfterTeamsOperation();
        Assert.Contains("TeamsConnectorClient/", afterFirst, StringComparison.Ordinal);
        Assert.Equal(afterFirst, HeadersAfterTeamsOperation());
        Assert.Equal(afterFirst, HeadersAfterTeamsOperation());
    }

    [Fact]
    public async Task Another_service_url_or_audience_gets_a_client_of_its_own()
    {
        var factory = Reusing().CreateConnectorFactory(new ClaimsIdentity());
        var emea = await factory.CreateAsync(ServiceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, CancellationToken.None);
        var americas = await factory.CreateAsync(OtherServiceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, CancellationToken.None);
        var otherAudience = await factory.CreateAsync(ServiceUrl, "https://api.example.test", CancellationToken.None);

        Assert.NotSame(emea, americas);
        Assert.NotSame(emea, otherAudience);
        Assert.Equal(new Uri(OtherServiceUrl), americas.BaseUri);
        Assert.Same(emea, await factory.CreateAsync(ServiceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, CancellationToken.None));
    }

    [Fact]
    public async Task A_kept_client_is_replaced_once_its_lifetime_is_over()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
        var factory = Reusing(time).CreateConnectorFactory(new ClaimsIdentity());
        var first = await factory.CreateAsync(ServiceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, CancellationToken.None);

        time.Advance(KeptConnectorClients.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Same(first, await factory.CreateAsync(ServiceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(1));
        var replaced = await factory.CreateAsync(ServiceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, CancellationToken.None);
        Assert.NotSame(first, replaced);
        Assert.Same(replaced, await factory.CreateAsync(ServiceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, CancellationToken.None));
    }

    [Fact]
    public async Task A_turns_user_token_client_is_made_only_when_a_token_is_asked_for_and_then_answers_from_the_sdks()
    {
        var made = 0;
        var lazy = new LazyUserTokenClient(_ =>
        {
            made++;
            return Task.FromResult<UserTokenClient>(new OneTokenClient());
        });

        Assert.False(lazy.IsMade);
        var first = await lazy.GetUserTokenAsync("user-1", "graph", Channels.Msteams, null!, CancellationToken.None);
        var second = await lazy.GetUserTokenAsync("user-1", "graph", Channels.Msteams, null!, CancellationToken.None);

        Assert.True(lazy.IsMade);
        Assert.Equal(1, made);
        Assert.Equal("token for user-1 on graph", first.Token);
        Assert.Equal(first.Token, second.Token);
        lazy.Dispose();
    }

    [Fact]
    public async Task The_authentication_hands_each_turn_a_user_token_client_that_has_made_nothing()
    {
        var client = await Reusing().CreateUserTokenClientAsync(new ClaimsIdentity(), CancellationToken.None);

        Assert.False(Assert.IsType<LazyUserTokenClient>(client).IsMade);
        client.Dispose();
    }

    private static ReusedClientsAuthentication Reusing(TimeProvider? time = null) => new(Sdk, time ?? TimeProvider.System);

    private static async Task<IConnectorClient> ClientOfATurnAsync(BotFrameworkAuthentication authentication, string serviceUrl)
    {
        var activity = new Activity(ActivityTypes.Message, channelId: Channels.Msteams, serviceUrl: serviceUrl);
        var result = await authentication.AuthenticateRequestAsync(activity, string.Empty, CancellationToken.None);
        return await result.ConnectorFactory.CreateAsync(serviceUrl, result.Audience, CancellationToken.None);
    }

    private static async Task<(IConnectorClient First, IConnectorClient Second)> TwoClientsOfATurnAsync(BotFrameworkAuthentication authentication)
    {
        var activity = new Activity(ActivityTypes.Message, channelId: Channels.Msteams, serviceUrl: ServiceUrl);

        // No app id configured: authentication is off, as in the playground, and the result still carries its factory.
        var result = await authentication.AuthenticateRequestAsync(activity, string.Empty, CancellationToken.None);
        // Two regions' clients: distinct clients (one per service URL), which still share the resolver.
        return (await result.ConnectorFactory.CreateAsync(ServiceUrl, result.Audience, CancellationToken.None),
            await result.ConnectorFactory.CreateAsync(OtherServiceUrl, result.Audience, CancellationToken.None));
    }

    private static async Task<(IConnectorClient First, IConnectorClient Second)> TwoProactiveClientsAsync(BotFrameworkAuthentication authentication)
    {
        var factory = authentication.CreateConnectorFactory(new ClaimsIdentity());
        return (await factory.CreateAsync(ServiceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, CancellationToken.None),
            await factory.CreateAsync(OtherServiceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, CancellationToken.None));
    }

    private sealed class OneTokenClient : UserTokenClient
    {
        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            Task.FromResult(new TokenResponse(token: $"token for {userId} on {connectionName}"));

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
