using Microsoft.Bot.Connector.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace PmoBot.Teams;

/// <summary>
/// The one HttpClient through which PmoBot talks to the Bot Framework's identity services: the OpenID metadata and
/// signing keys incoming tokens are checked against, and Entra ID, where the bot gets its own token to reply. It is
/// a named client so that the HTTP stack can be configured (and, in tests, a local HTTPS stand-in trusted) in one place.
/// </summary>
public static class BotFrameworkIdentityHttp
{
    public const string ClientName = "BotFrameworkIdentity";

    public static IServiceCollection AddBotFrameworkIdentityHttp(this IServiceCollection services)
    {
        // Held for the life of the process by the SDK's key cache, so it must not depend on handler rotation to see
        // DNS changes: the pooled connections are recycled instead.
        services.AddHttpClient(ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services;
    }

    /// <summary>
    /// Makes the SDK read signing keys through <paramref name="client"/>. The SDK fetches them with a static HttpClient
    /// of its own, but it keeps one configuration manager per metadata URL for the whole process, built with the
    /// HttpClient of the first <see cref="JwtTokenExtractor"/> created for that URL. Creating one first for every URL
    /// it may be asked to use hands it this client. Nothing else changes: metadata must still be HTTPS, certificates
    /// are still validated, and the SDK still does every check on the token.
    /// </summary>
    public static void UseForSigningKeys(HttpClient client, IConfiguration configuration)
    {
        string?[] urls =
        [
            configuration[BotCredentialsOptions.ChannelMetadataKey],
            configuration[BotCredentialsOptions.EmulatorMetadataKey],
            AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
            AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
            GovernmentAuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
            GovernmentAuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
        ];
        foreach (var url in urls.OfType<string>().Where(u => u.Length > 0).Distinct(StringComparer.Ordinal))
        {
            _ = new JwtTokenExtractor(client, new TokenValidationParameters(), url, AuthenticationConstants.AllowedSigningAlgorithms);
        }
    }
}
