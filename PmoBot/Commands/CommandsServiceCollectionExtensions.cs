namespace PmoBot.Commands;

public static class CommandsServiceCollectionExtensions
{
    public static IServiceCollection AddCommands(this IServiceCollection services)
    {
        services.AddSingleton<CommandRouter>();
        services.AddSingleton<CardActionRouter>();
        return services;
    }
}
