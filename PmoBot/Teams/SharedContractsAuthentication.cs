using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Rest.Serialization;
using Newtonsoft.Json.Serialization;

namespace PmoBot.Teams;

/// <summary>
/// The SDK's authentication, except that every connector client it makes shares one JSON contract resolver.
/// </summary>
/// <remarks>
/// CloudAdapter asks for a new <see cref="ConnectorClient"/> on every turn and every proactive send, and each client
/// brings two new <see cref="ReadOnlyJsonContractResolver"/>s. A resolver caches a type's contract and compiles a
/// getter for each property the first time it writes it, so every reply used to compile the fifty-odd getters of
/// <c>Activity</c> again: measured, the largest single cost of a turn. Contract resolvers are thread-safe and meant to
/// be shared; the settings are otherwise left as the SDK sets them.
/// </remarks>
public sealed class SharedContractsAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    private static readonly IContractResolver SharedResolver = new ReadOnlyJsonContractResolver();

    // A turn's replies go through the connector factory that comes with its authentication result, not through
    // CreateConnectorFactory, so both are wrapped.
    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Microsoft.Bot.Schema.Activity activity, string authHeader, CancellationToken cancellationToken) =>
        Share(await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken).ConfigureAwait(false));

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        Share(await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken).ConfigureAwait(false));

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new SharedContractsConnectorFactory(inner.CreateConnectorFactory(claimsIdentity));

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    private static AuthenticateRequestResult Share(AuthenticateRequestResult result)
    {
        if (result.ConnectorFactory is { } factory and not SharedContractsConnectorFactory)
        {
            result.ConnectorFactory = new SharedContractsConnectorFactory(factory);
        }

        return result;
    }

    /// <summary>Points a client's settings at the shared resolver.</summary>
    private static IConnectorClient ShareContracts(IConnectorClient client)
    {
        client.SerializationSettings.ContractResolver = SharedResolver;
        client.DeserializationSettings.ContractResolver = SharedResolver;
        return client;
    }

    private sealed class SharedContractsConnectorFactory(ConnectorFactory inner) : ConnectorFactory
    {
        public override async Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken = default) =>
            ShareContracts(await inner.CreateAsync(serviceUrl, audience, cancellationToken).ConfigureAwait(false));
    }
}
