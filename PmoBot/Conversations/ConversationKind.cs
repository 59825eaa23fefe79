namespace PmoBot.Conversations;

public enum ConversationKind
{
    Personal,
    Channel,
    GroupChat,
}
