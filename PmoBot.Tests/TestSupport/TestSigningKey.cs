using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PmoBot.Tests.TestSupport;

/// <summary>An RSA key that signs Bot Framework-shaped tokens, so authentication is tested with real JWTs.</summary>
public sealed class TestSigningKey(string keyId)
{
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = keyId };

    public object PublicJwk()
    {
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        return new
        {
            kty = "RSA",
            use = "sig",
            kid = key.KeyId,
            n = Base64UrlEncoder.Encode(parameters.Modulus),
            e = Base64UrlEncoder.Encode(parameters.Exponent),
            endorsements = new[] { "msteams" },
        };
    }

    public string CreateToken(string audience, string serviceUrl, string issuer = "https://api.botframework.com") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
}
