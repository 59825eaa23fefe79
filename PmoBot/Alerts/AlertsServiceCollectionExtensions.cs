using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Storage;

namespace PmoBot.Alerts;

public static class AlertsServiceCollectionExtensions
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddTable(AlertChannelStore.TableName);
        services.AddSingleton<AlertChannelStore>();
        services.AddSingleton<PmoNotifier>();
        // The command table is read lazily: its role commands lead to the observers, so a direct dependency is a cycle.
        services.AddSingleton<PmoBot.People.IRoleGrantObserver>(provider => new RoleGrantNotice(
            provider.GetRequiredService<PmoBot.Delivery.Outbox>(),
            provider.GetRequiredService<TimeProvider>(),
            new Lazy<CommandRouter>(provider.GetRequiredService<CommandRouter>)));
        services.AddSingleton<IChannelObserver, AlertChannelWatcher>();
        services.AddSingleton<ICommandModule, AlertCommands>();
        return services;
    }
}
