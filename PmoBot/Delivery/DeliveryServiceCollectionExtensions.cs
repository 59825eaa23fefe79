using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.Storage;

namespace PmoBot.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>The outbox and its senders. The transport (<see cref="IConversationSender"/>) is registered by Teams/.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>()
            .Bind(configuration.GetSection(DeliveryOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Prefetch <= o.VisibilityTimeout / 2, "Delivery:Prefetch must be at most half of Delivery:VisibilityTimeout: prefetched messages stay hidden while they wait.")
            .Validate(o => o.InstanceDeadAfter >= o.HeartbeatInterval * 3, "Delivery:InstanceDeadAfter must be at least three Delivery:HeartbeatInterval: one late beat must not make an instance dead.")
            .ValidateOnStart();
        services.AddTable(DeliveryStore.TableName).AddTable(DeliveryLogStore.TableName)
            .AddTable(SenderInstanceStore.TableName).AddTable(SharedConversationWindows.TableName);
        services.AddQueue(sp => sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.QueueName);
        services.AddQueue(sp => sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.DeadLetterQueueName);
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliveryLogStore>();
        services.AddSingleton<OutboxQueues>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<TeamsRateLimiter>();
        services.AddSingleton<SenderInstanceStore>();
        services.AddSingleton<SenderInstances>();
        services.AddSingleton<SharedConversationWindows>();
        services.AddSingleton<ConversationPauses>();
        services.AddSingleton<DeliveryRetryPolicy>();
        services.AddOptions<ProactiveInstallOptions>().Bind(configuration.GetSection(ProactiveInstallOptions.SectionName));
        services.AddSingleton<PersonalChatProvisioner>();
        services.AddSingleton<UpdatePlanner>();
        services.AddSingleton<DeliveryProcessor>();
        services.AddSingleton<DeliveryStatusQuery>();
        services.AddSingleton<DeliveryTargetNames>();
        services.AddSingleton<ICommandModule, DeliveryCommands>();
        services.AddHostedService<DeliverySenderWorker>();
        return services;
    }
}
