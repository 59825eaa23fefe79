using Microsoft.Extensions.Options;

namespace PmoBot.Teams;

/// <summary>The standard Bot Framework keys (read by <c>ConfigurationBotFrameworkAuthentication</c>), checked at start-up.</summary>
public sealed class BotCredentialsOptions
{
    public const string ChannelMetadataKey = nameof(ToBotFromChannelOpenIdMetadataUrl);
    public const string EmulatorMetadataKey = nameof(ToBotFromEmulatorOpenIdMetadataUrl);

    public string? MicrosoftAppType { get; set; }

    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    // The SDK's endpoint keys. Unset, the public cloud's endpoints are used; set any one of them and the SDK takes
    // every endpoint from configuration, leaving the unset ones empty (see BotCredentialsValidation).
    public string? ToBotFromChannelOpenIdMetadataUrl { get; set; }

    public string? ToBotFromEmulatorOpenIdMetadataUrl { get; set; }

    public string? ToBotFromChannelTokenIssuer { get; set; }

    public string? ToChannelFromBotLoginUrl { get; set; }

    public string? ToChannelFromBotOAuthScope { get; set; }

    public string? OAuthUrl { get; set; }

    public string? CallerId { get; set; }

    public bool AllowsAnonymousTraffic => string.IsNullOrWhiteSpace(MicrosoftAppId);

    public bool OverridesBotFrameworkEndpoints =>
        new[] { ToBotFromChannelOpenIdMetadataUrl, ToBotFromEmulatorOpenIdMetadataUrl, ToBotFromChannelTokenIssuer, ToChannelFromBotLoginUrl, ToChannelFromBotOAuthScope, OAuthUrl, CallerId }
            .Any(value => !string.IsNullOrEmpty(value));
}

/// <summary>
/// A bot without an app id accepts unauthenticated traffic from anyone. That is how the Agents Playground
/// talks to a local bot, so it is allowed in Development and nowhere else.
/// </summary>
public sealed class BotCredentialsValidation(IHostEnvironment environment) : IValidateOptions<BotCredentialsOptions>
{
    public ValidateOptionsResult Validate(string? name, BotCredentialsOptions options)
    {
        var appType = options.MicrosoftAppType ?? "MultiTenant";
        if (options.AllowsAnonymousTraffic)
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"MicrosoftAppId is not set. Without it the bot would accept unauthenticated traffic, which is allowed only when ASPNETCORE_ENVIRONMENT=Development (it is {environment.EnvironmentName}). Set MicrosoftAppId (and MicrosoftAppType, MicrosoftAppPassword or a managed identity, MicrosoftAppTenantId).");
        }

        var failures = new List<string>();
        if (!Guid.TryParse(options.MicrosoftAppId, out _))
        {
            failures.Add($"MicrosoftAppId must be the bot's Entra application (client) id, a GUID; it is '{options.MicrosoftAppId}'.");
        }

        switch (appType.ToUpperInvariant())
        {
            case "MULTITENANT":
            case "SINGLETENANT":
                if (string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
                {
                    failures.Add($"MicrosoftAppPassword is required when MicrosoftAppType is {appType}.");
                }

                break;
            case "USERASSIGNEDMSI":
                break;
            default:
                failures.Add($"MicrosoftAppType '{appType}' is not one of MultiTenant, SingleTenant, UserAssignedMSI.");
                break;
        }

        if (!appType.Equals("MultiTenant", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            failures.Add($"MicrosoftAppTenantId is required when MicrosoftAppType is {appType}.");
        }

        failures.AddRange(EndpointFailures(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// With only some endpoint keys set, the SDK leaves the others empty: no token issuer means every token is
    /// refused, no metadata URL means every request fails. So it is all of the required ones or none.
    /// </summary>
    private static IEnumerable<string> EndpointFailures(BotCredentialsOptions options)
    {
        if (!options.OverridesBotFrameworkEndpoints)
        {
            yield break;
        }

        (string Key, string? Value, bool IsUrl)[] required =
        [
            (nameof(options.ToBotFromChannelOpenIdMetadataUrl), options.ToBotFromChannelOpenIdMetadataUrl, true),
            (nameof(options.ToBotFromEmulatorOpenIdMetadataUrl), options.ToBotFromEmulatorOpenIdMetadataUrl, true),
            (nameof(options.ToBotFromChannelTokenIssuer), options.ToBotFromChannelTokenIssuer, false),
            (nameof(options.ToChannelFromBotLoginUrl), options.ToChannelFromBotLoginUrl, true),
            (nameof(options.ToChannelFromBotOAuthScope), options.ToChannelFromBotOAuthScope, false),
        ];
        foreach (var (key, value, isUrl) in required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return $"{key} is required once any Bot Framework endpoint key is set (the SDK would leave it empty and refuse every request); set all of {string.Join(", ", required.Select(r => r.Key))}, or none for the public cloud.";
            }
            else if (isUrl && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            {
                yield return $"{key} must be an https URL; it is '{value}'.";
            }
        }
    }
}
