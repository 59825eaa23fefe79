using Azure.Data.Tables;
using PmoBot.Commands;
using PmoBot.Storage;

namespace PmoBot.Processes;

public static class ProcessesServiceCollectionExtensions
{
    /// <summary>
    /// Improving project processes: the process library and its versions. Needs People (owners) and Projects (stages).
    /// </summary>
    public static IServiceCollection AddProcesses(this IServiceCollection services)
    {
        services.AddTable(ProcessStore.TableName);
        services.AddSingleton(sp => new ProcessStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<ProcessLibrary>();
        services.AddSingleton<ProcessInputReader>();
        services.AddSingleton<ProcessPublisher>();
        services.AddSingleton<ICommandModule, ProcessCommands>();
        services.AddSingleton<ICardActionHandler, ProcessSaveCardAction>();
        services.AddSingleton<ICardActionHandler, VersionPublishCardAction>();
        return services;
    }
}
