using PmoBot.Conversations;
using PmoBot.People;

namespace PmoBot.Commands;

/// <summary>
/// One message typed in chat, with the locale Teams reported for the sender (<c>en-GB</c>, <c>de-DE</c>, ...) and
/// whether it reads as a command of the table (one the sender may use or not), so a flow can let a command through where
/// it is not an answer.
/// </summary>
public sealed record ChatTurn(PmoUser Caller, string Text, ConversationKind Conversation, string? Locale, bool IsCommand = false);

/// <summary>
/// A conversation that holds a person's personal chat while it runs, such as a review being answered one question at
/// a time: while it is open, what the person types is an answer rather than a command. A turn is two steps: the
/// flow's <see cref="LoadAsync"/> reads what the person has open and writes nothing, so it can start before the turn
/// is known not to be a second delivery (side by side with the duplicate check and the other flows' reads); the
/// loaded conversation then continues with the message, writing under the ETag of that read. A flow's load is null
/// when the person has nothing open with it; its continuation is null when the message is a command and not an
/// answer. Either way the message goes to the next flow, and then to the commands as usual.
/// </summary>
public interface IConversationFlow
{
    /// <summary>What a turn the flow answered did, for telemetry ("review answer").</summary>
    string Name { get; }

    /// <summary>What <paramref name="userKey"/> has open with this flow, or null; reads only, never writes.</summary>
    Task<OpenConversation?> LoadAsync(string userKey, CancellationToken cancellationToken);
}

/// <summary>
/// A person's open conversation with a flow as it was read for this turn: continuing it writes only if that read is
/// still current (the flow keeps the ETag of the read in <paramref name="continueWith"/>).
/// </summary>
public sealed class OpenConversation(Func<ChatTurn, CancellationToken, Task<Reply?>> continueWith)
{
    public Task<Reply?> TryContinueAsync(ChatTurn turn, CancellationToken cancellationToken) => continueWith(turn, cancellationToken);
}
