using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Storage;

public sealed class StorageInitializerTests
{
    // More than one query's worth of names, so the second query is walked too.
    private const int TableCount = StorageInitializer.NamesPerQuery + 5;

    [Fact]
    public async Task Only_the_missing_tables_are_created_and_the_existing_ones_keep_their_rows()
    {
        var names = FreshTableNames();
        var existing = names.Where((_, i) => i % 3 == 0).ToList();
        var plain = new TableServiceClient(AzuriteStorage.ConnectionString);
        foreach (var name in existing)
        {
            await plain.CreateTableAsync(name);
        }

        await plain.GetTableClient(existing[0]).AddEntityAsync(new TableEntity("p", "kept"));
        var queue = DeliveryQueueName();

        var creates = await InitializeAsync(names, queue);

        Assert.Equal(names.Count - existing.Count, creates);
        foreach (var name in names)
        {
            Assert.True(await ExistsAsync(plain, name), $"{name} should exist");
        }

        Assert.True((await plain.GetTableClient(existing[0]).GetEntityIfExistsAsync<TableEntity>("p", "kept")).HasValue);
        Assert.True((await new QueueServiceClient(AzuriteStorage.ConnectionString).GetQueueClient(queue).ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_second_start_creates_nothing_and_the_first_created_everything()
    {
        var names = FreshTableNames();
        var queue = DeliveryQueueName();

        Assert.Equal(names.Count, await InitializeAsync(names, queue));
        Assert.Equal(0, await InitializeAsync(names, queue));
    }

    /// <summary>Runs the initializer until storage is ready; returns how many tables it asked the service to create.</summary>
    private static async Task<int> InitializeAsync(IReadOnlyList<string> tableNames, string queueName)
    {
        // A table is created with a POST on the account's table list.
        var creates = new StorageRequestCount(request => request.Method == RequestMethod.Post && request.Uri.Path.TrimEnd('/').EndsWith("/Tables", StringComparison.Ordinal));
        var options = new TableClientOptions();
        options.AddPolicy(creates, HttpPipelinePosition.PerCall);
        var readiness = new StorageReadiness();
        var initializer = new StorageInitializer(
            new TableServiceClient(AzuriteStorage.ConnectionString, options),
            new QueueServiceClient(AzuriteStorage.ConnectionString),
            tableNames.Select(name => new TableRegistration(name)),
            [new QueueRegistration(queueName)],
            readiness,
            TimeProvider.System,
            NullLogger<StorageInitializer>.Instance);

        await initializer.StartAsync(CancellationToken.None);
        try
        {
            await readiness.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await initializer.StopAsync(CancellationToken.None);
        }

        return creates.Count;
    }

    private static async Task<bool> ExistsAsync(TableServiceClient service, string name)
    {
        await foreach (var _ in service.QueryAsync(TableClient.CreateQueryFilter($"TableName eq {name}")))
        {
            return true;
        }

        return false;
    }

    private static List<string> FreshTableNames()
    {
        var prefix = $"Init{Guid.NewGuid():N}"[..20];
        return Enumerable.Range(0, TableCount).Select(i => $"{prefix}{i:00}").ToList();
    }

    private static string DeliveryQueueName() => $"init-{Guid.NewGuid():N}"[..30];
}
