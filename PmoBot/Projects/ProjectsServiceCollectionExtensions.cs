using PmoBot.Commands;
using PmoBot.Storage;

namespace PmoBot.Projects;

public static class ProjectsServiceCollectionExtensions
{
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
        services.AddSingleton<ProjectInputReader>();
        services.AddSingleton<ProjectCsvImporter>();
        services.AddSingleton<ICommandModule, ProjectCommands>();
        services.AddSingleton<ICardActionHandler, ProjectSaveCardAction>();
        services.AddSingleton<IFileUploadHandler, ProjectCsvUpload>();
        return services;
    }
}
