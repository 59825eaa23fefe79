using Microsoft.Extensions.DependencyInjection.Extensions;
using PmoBot.Commands;
using PmoBot.Storage;

namespace PmoBot.Projects;

public static class ProjectsServiceCollectionExtensions
{
    /// <summary>
    /// The register, its commands, card form and CSV import. Who sees which project is <see cref="IProjectVisibility"/>:
    /// by role alone (<see cref="RoleProjectVisibility"/>) unless a feature such as Portfolio registers its own.
    /// </summary>
    public static IServiceCollection AddProjects(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProjectImportOptions>()
            .Bind(configuration.GetSection(ProjectImportOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTable(ProjectStore.TableName).AddTable(ProjectsByManagerStore.TableName);
        services.AddSingleton<ProjectStore>();
        services.AddSingleton<ProjectsByManagerStore>();
        services.AddSingleton<ProjectRegister>();
        services.TryAddSingleton<IProjectVisibility, RoleProjectVisibility>();
        services.AddSingleton<ProjectInputReader>();
        services.AddSingleton<ProjectCsvImporter>();
        services.AddSingleton<ICommandModule, ProjectCommands>();
        services.AddSingleton<ICardActionHandler, ProjectSaveCardAction>();
        services.AddSingleton<IFileUploadHandler, ProjectCsvUpload>();
        return services;
    }
}
