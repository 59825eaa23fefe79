using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace PmoBot.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new TableServiceClient(options.ConnectionString, StorageRequestPolicy.Configure(new TableClientOptions(), options));
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new QueueServiceClient(options.ConnectionString, StorageRequestPolicy.Configure(new QueueClientOptions(), options));
        });
        services.AddSingleton<StorageReadiness>();
        services.AddSingleton<SeedingReadiness>();
        services.AddHostedService<StorageInitializer>();
        services.AddTable(PartitionVersionStore.TableName);
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [Hosting.HealthEndpoint.ReadyTag])
            .AddCheck<QueueStorageHealthCheck>("queues", tags: [Hosting.HealthEndpoint.ReadyTag])
            .AddCheck<SeedingHealthCheck>("seeding", tags: [Hosting.HealthEndpoint.ReadyTag]);
        return services;
    }

    /// <summary>Declares a table a store owns, so it is created at start-up.</summary>
    public static IServiceCollection AddTable(this IServiceCollection services, string tableName) =>
        services.AddSingleton(new TableRegistration(tableName));

    /// <summary>
    /// Declares a queue a feature owns, so it is created at start-up. The name is read from the feature's bound
    /// options when the container is built, so configuration added later (tests, environment) is honoured.
    /// </summary>
    public static IServiceCollection AddQueue(this IServiceCollection services, Func<IServiceProvider, string> queueName) =>
        services.AddSingleton(sp => new QueueRegistration(queueName(sp)));
}
