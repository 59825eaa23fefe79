using PmoBot.Storage;

namespace PmoBot.Risks;

public static class RisksServiceCollectionExtensions
{
    public static IServiceCollection AddRisks(this IServiceCollection services)
    {
        services.AddTable(LoggedRiskStore.TableName);
        services.AddSingleton<LoggedRiskStore>();
        services.AddSingleton<RiskRegister>();
        return services;
    }
}
