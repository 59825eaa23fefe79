using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace PmoBot.Teams;

public static class TeamsServiceCollectionExtensions
{
    public const string MessagesRoute = "/api/messages";

    public static IServiceCollection AddTeamsBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotCredentialsOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotCredentialsOptions>, BotCredentialsValidation>();
        // One pooled HttpClient source for every connector call, instead of a new HttpClient per proactive send. The
        // SDK asks for the default client; the outbox's sends take their rate slots in its pipeline.
        services.AddTransient<ConnectorSendSlotHandler>();
        services.AddHttpClient(Options.DefaultName).AddHttpMessageHandler<ConnectorSendSlotHandler>();
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            configuration,
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>()));
        services.AddSingleton<PmoBotAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<PmoBotAdapter>());
        services.AddTransient<IBot, PmoTeamsBot>();
        services.AddSingleton<Delivery.IConversationSender, BotConnectorSender>();
        services.AddSingleton<FileConsentUploads>();
        services.AddHttpClient(FileConsentUploads.HttpClientName, client => client.Timeout = FileConsentUploads.Timeout);
        return services;
    }

    public static IEndpointRouteBuilder MapTeamsBot(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(MessagesRoute, async (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
        {
            // The SDK throws (a 500) on an Authorization header that is not a JWT at all; that is a client error.
            if (!HasReadableBearerToken(request))
            {
                response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await adapter.ProcessAsync(request, response, bot, cancellationToken);
        });
        return endpoints;
    }

    private static bool HasReadableBearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return true;
        }

        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && new JsonWebTokenHandler().CanReadToken(header[scheme.Length..].Trim());
    }
}
