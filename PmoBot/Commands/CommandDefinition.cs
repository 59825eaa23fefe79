using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Commands;

/// <summary>A chat command: the router matches its name, checks the caller's role, and calls its handler.</summary>
/// <param name="Name">One or more lower-case words, e.g. <c>role grant</c>.</param>
/// <param name="Usage">How to type it, shown by <c>help</c>.</param>
/// <param name="AllowedRoles">Roles that may use it; empty means everyone.</param>
public sealed record CommandDefinition(
    string Name,
    string Usage,
    string Description,
    IReadOnlySet<Role> AllowedRoles,
    Func<CommandRequest, CancellationToken, Task<Reply>> Handler)
{
    public bool IsAllowedFor(PmoUser user) => AllowedRoles.Count == 0 || user.HasAny(AllowedRoles);

    /// <summary>
    /// Answered only in the caller's personal chat: it shows or changes one person's own records (certifications,
    /// PDUs, a development plan), which a channel or group chat would show to everyone in it.
    /// </summary>
    public bool PersonalChatOnly { get; init; }
}

public sealed record CommandRequest(
    PmoUser Caller,
    string Arguments,
    ConversationKind Conversation,
    IReadOnlyList<MentionedPerson> Mentions,
    string? Locale = null,
    string? ConversationKey = null,
    string? ConversationName = null);

/// <summary>
/// Where a message was typed: the sender's locale (<c>en-GB</c>) and the conversation's key (the user for a personal
/// chat, the channel or chat id otherwise, as conversation references are stored) and display name.
/// </summary>
public sealed record ChatPlace(string? Locale, string? ConversationKey, string? ConversationName);

/// <summary>A feature's commands; each feature registers one module.</summary>
public interface ICommandModule
{
    IEnumerable<CommandDefinition> Commands { get; }
}
