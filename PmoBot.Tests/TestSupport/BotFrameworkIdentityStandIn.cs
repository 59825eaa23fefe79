using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Teams;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// A local stand-in for the Bot Framework's identity services, served over HTTPS as the real ones are (the SDK
/// refuses metadata over http): the channel's OpenID metadata and signing keys with their endorsements, as
/// login.botframework.com publishes them; Entra ID's metadata and keys, against which the SDK checks emulator and
/// bot-to-bot tokens; and the Entra token endpoint where the bot gets its own token to reply. Its certificate is
/// generated here and trusted only by the bot's identity HttpClient (see <see cref="Trust"/>).
/// </summary>
public sealed class BotFrameworkIdentityStandIn : IAsyncDisposable
{
    /// <summary>The Entra tenant whose tokens the SDK takes as the emulator's (one of its built-in issuers).</summary>
    public const string EntraIssuer = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/";
    public const string AppPassword = "stand-in-client-secret";

    private static readonly string[] SigningAlgorithms = ["RS256"];
    private static readonly string[] ChannelAuthMethods = ["private_key_jwt"];
    private static readonly string[] ChannelEndorsements = ["msteams", "webchat", "directline", "emulator"];

    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;
    // Unique per instance: the SDK caches metadata per URL for the whole test process, and ports are reused.
    private readonly string instance = Guid.NewGuid().ToString("N");
    private readonly ConcurrentQueue<string> issuedTokens = new();

    private BotFrameworkIdentityStandIn(WebApplication app, X509Certificate2 certificate)
    {
        this.app = app;
        this.certificate = certificate;
    }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The key the channel signs with (published with the msteams endorsement).</summary>
    public TestSigningKey ChannelKey { get; } = new("channel-signing-key");

    /// <summary>The key Entra ID signs with (published without endorsements, as Entra's are).</summary>
    public TestSigningKey EntraKey { get; } = new("entra-signing-key");

    /// <summary>The access tokens the bot was given at the token endpoint, to recognise its replies by.</summary>
    public IReadOnlyList<string> IssuedTokens => issuedTokens.ToList();

    public string ChannelMetadataUrl => $"{BaseUrl}{instance}/v1/.well-known/openidconfiguration";

    public string EntraMetadataUrl => $"{BaseUrl}{instance}/botframework.com/v2.0/.well-known/openid-configuration";

    public static async Task<BotFrameworkIdentityStandIn> StartAsync()
    {
        var certificate = CreateServerCertificate();
        var app = LocalHttpServer.CreateHttps(certificate);
        var standIn = new BotFrameworkIdentityStandIn(app, certificate);
        var prefix = "/" + standIn.instance;
        app.MapGet(prefix + "/v1/.well-known/openidconfiguration", () => Results.Json(new
        {
            issuer = TestSigningKey.ChannelIssuer,
            authorization_endpoint = "https://invalid.botframework.com",
            jwks_uri = $"{standIn.BaseUrl}{standIn.instance}/v1/.well-known/keys",
            id_token_signing_alg_values_supported = SigningAlgorithms,
            token_endpoint_auth_methods_supported = ChannelAuthMethods,
        }));
        app.MapGet(prefix + "/v1/.well-known/keys", () => Results.Json(new { keys = new[] { standIn.ChannelKey.PublicJwk(ChannelEndorsements) } }));
        app.MapGet(prefix + "/botframework.com/v2.0/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer = EntraIssuer,
            jwks_uri = $"{standIn.BaseUrl}{standIn.instance}/botframework.com/discovery/v2.0/keys",
            token_endpoint = $"{standIn.BaseUrl}botframework.com/oauth2/v2.0/token",
            id_token_signing_alg_values_supported = SigningAlgorithms,
        }));
        app.MapGet(prefix + "/botframework.com/discovery/v2.0/keys", () => Results.Json(new { keys = new[] { standIn.EntraKey.PublicJwk() } }));
        app.MapPost("/botframework.com/oauth2/v2.0/token", standIn.IssueToken);
        app.MapFallback((HttpContext context) => Results.NotFound());
        standIn.BaseUrl = await LocalHttpServer.StartAsync(app);
        return standIn;
    }

    /// <summary>
    /// The configuration a bot in Production needs to use this stand-in instead of the public cloud: every endpoint
    /// key the SDK reads, with the values the real channel has.
    /// </summary>
    public Dictionary<string, string?> BotSettings(string appId) => new()
    {
        ["MicrosoftAppType"] = "MultiTenant",
        ["MicrosoftAppId"] = appId,
        ["MicrosoftAppPassword"] = AppPassword,
        ["ToBotFromChannelOpenIdMetadataUrl"] = ChannelMetadataUrl,
        ["ToBotFromEmulatorOpenIdMetadataUrl"] = EntraMetadataUrl,
        ["ToBotFromChannelTokenIssuer"] = TestSigningKey.ChannelIssuer,
        ["ToChannelFromBotLoginUrl"] = BaseUrl + "botframework.com",
        ["ToChannelFromBotOAuthScope"] = "https://api.botframework.com",
        ["OAuthUrl"] = $"{BaseUrl}{instance}/oauth",
        ["CallerId"] = "urn:botframework:azure",
        // Entra's authority list does not know this host.
        ["ValidateAuthority"] = "false",
    };

    /// <summary>Makes the bot's identity HttpClient trust this stand-in's certificate (and only this one).</summary>
    public void Trust(IServiceCollection services) =>
        services.AddHttpClient(BotFrameworkIdentityHttp.ClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { certificate },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        });

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        certificate.Dispose();
    }

    private static X509Certificate2 CreateServerCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private async Task<IResult> IssueToken(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["client_secret"] != AppPassword)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var token = $"stand-in-token-{Guid.NewGuid():N}";
        issuedTokens.Enqueue(token);
        return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = token });
    }
}
