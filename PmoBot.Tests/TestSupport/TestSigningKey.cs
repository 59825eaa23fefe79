using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// An RSA key that signs Bot Framework-shaped tokens, so authentication is tested with real JWTs; and the forgeries
/// an attacker would try with the same claims.
/// </summary>
public sealed class TestSigningKey
{
    public const string ChannelIssuer = "https://api.botframework.com";

    private readonly RSA rsa = RSA.Create(2048);
    private readonly RsaSecurityKey key;
    private readonly X509Certificate2 certificate;

    public TestSigningKey(string keyId)
    {
        KeyId = keyId;
        key = new RsaSecurityKey(rsa) { KeyId = keyId };
        // The real keys are published with their certificate (x5c, x5t) as well as the bare key (n, e).
        certificate = new CertificateRequest($"CN={keyId}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public string KeyId { get; }

    /// <summary>The key as a JSON Web Key, the way login.botframework.com publishes it (endorsements = the channels it signs for).</summary>
    public object PublicJwk(params string[] endorsements)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["x5t"] = Base64UrlEncoder.Encode(certificate.GetCertHash()),
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["x5c"] = new[] { Convert.ToBase64String(certificate.RawData) },
        };
        if (endorsements.Length > 0)
        {
            jwk["endorsements"] = endorsements;
        }

        return jwk;
    }

    /// <summary>A token as the Bot Framework channel sends one to a bot: its issuer, the bot's app id as audience, the serviceurl.</summary>
    public string CreateToken(string audience, string serviceUrl, string issuer = ChannelIssuer) =>
        Sign(ChannelClaims(audience, serviceUrl, issuer), new SigningCredentials(key, SecurityAlgorithms.RsaSha256));

    /// <summary>A token as Entra ID issues one to an emulator or a bot calling this bot (the SDK's "emulator" path).</summary>
    public string CreateEntraToken(string issuer, string appId) =>
        Sign(
            new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = appId,
                Subject = new ClaimsIdentity([new Claim("appid", appId), new Claim("ver", "1.0")]),
                NotBefore = DateTime.UtcNow.AddMinutes(-1),
                Expires = DateTime.UtcNow.AddMinutes(10),
            },
            new SigningCredentials(key, SecurityAlgorithms.RsaSha256));

    public string CreateExpiredToken(string audience, string serviceUrl)
    {
        var claims = ChannelClaims(audience, serviceUrl, ChannelIssuer);
        claims.NotBefore = DateTime.UtcNow.AddHours(-2);
        claims.Expires = DateTime.UtcNow.AddHours(-1);
        claims.IssuedAt = DateTime.UtcNow.AddHours(-2);
        return Sign(claims, new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
    }

    /// <summary>The same claims, unsigned (<c>alg: none</c>), naming this key.</summary>
    public string CreateUnsignedToken(string audience, string serviceUrl)
    {
        // The handler will not write a kid without a key, so the header is written here; the payload is the handler's.
        var payload = new JsonWebTokenHandler().CreateToken(ChannelClaims(audience, serviceUrl, ChannelIssuer)).Split('.')[1];
        var header = Base64UrlEncoder.Encode($$"""{"alg":"none","typ":"JWT","kid":"{{KeyId}}"}""");
        return $"{header}.{payload}.";
    }

    /// <summary>
    /// The classic algorithm-confusion forgery: HS256 with this key's published public key (PEM) as the HMAC secret,
    /// naming this key, so that a validator that trusts the token's <c>alg</c> would check the MAC with the public key.
    /// </summary>
    public string CreateHmacTokenKeyedWithPublicKey(string audience, string serviceUrl)
    {
        var secret = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem())) { KeyId = KeyId };
        return Sign(ChannelClaims(audience, serviceUrl, ChannelIssuer), new SigningCredentials(secret, SecurityAlgorithms.HmacSha256));
    }

    private static SecurityTokenDescriptor ChannelClaims(string audience, string serviceUrl, string issuer) => new()
    {
        Issuer = issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        Expires = DateTime.UtcNow.AddMinutes(10),
    };

    private static string Sign(SecurityTokenDescriptor descriptor, SigningCredentials credentials)
    {
        descriptor.SigningCredentials = credentials;
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
