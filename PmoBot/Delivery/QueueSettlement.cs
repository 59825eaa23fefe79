namespace PmoBot.Delivery;

public enum SettlementKind
{
    /// <summary>Leave the message: it reappears when its visibility timeout runs out.</summary>
    Keep,

    /// <summary>The delivery is final: the message has done its work.</summary>
    Delete,

    /// <summary>Hide the message until the delivery is due again.</summary>
    Hide,

    /// <summary>Move the message to the dead-letter queue, with the reason.</summary>
    DeadLetter,
}

/// <summary>
/// What becomes of an outbox message once its delivery has been handled. The delivery record is written first,
/// and it alone decides whether anything is sent, so settling the message can wait: a message that is deleted or
/// hidden late only reappears and finds its record final or not yet due.
/// </summary>
public readonly record struct QueueSettlement(SettlementKind Kind, TimeSpan Delay = default, string? Reason = null)
{
    public static QueueSettlement Keep => new(SettlementKind.Keep);

    public static QueueSettlement Delete => new(SettlementKind.Delete);

    public static QueueSettlement HideFor(TimeSpan delay) => new(SettlementKind.Hide, delay);

    /// <summary>Make the message visible again at once: received, but not started here.</summary>
    public static QueueSettlement Release => HideFor(TimeSpan.Zero);

    public static QueueSettlement DeadLetter(string reason) => new(SettlementKind.DeadLetter, Reason: reason);
}

/// <summary>
/// The outcome of handling one outbox message, and what to do with the message; for a message deferred because its
/// conversation is at Teams' limits, that conversation. <paramref name="Message"/>: the message as it stands after
/// handling, when its visibility was extended meanwhile (settle that one: the receipt changed).
/// </summary>
public readonly record struct DeliveryVerdict(DeliveryOutcome Outcome, QueueSettlement Settlement, string? BusyConversation = null, Azure.Storage.Queues.Models.QueueMessage? Message = null);
