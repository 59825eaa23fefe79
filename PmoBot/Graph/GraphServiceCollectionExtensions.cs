using System.Net.Http.Headers;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace PmoBot.Graph;

public static class GraphServiceCollectionExtensions
{
    /// <summary>A named HttpClient for Graph that carries an app-only token; features call Graph through it.</summary>
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
        services.AddTransient<GraphTokenHandler>();
        services.AddHttpClient(GraphOptions.HttpClientName, (sp, client) =>
            {
                var baseUrl = sp.GetRequiredService<IOptions<GraphOptions>>().Value.BaseUrl;
                client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                client.Timeout = TimeSpan.FromSeconds(30);
            })
            .AddHttpMessageHandler<GraphTokenHandler>();
        return services;
    }
}

/// <summary>Adds the app-only Graph token to each request.</summary>
public sealed class GraphTokenHandler(TokenCredential credential) : DelegatingHandler
{
    private static readonly TokenRequestContext Scope = new(["https://graph.microsoft.com/.default"]);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(Scope, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return await base.SendAsync(request, cancellationToken);
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
