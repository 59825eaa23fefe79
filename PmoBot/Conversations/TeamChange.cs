namespace PmoBot.Conversations;

/// <summary>What Teams said happened to a team or one of its channels.</summary>
public enum TeamChangeKind
{
    ChannelCreated,
    ChannelRenamed,
    ChannelDeleted,
    ChannelRestored,
    TeamRenamed,
    TeamArchived,
    TeamUnarchived,
    TeamDeleted,
    TeamRestored,

    /// <summary>PmoBot was uninstalled from the team (or removed from its members).</summary>
    BotRemoved,

    /// <summary>PmoBot was installed in the team (again).</summary>
    BotAdded,
}

/// <summary>
/// A change to a team or a channel, as Teams announces it in a conversation update. <see cref="Channel"/> is the
/// channel's address built from the announcement (for a channel change); the names are what Teams sent, often none.
/// </summary>
public sealed record TeamChange(TeamChangeKind Kind, string TeamId, string? TeamName, ConversationAddress? Channel, string? ChannelName);
