using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using PmoBot.Conversations;

namespace PmoBot.Delivery;

public enum DeliveryOutcome
{
    Sent,
    AlreadyHandled,
    HeldByAnotherSender,
    Deferred,
    Retrying,
    Failed,
    DeadLettered,
}

/// <summary>
/// Handles one outbox message: lease the delivery, find its conversation, wait for Teams' limits, send, and
/// record the result. The queue message is deleted only once the delivery is final, so a crash at any point
/// leaves it to reappear; the lease and the record make that reappearance a no-op when the send already happened.
/// </summary>
public sealed partial class DeliveryProcessor(
    DeliveryStore deliveries,
    DeliveryLogStore log,
    OutboxQueues queues,
    ConversationReferenceStore conversations,
    IConversationSender sender,
    PersonalChatProvisioner provisioner,
    TeamsRateLimiter limiter,
    DeliveryRetryPolicy retryPolicy,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryProcessor> logger)
{
    private static readonly TimeSpan MaxWaitInProcess = TimeSpan.FromSeconds(1);

    public async Task<DeliveryOutcome> ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var key = OutboxQueues.KeyOf(message);
        var record = key is null ? null : await deliveries.GetAsync(key, cancellationToken);
        if (record is null)
        {
            await queues.DeadLetterAsync(message, key is null ? "unreadable outbox message" : $"no delivery record for {key}", cancellationToken);
            LogDeadLettered(key ?? message.MessageId, "no record");
            return DeliveryOutcome.DeadLettered;
        }

        if (record.IsFinal)
        {
            return await AlreadyHandledAsync(message, record, cancellationToken);
        }

        var now = time.GetUtcNow();
        if (record.NextAttemptAt is { } due && due > now)
        {
            await queues.DeferAsync(message, due - now, cancellationToken);
            return DeliveryOutcome.Deferred;
        }

        var address = await conversations.GetAsync(record.Target.Kind, record.Target.Key, cancellationToken);
        if (address is { IsUnreachable: false } && limiter.EstimateWait(address.ConversationId) is var wait && wait > MaxWaitInProcess)
        {
            // A busy conversation (a channel taking many posts): hide the message until its turn instead of
            // holding a sender that other conversations could use.
            await queues.DeferAsync(message, wait, cancellationToken);
            return DeliveryOutcome.Deferred;
        }

        var leased = await deliveries.TryUpdateAsync(
            record.IdempotencyKey,
            current => current.IsFinal || (current.Status == DeliveryStatus.Sending && current.LeaseUntil > now)
                ? null
                : current with { Status = DeliveryStatus.Sending, LeaseUntil = now + settings.VisibilityTimeout, Attempts = current.Attempts + 1, UpdatedAt = now },
            cancellationToken);
        if (leased is null)
        {
            var latest = await deliveries.GetAsync(record.IdempotencyKey, cancellationToken);
            if (latest is { IsFinal: true })
            {
                return await AlreadyHandledAsync(message, latest, cancellationToken);
            }

            return DeliveryOutcome.HeldByAnotherSender;
        }

        // Leased: from here the send and its record run to the end even while the host shuts down, because a
        // send cut off half way might have reached Teams without being recorded, and would then go twice.
        cancellationToken = CancellationToken.None;
        if (leased.Attempts > settings.MaxAttempts)
        {
            // Leased this often without a verdict: whatever handles it keeps dying before it can record one.
            return await GiveUpAsync(message, leased, $"gave up after {leased.Attempts - 1} attempts without a result", cancellationToken);
        }

        if (address is null && leased.Target.Kind != ConversationKind.Personal)
        {
            return await FailAsync(message, leased, 0, $"PmoBot has no record of the {leased.Target.Kind} conversation {leased.Target.Key}; add the bot to it first", cancellationToken);
        }

        if (address is { IsUnreachable: true })
        {
            return await FailAsync(message, leased, 0, $"the conversation has been unreachable since {address.UnreachableSince:u} ({address.UnreachableReason}); it will be tried again once the user writes to PmoBot", cancellationToken);
        }

        var updateActivityId = await ActivityToUpdateAsync(leased, cancellationToken);
        try
        {
            address ??= await provisioner.ProvisionAsync(leased.Target.Key, cancellationToken);
            var activityId = await SendWithinLimitsAsync(address, leased, updateActivityId, settings);
            var sent = await SaveAsync(leased, r => r with
            {
                Status = DeliveryStatus.Sent,
                UpdatedAt = time.GetUtcNow(),
                LeaseUntil = null,
                NextAttemptAt = null,
                LastStatusCode = 200,
                LastError = null,
                ConversationId = address.ConversationId,
                SentActivityId = updateActivityId ?? activityId,
            }, cancellationToken);
            await queues.DeleteAsync(message, cancellationToken);
            return sent ? DeliveryOutcome.Sent : DeliveryOutcome.AlreadyHandled;
        }
        catch (SlotTooFarAwayException busy)
        {
            // Another sender took the conversation's next slots since we looked: give the lease back (this was no
            // attempt) and hide the message until the slot, rather than hold this sender.
            var dueAt = time.GetUtcNow() + busy.Wait;
            await SaveAsync(leased, r => r with { Status = DeliveryStatus.Queued, Attempts = r.Attempts - 1, NextAttemptAt = dueAt, LeaseUntil = null, UpdatedAt = time.GetUtcNow() }, cancellationToken);
            await queues.DeferAsync(message, busy.Wait, cancellationToken);
            return DeliveryOutcome.Deferred;
        }
        catch (RecipientUnreachableException unreachable)
        {
            return await FailAsync(message, leased, unreachable.StatusCode, unreachable.Message, cancellationToken);
        }
        catch (DeliveryRejectedException rejected) when (DeliveryRetryPolicy.IsTransient(rejected.StatusCode))
        {
            if (rejected.StatusCode == 429 && address is not null)
            {
                limiter.Pause(address.ConversationId, rejected.RetryAfter ?? settings.FirstRetryDelay, wholeApp: false);
            }

            if (leased.Attempts >= settings.MaxAttempts)
            {
                return await GiveUpAsync(message, leased with { LastStatusCode = rejected.StatusCode }, $"gave up after {leased.Attempts} attempts; last answer {rejected.StatusCode}: {rejected.Reason}", cancellationToken);
            }

            var delay = retryPolicy.DelayBeforeAttempt(leased.Attempts, rejected.RetryAfter);
            var retryAt = time.GetUtcNow() + delay;
            await SaveAsync(leased, r => r with { Status = DeliveryStatus.Retrying, NextAttemptAt = retryAt, LeaseUntil = null, LastStatusCode = rejected.StatusCode, LastError = rejected.Reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
            await queues.DeferAsync(message, delay, cancellationToken);
            LogRetrying(leased.IdempotencyKey, rejected.StatusCode, delay.TotalMilliseconds);
            return DeliveryOutcome.Retrying;
        }
        catch (DeliveryRejectedException rejected)
        {
            if (address is not null && DeliveryRetryPolicy.MeansUnreachable(rejected.StatusCode))
            {
                await conversations.MarkUnreachableAsync(address.Kind, address.Key, $"{rejected.StatusCode}: {rejected.Reason}", time.GetUtcNow(), cancellationToken);
            }

            return await FailAsync(message, leased, rejected.StatusCode, rejected.Reason, cancellationToken);
        }
    }

    /// <summary>
    /// Waits for a slot within Teams' limits, then sends. The send gets a deadline well inside the lease, so a
    /// hung request cannot outlive it and let a second sender send the same delivery.
    /// </summary>
    private async Task<string?> SendWithinLimitsAsync(ConversationAddress address, DeliveryRecord leased, string? updateActivityId, DeliveryOptions settings)
    {
        TeamsRateLimiter.SendSlot? slot;
        while (!limiter.TryAcquire(address.ConversationId, out slot, out var wait))
        {
            if (wait > MaxWaitInProcess)
            {
                throw new SlotTooFarAwayException(wait);
            }

            await Task.Delay(wait, time);
        }

        using var deadline = new CancellationTokenSource(settings.VisibilityTimeout / 2, time);
        try
        {
            return await sender.SendAsync(address, leased.Text, leased.Card, updateActivityId, deadline.Token);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
        {
            throw new DeliveryRejectedException(0, null, $"Teams did not answer within {(settings.VisibilityTimeout / 2).TotalSeconds:0} s", ex);
        }
        finally
        {
            slot!.Complete();
        }
    }

    /// <summary>
    /// A redelivered message of a finished delivery: delete it, and bring the log up to the record, in case the
    /// sender that finished it died between the two writes.
    /// </summary>
    private async Task<DeliveryOutcome> AlreadyHandledAsync(QueueMessage message, DeliveryRecord final, CancellationToken cancellationToken)
    {
        await log.RecordAsync(final, cancellationToken);
        await queues.DeleteAsync(message, cancellationToken);
        return DeliveryOutcome.AlreadyHandled;
    }

    private async Task<string?> ActivityToUpdateAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        if (record.Replaces is null)
        {
            return null;
        }

        var original = await deliveries.GetAsync(record.Replaces, cancellationToken);
        return original is { Status: DeliveryStatus.Sent, SentActivityId: { } id } ? id : null;
    }

    private async Task<DeliveryOutcome> FailAsync(QueueMessage message, DeliveryRecord record, int statusCode, string reason, CancellationToken cancellationToken)
    {
        await SaveAsync(record, r => r with { Status = DeliveryStatus.Failed, LeaseUntil = null, NextAttemptAt = null, LastStatusCode = statusCode, LastError = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        await queues.DeleteAsync(message, cancellationToken);
        LogFailed(record.IdempotencyKey, record.Target.ToString(), statusCode, reason);
        return DeliveryOutcome.Failed;
    }

    private async Task<DeliveryOutcome> GiveUpAsync(QueueMessage message, DeliveryRecord record, string reason, CancellationToken cancellationToken)
    {
        await SaveAsync(record, r => r with { Status = DeliveryStatus.Failed, LeaseUntil = null, NextAttemptAt = null, LastStatusCode = record.LastStatusCode, LastError = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        await queues.DeadLetterAsync(message, reason, cancellationToken);
        LogDeadLettered(record.IdempotencyKey, reason);
        return DeliveryOutcome.DeadLettered;
    }

    /// <returns>False when the record had already been finished by someone else.</returns>
    private async Task<bool> SaveAsync(DeliveryRecord leased, Func<DeliveryRecord, DeliveryRecord> change, CancellationToken cancellationToken)
    {
        var saved = await deliveries.TryUpdateAsync(leased.IdempotencyKey, current => current.IsFinal ? null : change(current), cancellationToken);
        if (saved is not null)
        {
            await log.RecordAsync(saved, cancellationToken);
        }

        return saved is not null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {Key} will be retried: Teams answered {StatusCode}; next attempt in {DelayMs} ms")]
    private partial void LogRetrying(string key, int statusCode, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {Key} to {Target} failed for good ({StatusCode}): {Reason}")]
    private partial void LogFailed(string key, string target, int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {Key} moved to the dead-letter queue: {Reason}")]
    private partial void LogDeadLettered(string key, string reason);
}

/// <summary>The conversation's next send slot is further away than a sender should wait for.</summary>
internal sealed class SlotTooFarAwayException(TimeSpan wait) : Exception($"The next send slot is {wait.TotalMilliseconds:0} ms away.")
{
    public TimeSpan Wait { get; } = wait;
}
