using System.Security.Claims;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using PmoBot.Teams;

namespace PmoBot.Tests.Teams;

/// <summary>
/// Connector clients share one JSON contract resolver, on both ways the SDK makes them (a turn's authentication
/// result and a proactive send's factory), and write an activity exactly as the SDK's own clients do.
/// </summary>
public sealed class SharedContractsAuthenticationTests
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";

    private static readonly BotFrameworkAuthentication Sdk = new ConfigurationBotFrameworkAuthentication(new ConfigurationBuilder().Build());

    [Fact]
    public async Task A_turns_connector_clients_share_one_resolver_where_the_sdks_own_do_not()
    {
        var shared = await TwoClientsOfATurnAsync(new SharedContractsAuthentication(Sdk));
        var sdk = await TwoClientsOfATurnAsync(Sdk);

        Assert.Same(shared.First.SerializationSettings.ContractResolver, shared.Second.SerializationSettings.ContractResolver);
        Assert.Same(shared.First.SerializationSettings.ContractResolver, shared.Second.DeserializationSettings.ContractResolver);
        Assert.NotSame(sdk.First.SerializationSettings.ContractResolver, sdk.Second.SerializationSettings.ContractResolver);
    }

    [Fact]
    public async Task Proactive_connector_clients_share_one_resolver_where_the_sdks_own_do_not()
    {
        var shared = await TwoProactiveClientsAsync(new SharedContractsAuthentication(Sdk));
        var sdk = await TwoProactiveClientsAsync(Sdk);

        Assert.Same(shared.First.SerializationSettings.ContractResolver, shared.Second.SerializationSettings.ContractResolver);
        Assert.NotSame(sdk.First.SerializationSettings.ContractResolver, sdk.Second.SerializationSettings.ContractResolver);
    }

    [Fact]
    public async Task A_reply_is_written_as_the_sdks_own_client_writes_it()
    {
        var shared = await TwoClientsOfATurnAsync(new SharedContractsAuthentication(Sdk));
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
            .AddTeamsBot(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        Assert.IsType<SharedContractsAuthentication>(services.GetRequiredService<BotFrameworkAuthentication>());
    }

    private static async Task<(IConnectorClient First, IConnectorClient Second)> TwoClientsOfATurnAsync(BotFrameworkAuthentication authentication)
    {
        var activity = new Activity(ActivityTypes.Message, channelId: Channels.Msteams, serviceUrl: ServiceUrl);

        // No app id configured: authentication is off, as in the playground, and the result still carries its factory.
        var result = await authentication.AuthenticateRequestAsync(activity, string.Empty, CancellationToken.None);
        return (await result.ConnectorFactory.CreateAsync(ServiceUrl, result.Audience, CancellationToken.None),
            await result.ConnectorFactory.CreateAsync(ServiceUrl, result.Audience, CancellationToken.None));
    }

    private static async Task<(IConnectorClient First, IConnectorClient Second)> TwoProactiveClientsAsync(BotFrameworkAuthentication authentication)
    {
        var factory = authentication.CreateConnectorFactory(new ClaimsIdentity());
        return (await factory.CreateAsync(ServiceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, CancellationToken.None),
            await factory.CreateAsync(ServiceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, CancellationToken.None));
    }
}
