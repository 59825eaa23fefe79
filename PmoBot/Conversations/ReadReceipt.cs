namespace PmoBot.Conversations;

/// <summary>
/// Teams telling the bot that a person has read their personal chat with it up to the message
/// <paramref name="LastReadMessageId"/> (the <c>application/vnd.microsoft.readReceipt</c> event). Personal chat message
/// ids are timestamps, so every message of the bot's with an id not greater than it has been read. Teams sends these only
/// with the <c>ChatMessageReadReceipt.Read.Chat</c> permission and when the person's and tenant's settings allow; a
/// receipt says "seen", never "agreed".
/// </summary>
public sealed record ReadReceipt(string UserKey, string LastReadMessageId, DateTimeOffset At);

/// <summary>A feature that acts on read receipts (the Processes rollouts mark personal cards seen).</summary>
public interface IReadReceiptObserver
{
    Task MessagesReadAsync(ReadReceipt receipt, CancellationToken cancellationToken);
}
