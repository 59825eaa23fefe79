namespace PmoBot.Teams;

public static class MessagingExtensionServiceCollectionExtensions
{
    /// <summary>The messaging extension ("Find project", "Log as risk"); needs the Risks feature and an <see cref="Portfolio.IProjectStatusLookup"/>.</summary>
    public static IServiceCollection AddMessagingExtension(this IServiceCollection services)
    {
        services.AddSingleton<ProjectSearchExtension>();
        services.AddSingleton<LogRiskExtension>();
        services.AddSingleton<MessagingExtensionRouter>();
        return services;
    }
}
