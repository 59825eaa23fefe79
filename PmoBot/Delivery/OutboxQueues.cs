using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace PmoBot.Delivery;

/// <summary>
/// The outbox's two Storage queues. A queue message carries only the delivery's idempotency key (and the trace it was
/// asked for in): the content lives in the delivery record, so cards of any size fit and a redelivered message always
/// sees the latest state.
/// </summary>
public sealed class OutboxQueues(QueueServiceClient service, IOptions<DeliveryOptions> options)
{
    private readonly QueueClient outbox = service.GetQueueClient(options.Value.QueueName);
    private readonly QueueClient deadLetters = service.GetQueueClient(options.Value.DeadLetterQueueName);

    /// <param name="traceParent">The W3C <c>traceparent</c> of the span that asked for the delivery: its sends join that trace.</param>
    public Task EnqueueAsync(string idempotencyKey, string? traceParent, CancellationToken cancellationToken) =>
        outbox.SendMessageAsync(JsonSerializer.Serialize(new OutboxMessage(idempotencyKey, traceParent)), cancellationToken);

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        (await outbox.ReceiveMessagesAsync(maxMessages, visibilityTimeout, cancellationToken)).Value;

    /// <summary>Deletes the message; if another sender holds it by now (its visibility ran out), that sender sees the final record.</summary>
    public Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken) =>
        IgnoringLostMessageAsync(() => outbox.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken));

    /// <summary>
    /// Hides the message until the delivery is due again (a retry after Retry-After or backoff). Queue visibility
    /// has whole seconds, so the delay is rounded up: rounding down would show the message before it is due.
    /// </summary>
    public Task DeferAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        IgnoringLostMessageAsync(() => outbox.UpdateMessageAsync(
            message.MessageId,
            message.PopReceipt,
            visibilityTimeout: TimeSpan.FromSeconds(Math.Ceiling(Math.Max(0, delay.TotalSeconds))),
            cancellationToken: cancellationToken));

    /// <summary>Makes a message another receiver holds visible at once (that receiver died); false when it has moved on since.</summary>
    public async Task<bool> ReleaseAsync(string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        try
        {
            await outbox.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400 || ex.ErrorCode == "PopReceiptMismatch")
        {
            return false;
        }
    }

    /// <summary>
    /// Keeps a message hidden for <paramref name="visibility"/> more: the message as updated (its pop receipt changes),
    /// or null when it is no longer this receiver's.
    /// </summary>
    public async Task<QueueMessage?> ExtendAsync(QueueMessage message, TimeSpan visibility, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await outbox.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: visibility, cancellationToken: cancellationToken);
            return message.Update(receipt.Value);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 || ex.ErrorCode == "PopReceiptMismatch")
        {
            return null;
        }
    }

    public async Task DeadLetterAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        await deadLetters.SendMessageAsync(
            JsonSerializer.Serialize(new DeadLetter(message.Body.ToString(), reason, message.DequeueCount)),
            timeToLive: TimeSpan.FromSeconds(-1),
            cancellationToken: cancellationToken);
        await DeleteAsync(message, cancellationToken);
    }

    public Task SettleAsync(QueueMessage message, QueueSettlement settlement, CancellationToken cancellationToken) => settlement.Kind switch
    {
        SettlementKind.Delete => DeleteAsync(message, cancellationToken),
        SettlementKind.Hide => DeferAsync(message, settlement.Delay, cancellationToken),
        SettlementKind.DeadLetter => DeadLetterAsync(message, settlement.Reason ?? "no reason given", cancellationToken),
        _ => Task.CompletedTask,
    };

    private static async Task IgnoringLostMessageAsync(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (RequestFailedException ex) when (ex.Status == 404 || ex.ErrorCode == "PopReceiptMismatch")
        {
            // The message was handed to another receiver or is already gone; the delivery record decides.
        }
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken) =>
        (await outbox.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;

    public async Task<int> CountDeadLettersAsync(CancellationToken cancellationToken) =>
        (await deadLetters.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;

    public static string? KeyOf(QueueMessage message) => Read(message)?.Key;

    /// <summary>The trace the delivery was asked for in (null for a message queued without one, or unreadable).</summary>
    public static string? TraceParentOf(QueueMessage message) => Read(message)?.Trace;

    private static OutboxMessage? Read(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return JsonSerializer.Deserialize<OutboxMessage>(message.Body.ToString());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record OutboxMessage(string Key, string? Trace = null);

    private sealed record DeadLetter(string Message, string Reason, long DequeueCount);
}
