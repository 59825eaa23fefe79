using Microsoft.Extensions.DependencyInjection.Extensions;
using PmoBot.Commands;
using PmoBot.Projects;

namespace PmoBot.Portfolio;

public static class PortfolioServiceCollectionExtensions
{
    /// <summary>
    /// The leaders' status commands, the status card's refresh, <see cref="IProjectStatusLookup"/>, and
    /// <see cref="PortfolioScope"/> as the <see cref="IProjectVisibility"/> every project read asks (in place of the
    /// rule by role alone that <c>AddProjects</c> registers, whichever is added first). Needs
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
        services.Replace(ServiceDescriptor.Singleton<IProjectVisibility>(provider => provider.GetRequiredService<PortfolioScope>()));
        services.AddSingleton<PortfolioReader>();
        services.AddSingleton<People.IWelcomeNote, PortfolioWelcomeNote>();
        services.AddSingleton<ProjectStatusLookup>();
        services.AddSingleton<IProjectStatusLookup>(provider => provider.GetRequiredService<ProjectStatusLookup>());
        services.AddSingleton<ICommandModule, PortfolioCommands>();
        services.AddSingleton<ICardActionHandler, StatusRefreshCardAction>();
        return services;
    }
}
