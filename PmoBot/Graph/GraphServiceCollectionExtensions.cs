using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace PmoBot.Graph;

public static class GraphServiceCollectionExtensions
{
    /// <summary>
    /// Microsoft Graph for every feature: <see cref="GraphOptions"/> validated at start-up, the app-only credential, and
    /// <see cref="GraphClientAccessor"/>, which holds the one <c>GraphServiceClient</c>.
    /// </summary>
    public static IServiceCollection AddGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GraphOptions>()
            .Bind(configuration.GetSection(GraphOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<TokenCredential>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GraphOptions>>().Value;
            if (!string.IsNullOrWhiteSpace(options.AccessToken))
            {
                return new StaticTokenCredential(options.AccessToken);
            }

            return !string.IsNullOrWhiteSpace(options.ClientSecret)
                ? new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret)
                : new ManagedIdentityCredential(string.IsNullOrWhiteSpace(options.ClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
        });

        // The credential is resolved when the client is first built: an unconfigured app never constructs one.
        services.AddSingleton(sp => new GraphClientAccessor(sp.GetRequiredService<IOptions<GraphOptions>>(), sp.GetRequiredService<TokenCredential>, sp.GetService<Telemetry.PmoMetrics>()));
        services.AddSingleton<GraphAnswerBudget>();
        services.AddHostedService(sp => sp.GetRequiredService<GraphAnswerBudget>());
        return services;
    }
}

/// <summary>The fixed token of <see cref="GraphOptions.AccessToken"/>, for a local Graph stand-in.</summary>
public sealed class StaticTokenCredential(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.MaxValue);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
