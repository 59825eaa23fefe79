using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Graph;
using PmoBot.Storage;
using PmoBot.Teams;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Delivery;

/// <summary>
/// The outbox over the run's Azurite, built from the real classes: its own pair of queues (so tests never see
/// each other's messages), the shared tables, and processors and workers that send wherever a test points them.
/// </summary>
public sealed class DeliveryHarness
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    private readonly IServiceProvider services;
    private readonly IOptions<DeliveryOptions> options;

    private DeliveryHarness(IServiceProvider services)
    {
        this.services = services;
        options = services.GetRequiredService<IOptions<DeliveryOptions>>();
        Deliveries = services.GetRequiredService<DeliveryStore>();
        Conversations = services.GetRequiredService<ConversationReferenceStore>();
        Queues = services.GetRequiredService<OutboxQueues>();
        Outbox = services.GetRequiredService<Outbox>();
        var queueService = services.GetRequiredService<QueueServiceClient>();
        OutboxQueue = queueService.GetQueueClient(Settings.QueueName);
        DeadLetterQueue = queueService.GetQueueClient(Settings.DeadLetterQueueName);
    }

    private DeliveryOptions Settings => options.Value;

    public TimeProvider Time { get; } = TimeProvider.System;

    public DeliveryStore Deliveries { get; }

    public ConversationReferenceStore Conversations { get; }

    public OutboxQueues Queues { get; }

    public Outbox Outbox { get; }

    public QueueClient OutboxQueue { get; }

    public QueueClient DeadLetterQueue { get; }

    /// <summary>Short delays so retries happen within a test; <paramref name="configure"/> changes the rest.</summary>
    public static async Task<DeliveryHarness> CreateAsync(Action<DeliveryOptions>? configure = null)
    {
        var settings = new DeliveryOptions
        {
            QueueName = FreshQueueName(),
            DeadLetterQueueName = FreshQueueName(),
            IdlePollInterval = TimeSpan.FromMilliseconds(50),
            FirstRetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
            VisibilityTimeout = TimeSpan.FromSeconds(5),
            Prefetch = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(settings);
        await AzuriteStorage.WithTablesAsync(
            DeliveryStore.TableName, DeliveryLogStore.TableName, ConversationReferenceStore.TableName, SenderInstanceStore.TableName, SharedConversationWindows.TableName);
        var queueService = new QueueServiceClient(AzuriteStorage.ConnectionString);
        await Task.WhenAll(
            queueService.GetQueueClient(settings.QueueName).CreateIfNotExistsAsync(),
            queueService.GetQueueClient(settings.DeadLetterQueueName).CreateIfNotExistsAsync());
        return new DeliveryHarness(Services(settings, AzuriteStorage.ConnectionString));
    }

    /// <summary>Everything one bot instance has, over the storage account at <paramref name="connectionString"/>.</summary>
    private static ServiceProvider Services(DeliveryOptions settings, string connectionString, QueueClientOptions? queueOptions = null, TableClientOptions? tableOptions = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddHttpClient()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(tableOptions is null ? new TableServiceClient(connectionString) : new TableServiceClient(connectionString, tableOptions))
            .AddSingleton(queueOptions is null ? new QueueServiceClient(connectionString) : new QueueServiceClient(connectionString, queueOptions))
            .AddSingleton(Options.Create(settings))
            .AddSingleton<DeliveryStore>()
            .AddSingleton<DeliveryLogStore>()
            .AddSingleton<ConversationReferenceStore>()
            .AddSingleton<OutboxQueues>()
            .AddSingleton<Outbox>()
            .AddSingleton<DeliveryRetryPolicy>()
            .AddSingleton<UpdatePlanner>()
            .AddSingleton<DeliveryStatusQuery>()
            .AddSingleton<SenderInstanceStore>()
            .AddSingleton<SharedConversationWindows>();
        services.AddGraph(new ConfigurationBuilder().Build());
        services.AddOptions<ProactiveInstallOptions>();
        return services.BuildServiceProvider();
    }

    public static string FreshQueueName() => $"t-{Guid.NewGuid():N}"[..30];

    public static string FreshKey(string feature = "test") => $"{feature}|{Guid.NewGuid():N}";

    /// <summary>The production transport: the Bot Framework adapter without an app id, posting to the address's service URL.</summary>
    /// <summary>The transport wired as the app wires it (its HTTP pipeline takes the rate slots), anonymous.</summary>
    public static IConversationSender ConnectorSender() =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development })
            .AddTeamsBot(new ConfigurationBuilder().Build())
            .BuildServiceProvider()
            .GetRequiredService<IConversationSender>();

    public DeliveryStatusQuery StatusQuery => services.GetRequiredService<DeliveryStatusQuery>();

    /// <summary>A processor as one bot instance has it: with its own rate limiter unless one is shared. Graph is not configured.</summary>
    public DeliveryProcessor Processor(IConversationSender sender, TeamsRateLimiter? limiter = null, PersonalChatProvisioner? provisioner = null) =>
        Processor(services, sender, limiter ?? new TeamsRateLimiter(Time, options), null, provisioner);

    /// <param name="queueOptions">How the worker's queue client is built (for example, with a policy that slows its requests).</param>
    public DeliverySenderWorker Worker(IConversationSender sender, QueueClientOptions? queueOptions = null) =>
        Host(sender, AzuriteStorage.ConnectionString, queueOptions).Worker;

    /// <summary>
    /// One bot instance's sender (worker, rate limiter, heartbeat) over the storage account at
    /// <paramref name="connectionString"/> (through a <see cref="TcpProxy"/>, say), sharing this harness's queues and tables;
    /// its storage clients built with <paramref name="queueOptions"/> and <paramref name="tableOptions"/> (to fail some requests).
    /// </summary>
    public SenderHost Host(IConversationSender sender, string connectionString, QueueClientOptions? queueOptions = null, TableClientOptions? tableOptions = null)
    {
        var own = Services(Settings, connectionString, queueOptions, tableOptions);
        var readiness = new StorageReadiness();
        readiness.MarkReady();
        var limiter = new TeamsRateLimiter(Time, options);
        var instances = ActivatorUtilities.CreateInstance<SenderInstances>(own, limiter);
        var processor = Processor(own, sender, limiter, instances, null);
        return new SenderHost(ActivatorUtilities.CreateInstance<DeliverySenderWorker>(own, processor, limiter, instances, readiness), limiter, instances);
    }

    private static DeliveryProcessor Processor(IServiceProvider services, IConversationSender sender, TeamsRateLimiter limiter, SenderInstances? instances, PersonalChatProvisioner? provisioner)
    {
        // The pauses a throttled send records go to this instance's own limiter and windows, as in the app.
        var windows = ActivatorUtilities.CreateInstance<SharedConversationWindows>(services);
        return ActivatorUtilities.CreateInstance<DeliveryProcessor>(
            services,
            sender,
            provisioner ?? ActivatorUtilities.CreateInstance<PersonalChatProvisioner>(services, sender),
            limiter,
            instances ?? ActivatorUtilities.CreateInstance<SenderInstances>(services, limiter),
            windows,
            ActivatorUtilities.CreateInstance<ConversationPauses>(services, limiter, windows));
    }

    /// <summary>The personal chat of someone who has opened PmoBot, as the bot stores it on their first message.</summary>
    public async Task<ConversationAddress> PersonalChatAsync(string serviceUrl)
    {
        var person = TestPerson.New();
        var address = new ConversationAddress(
            ConversationKind.Personal,
            $"a:personal-{person.AadObjectId}",
            serviceUrl,
            TeamsActivities.TenantId,
            "msteams",
            TeamsActivities.BotId,
            TeamsActivities.BotName,
            person.AadObjectId,
            person.TeamsUserId,
            null,
            null,
            Time.GetUtcNow());
        await Conversations.SaveAsync(address, None);
        return address;
    }

    public async Task<ConversationAddress> ChannelAsync(string serviceUrl)
    {
        var channelId = $"19:{Guid.NewGuid():N}@thread.tacv2";
        var address = new ConversationAddress(
            ConversationKind.Channel,
            channelId,
            serviceUrl,
            TeamsActivities.TenantId,
            "msteams",
            TeamsActivities.BotId,
            TeamsActivities.BotName,
            null,
            null,
            $"19:team-{channelId}",
            "PMO",
            Time.GetUtcNow());
        await Conversations.SaveAsync(address, None);
        return address;
    }

    public static DeliveryTarget TargetOf(ConversationAddress address) => new(address.Kind, address.Key);

    public Task<DeliveryRecord> EnqueueAsync(ConversationAddress to, string? text = null, string? replaces = null) =>
        EnqueueAsync(TargetOf(to), text, replaces);

    public Task<DeliveryRecord> EnqueueAsync(DeliveryTarget to, string? text = null, string? replaces = null) =>
        Outbox.EnqueueAsync(new DeliveryRequest(FreshKey(), to, text ?? $"Reminder {Guid.NewGuid():N}", Replaces: replaces), None);

    public async Task<DeliveryRecord> RecordAsync(string key) =>
        await Deliveries.GetAsync(key, None) ?? throw new InvalidOperationException($"No delivery record for {key}.");

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync() => Queues.ReceiveAsync(16, Settings.VisibilityTimeout, None);

    /// <summary>What a sender loop does, on this thread: receive and process until the deliveries are final (or the time is up).</summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> DrainAsync(DeliveryProcessor processor, params string[] keys)
    {
        var outcomes = new List<DeliveryOutcome>();
        var deadline = Time.GetUtcNow() + DrainTimeout;
        while (Time.GetUtcNow() < deadline && !await AllFinalAsync(keys))
        {
            var messages = await ReceiveAsync();
            foreach (var message in messages)
            {
                outcomes.Add(await processor.ProcessAsync(message, None));
            }

            if (messages.Count == 0)
            {
                await Task.Delay(Settings.IdlePollInterval);
            }
        }

        return outcomes;
    }

    /// <summary>Runs until every queue message is gone: no key to wait for (unreadable or orphaned messages).</summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> DrainQueueAsync(DeliveryProcessor processor)
    {
        var outcomes = new List<DeliveryOutcome>();
        var deadline = Time.GetUtcNow() + DrainTimeout;
        while (Time.GetUtcNow() < deadline && (await ReceiveAsync()) is { Count: > 0 } messages)
        {
            foreach (var message in messages)
            {
                outcomes.Add(await processor.ProcessAsync(message, None));
            }
        }

        return outcomes;
    }

    public async Task<IReadOnlyList<string>> DeadLettersAsync() =>
        (await DeadLetterQueue.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToList();

    public async Task<int> VisibleOutboxMessagesAsync() => (await OutboxQueue.PeekMessagesAsync(32)).Value.Length;

    /// <summary>Runs sender workers, as bot instances would, until <paramref name="done"/> holds or the time is up.</summary>
    public static async Task RunAsync(IReadOnlyList<DeliverySenderWorker> workers, Func<Task<bool>> done, TimeSpan timeout)
    {
        await Task.WhenAll(workers.Select(w => w.StartAsync(None)));
        try
        {
            var deadline = DateTimeOffset.UtcNow + timeout;
            while (DateTimeOffset.UtcNow < deadline && !await done())
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            await Task.WhenAll(workers.Select(w => w.StopAsync(None)));
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    /// <summary>Waits until every delivery's record is final (or the time is up).</summary>
    public async Task DrainedAsync(IReadOnlyList<string> keys, TimeSpan timeout)
    {
        var deadline = Time.GetUtcNow() + timeout;
        while (Time.GetUtcNow() < deadline && !await AllFinalAsync(keys))
        {
            await Task.Delay(100);
        }
    }

    public async Task<bool> AllFinalAsync(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            if (await Deliveries.GetAsync(key, None) is not { IsFinal: true })
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One bot instance's sending side, as a test starts and stops it.</summary>
public sealed record SenderHost(DeliverySenderWorker Worker, TeamsRateLimiter Limiter, SenderInstances Instances);
