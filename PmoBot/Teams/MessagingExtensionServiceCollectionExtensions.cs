namespace PmoBot.Teams;

public static class MessagingExtensionServiceCollectionExtensions
{
    /// <summary>
    /// The messaging extension ("Find project", "Log as risk", "Raise early warning"); needs the Risks and Warnings
    /// features and an <see cref="Portfolio.IProjectStatusLookup"/>.
    /// </summary>
    public static IServiceCollection AddMessagingExtension(this IServiceCollection services)
    {
        services.AddSingleton<ProjectSearchExtension>();
        services.AddSingleton<LogRiskExtension>();
        services.AddSingleton<RaiseWarningExtension>();
        services.AddSingleton<PostEventExtension>();
        services.AddSingleton<MessagingExtensionRouter>();
        return services;
    }
}
