using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;

namespace PmoBot.Teams;

public static partial class TeamsServiceCollectionExtensions
{
    public const string MessagesRoute = "/api/messages";

    public static IServiceCollection AddTeamsBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotCredentialsOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotCredentialsOptions>, BotCredentialsValidation>();
        services.AddOptions<MessagesEndpointOptions>()
            .Bind(configuration.GetSection(MessagesEndpointOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<TurnReplyOptions>()
            .Bind(configuration.GetSection(TurnReplyOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RefusalLog>();
        services.AddSingleton<TenantAllowList>();
        services.AddRateLimiter(limiter => limiter.AddPolicy<string, FailedAuthenticationLimiter>(FailedAuthenticationLimiter.PolicyName));

        // One pooled HttpClient source for every connector call, instead of a new HttpClient per proactive send. The
        // SDK asks for the default client; the outbox's sends take their rate slots in its pipeline, and a turn's own
        // replies are sent again when Teams throttles them.
        services.AddTransient<ConnectorSendSlotHandler>();
        services.AddTransient<TurnReplyRetryHandler>();
        services.AddHttpClient(Options.DefaultName)
            .AddHttpMessageHandler<TurnReplyRetryHandler>()
            .AddHttpMessageHandler<ConnectorSendSlotHandler>();
        services.AddBotFrameworkIdentityHttp();
        services.AddSingleton<BotFrameworkAuthentication>(sp =>
        {
            var identityHttp = sp.GetRequiredService<IHttpClientFactory>().CreateClient(BotFrameworkIdentityHttp.ClientName);
            BotFrameworkIdentityHttp.UseForSigningKeys(identityHttp, configuration);
            return new ReusedClientsAuthentication(new ConfigurationBotFrameworkAuthentication(
                configuration,
                credentialsFactory: new ConfigurationServiceClientCredentialFactory(configuration, identityHttp, sp.GetRequiredService<ILogger<ConfigurationServiceClientCredentialFactory>>()),
                httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
                logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>()),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<PmoBotAdapter>();
        services.AddSingleton<ChannelNames>();
        services.AddSingleton<ThrottledReplyFallback>();
        services.AddTransient<IBot, PmoTeamsBot>();
        services.AddSingleton<Delivery.IConversationSender, BotConnectorSender>();
        services.AddSingleton<FileConsentUploads>();
        services.AddHttpClient(FileConsentUploads.HttpClientName, client => client.Timeout = FileConsentUploads.Timeout);
        return services;
    }

    /// <summary>
    /// What must run between routing and the endpoints that receive activities: reading and authenticating the
    /// activity, then the rate limiter that counts failed authentications.
    /// </summary>
    public static IApplicationBuilder UseTeamsBot(this IApplicationBuilder app)
    {
        app.UseMiddleware<IncomingActivityMiddleware>();
        app.UseRateLimiter();
        LogTenants(app.ApplicationServices);
        return app;
    }

    public static IEndpointRouteBuilder MapTeamsBot(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(MessagesRoute, MessagesEndpoint.HandleAsync).ReceivesBotActivities();
        return endpoints;
    }

    /// <summary>Which organisations PmoBot takes activities from; taking any is a warning outside Development.</summary>
    private static void LogTenants(IServiceProvider services)
    {
        var tenants = services.GetRequiredService<TenantAllowList>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<TenantAllowList>();
        if (tenants.TakesAnyTenant && !services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            LogAnyTenant(logger);
        }
        else
        {
            var taken = tenants.Describe();
            LogTenantsTaken(logger, taken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PmoBot takes activities from any Microsoft 365 tenant: set MessagesEndpoint:AllowedTenantIds to your organisation's tenant id")]
    private static partial void LogAnyTenant(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "PmoBot takes activities from {Tenants}")]
    private static partial void LogTenantsTaken(ILogger logger, string tenants);
}
