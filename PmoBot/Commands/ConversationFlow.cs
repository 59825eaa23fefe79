using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Commands;

/// <summary>
/// One message typed in chat, with the locale Teams reported for the sender (<c>en-GB</c>, <c>de-DE</c>, ...) and
/// whether it reads as a command the sender may use, so a flow can let a command through where it is not an answer.
/// </summary>
public sealed record ChatTurn(PmoUser Caller, string Text, ConversationKind Conversation, string? Locale, bool IsCommand = false);

/// <summary>
/// A conversation that holds a person's personal chat while it runs, such as a review being answered one question at
/// a time: while it is open, what the person types is an answer rather than a command. A flow returns null when the
/// person has nothing open with it, or when the message is a command and not an answer, and the message goes to the
/// commands as usual.
/// </summary>
public interface IConversationFlow
{
    /// <summary>What a turn the flow answered did, for telemetry ("review answer").</summary>
    string Name { get; }

    Task<Reply?> TryContinueAsync(ChatTurn turn, CancellationToken cancellationToken);
}
