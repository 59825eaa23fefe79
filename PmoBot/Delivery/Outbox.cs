namespace PmoBot.Delivery;

/// <summary>
/// Where features ask for proactive messages. Enqueueing writes the delivery record and a queue message and
/// returns; sender workers do the rest. Asking again with the same idempotency key sends nothing new.
/// </summary>
public sealed class Outbox(DeliveryStore deliveries, DeliveryLogStore log, OutboxQueues queue, TimeProvider time)
{
    public const int MaxKeyLength = 400;

    /// <summary>
    /// Where a message asked for earlier stands (null when it was never asked for): features read it here rather than
    /// from the outbox's table, so the Delivery feature keeps its storage to itself.
    /// </summary>
    public Task<DeliveryRecord?> FindAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        deliveries.GetAsync(idempotencyKey, cancellationToken);

    public async Task<DeliveryRecord> EnqueueAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A delivery needs an idempotency key of 1 to {MaxKeyLength} characters.", nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Text) && request.Card is null)
        {
            throw new ArgumentException("A delivery needs text, a card, or both.", nameof(request));
        }

        // The send's spans join this trace (the turn or sweep that asked), so a message's wait and attempts read as one story.
        using var span = Telemetry.PmoTelemetry.Source.StartActivity("outbox enqueue", System.Diagnostics.ActivityKind.Producer);
        span?.SetTag(Telemetry.PmoTelemetry.OutboxKindTag, KindOf(request.IdempotencyKey));
        var now = time.GetUtcNow();
        var (record, created) = await deliveries.CreateAsync(
            new DeliveryRecord(request.IdempotencyKey, request.Target, request.Text, request.Card, request.Replaces, DeliveryStatus.Queued, 0, now, now, Version: request.Version),
            cancellationToken);
        if (created)
        {
            await log.RecordAsync(record, cancellationToken);
        }

        // A repeated request for an unfinished delivery enqueues again: if the first request died between its
        // record and its queue message, this is what gets the message sent. Extra queue messages are no-ops.
        if (!record.IsFinal)
        {
            await queue.EnqueueAsync(record.IdempotencyKey, span?.Id ?? System.Diagnostics.Activity.Current?.Id, cancellationToken);
        }

        return record;
    }

    /// <summary>
    /// Takes note of a card a turn posted itself (not through the outbox), so that an update of it can be queued with
    /// <see cref="DeliveryRequest.Replaces"/> = <paramref name="idempotencyKey"/> and edit it in place. Not logged as a
    /// delivery: the outbox did not send it.
    /// </summary>
    public async Task AdoptSentAsync(string idempotencyKey, DeliveryTarget target, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await deliveries.CreateAsync(
            new DeliveryRecord(idempotencyKey, target, null, null, null, DeliveryStatus.Sent, 0, now, now, ConversationId: conversationId, SentActivityId: activityId),
            cancellationToken);
    }

    /// <summary>What kind of message a key is for (<c>review-open</c>), never whom: keys name people after the first bar.</summary>
    public static string KindOf(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var bar = idempotencyKey.IndexOf('|', StringComparison.Ordinal);
        return bar > 0 ? idempotencyKey[..bar] : "other";
    }
}
