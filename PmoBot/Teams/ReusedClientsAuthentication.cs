using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Rest.Serialization;
using Newtonsoft.Json.Serialization;

namespace PmoBot.Teams;

/// <summary>
/// The SDK's authentication, except that the clients it makes for every turn cost almost nothing: connector clients
/// are kept and reused (<see cref="KeptConnectorClients"/>), all with one JSON contract resolver, and a user token
/// client is only made if the turn uses one.
/// </summary>
/// <remarks>
/// CloudAdapter asks for a new <see cref="ConnectorClient"/> and a new <see cref="UserTokenClient"/> on every turn
/// and every proactive send. Measured in a profile of the reviews benchmark:
/// <list type="bullet">
/// <item>Each connector client brings two new <see cref="ReadOnlyJsonContractResolver"/>s. A resolver caches a type's
/// contract and compiles a getter for each property the first time it writes it, so every reply used to compile the
/// fifty-odd getters of <c>Activity</c> again: the largest single cost of a turn. Contract resolvers are thread-safe
/// and meant to be shared.</item>
/// <item>Making the clients at all (a user-agent <c>Regex</c> parsed per client, assembly attributes read through
/// reflection, each attribute's constructor invoked through a freshly emitted stub that a finalizer later
/// destroys) cost about a tenth of the bot's CPU. PmoBot signs nobody in, so the token client is never used.</item>
/// </list>
/// </remarks>
public sealed class ReusedClientsAuthentication(BotFrameworkAuthentication inner, TimeProvider time) : BotFrameworkAuthentication
{
    private static readonly IContractResolver SharedResolver = new ReadOnlyJsonContractResolver();

    private readonly KeptConnectorClients kept = new(time);

    // A turn's replies go through the connector factory that comes with its authentication result, not through
    // CreateConnectorFactory, so both are wrapped.
    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Microsoft.Bot.Schema.Activity activity, string authHeader, CancellationToken cancellationToken) =>
        Reuse(await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken).ConfigureAwait(false));

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        Reuse(await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken).ConfigureAwait(false));

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new ReusingConnectorFactory(inner.CreateConnectorFactory(claimsIdentity), AppIdOf(claimsIdentity), kept);

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        Task.FromResult<UserTokenClient>(new LazyUserTokenClient(token => inner.CreateUserTokenClientAsync(claimsIdentity, token)));

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    /// <summary>Points a client's settings at the shared resolver.</summary>
    internal static ConnectorClient ShareContracts(ConnectorClient client)
    {
        client.SerializationSettings.ContractResolver = SharedResolver;
        client.DeserializationSettings.ContractResolver = SharedResolver;
        return client;
    }

    /// <summary>
    /// The app the SDK's own factory makes clients for: the audience of the caller's token, which is this bot's app
    /// id. Empty without authentication, as in the playground.
    /// </summary>
    private static string AppIdOf(ClaimsIdentity? identity) =>
        identity?.Claims.FirstOrDefault(claim => claim.Type == AuthenticationConstants.AudienceClaim)?.Value ?? string.Empty;

    private AuthenticateRequestResult Reuse(AuthenticateRequestResult result)
    {
        if (result.ConnectorFactory is { } factory and not ReusingConnectorFactory)
        {
            result.ConnectorFactory = new ReusingConnectorFactory(factory, AppIdOf(result.ClaimsIdentity), kept);
        }

        return result;
    }

    private sealed class ReusingConnectorFactory(ConnectorFactory inner, string appId, KeptConnectorClients kept) : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken = default) =>
            kept.GetAsync(appId, serviceUrl, audience, token => inner.CreateAsync(serviceUrl, audience, token), cancellationToken);
    }
}
