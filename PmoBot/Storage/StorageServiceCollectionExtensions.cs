using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace PmoBot.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new TableServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        services.AddSingleton<StorageReadiness>();
        services.AddHostedService<TableStorageInitializer>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return services;
    }

    /// <summary>Declares a table a store owns, so it is created at start-up.</summary>
    public static IServiceCollection AddTable(this IServiceCollection services, string tableName) =>
        services.AddSingleton(new TableRegistration(tableName));
}
