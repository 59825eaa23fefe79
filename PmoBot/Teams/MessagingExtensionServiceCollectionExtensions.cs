namespace PmoBot.Teams;

public static class MessagingExtensionServiceCollectionExtensions
{
    /// <summary>
    /// The messaging extension ("Find project", "Log as risk", "Raise early warning", "Suggest process improvement");
    /// needs the Risks, Warnings and Processes features and an <see cref="Portfolio.IProjectStatusLookup"/>.
    /// </summary>
    public static IServiceCollection AddMessagingExtension(this IServiceCollection services)
    {
        services.AddSingleton<ProjectSearchExtension>();
        services.AddSingleton<OpportunitySearchExtension>();
        services.AddSingleton<LogRiskExtension>();
        services.AddSingleton<RaiseWarningExtension>();
        services.AddSingleton<PostEventExtension>();
        services.AddSingleton<SuggestImprovementExtension>();
        services.AddSingleton<MessagingExtensionRouter>();
        return services;
    }
}
