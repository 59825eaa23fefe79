using Microsoft.Bot.Connector.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace PmoBot.Teams;

/// <summary>What the SDK made of a request's token: the authenticated caller, or why the request is refused.</summary>
public sealed record BotAuthenticationOutcome(AuthenticateRequestResult? Result, Refusal? Refusal)
{
    /// <summary>Refused for its token (not because PmoBot could not check it): what the rate limiter counts.</summary>
    public bool FailedAuthentication => Refusal?.StatusCode == StatusCodes.Status401Unauthorized;

    /// <summary>
    /// The SDK refuses a token by throwing: UnauthorizedAccessException for the checks it makes itself, but the
    /// token handler's own exceptions for a bad signature, an unknown key, an unsigned token or one that is not a
    /// JWT, and CloudAdapter turns only the first into a 401 (the rest became 500s). Every one of them is the
    /// client's token being refused. Failing to read the signing keys is PmoBot's problem instead: 503, so the
    /// channel retries. Anything else is a bug and is left to surface as one.
    /// </summary>
    /// <returns>The refusal, or null when the exception is not about the request's token.</returns>
    public static Refusal? RefusalFor(Exception exception, string? authorization) =>
        exception switch
        {
            UnauthorizedAccessException when string.IsNullOrWhiteSpace(authorization) => Refusal.Unauthenticated("no Authorization header"),
            UnauthorizedAccessException unauthorized => Refusal.Unauthenticated(SdkReason(unauthorized)),
            SecurityTokenSignatureKeyNotFoundException => Refusal.Unauthenticated("the token is not signed by any key the Bot Framework publishes"),
            SecurityTokenInvalidSignatureException => Refusal.Unauthenticated("the token's signature is missing or not valid"),
            SecurityTokenExpiredException => Refusal.Unauthenticated("the token has expired"),
            SecurityTokenException other => Refusal.Unauthenticated($"the token is not valid ({other.GetType().Name})"),
            ArgumentException or FormatException or System.Text.Json.JsonException or Newtonsoft.Json.JsonException =>
                Refusal.Unauthenticated("the Authorization header does not hold a readable JWT"),
            InvalidOperationException or HttpRequestException => new Refusal(
                StatusCodes.Status503ServiceUnavailable,
                $"the Bot Framework's signing keys could not be read: {exception.Message}",
                "PmoBot could not check the request's token just now; try again shortly."),
            _ => null,
        };

    /// <summary>The SDK's own messages say what failed ("Invalid AppId passed on token: ...", "Token signing algorithm 'HS256' not in allowed list"); an empty one means the issuer, audience or serviceurl claim did not match.</summary>
    private static string SdkReason(UnauthorizedAccessException exception) =>
        exception.Message == new UnauthorizedAccessException().Message
            ? "the token's issuer, audience or serviceurl claim is not the expected one"
            : exception.Message;
}
