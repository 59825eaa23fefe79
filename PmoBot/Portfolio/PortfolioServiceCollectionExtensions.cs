using PmoBot.Commands;

namespace PmoBot.Portfolio;

public static class PortfolioServiceCollectionExtensions
{
    /// <summary>
    /// The leaders' status commands, the status card's refresh and <see cref="IProjectStatusLookup"/>. Needs
    /// <c>AddProjects</c>, <c>AddReviews</c> (the latest status), <c>AddRisks</c>, <c>AddWarnings</c> (the open
    /// critical warnings <c>portfolio</c> lists) and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddPortfolio(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PortfolioOptions>()
            .Bind(configuration.GetSection(PortfolioOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<PortfolioScope>();
        services.AddSingleton<PortfolioReader>();
        services.AddSingleton<ProjectStatusLookup>();
        services.AddSingleton<IProjectStatusLookup>(provider => provider.GetRequiredService<ProjectStatusLookup>());
        services.AddSingleton<ICommandModule, PortfolioCommands>();
        services.AddSingleton<ICardActionHandler, StatusRefreshCardAction>();
        return services;
    }
}
