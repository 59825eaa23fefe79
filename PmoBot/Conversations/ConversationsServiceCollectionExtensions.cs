using PmoBot.Storage;

namespace PmoBot.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddTable(ConversationReferenceStore.TableName).AddTable(ProcessedActivityStore.TableName);
        services.AddSingleton<ConversationReferenceStore>();
        services.AddSingleton<ProcessedActivityStore>();
        services.AddSingleton<TeamChanges>();
        return services;
    }
}
