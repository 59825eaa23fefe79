using Microsoft.Extensions.Options;

namespace PmoBot.Teams;

/// <summary>The standard Bot Framework keys (read by <c>ConfigurationBotFrameworkAuthentication</c>), checked at start-up.</summary>
public sealed class BotCredentialsOptions
{
    public string? MicrosoftAppType { get; set; }

    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    public bool AllowsAnonymousTraffic => string.IsNullOrWhiteSpace(MicrosoftAppId);
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
