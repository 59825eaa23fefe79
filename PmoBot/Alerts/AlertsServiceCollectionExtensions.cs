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
        services.AddSingleton<PmoBot.People.IRoleGrantObserver, RoleGrantNotice>();
        services.AddSingleton<IChannelObserver, AlertChannelWatcher>();
        services.AddSingleton<ICommandModule, AlertCommands>();
        return services;
    }
}
