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
    Dropped,
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
    UpdatePlanner updates,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryProcessor> logger)
{
    private static readonly TimeSpan MaxAppWaitInProcess = TimeSpan.FromSeconds(1);

    /// <summary>How long an update waits before looking again at the message it updates, or at the update standing in for it.</summary>
    private static readonly TimeSpan OriginalPoll = TimeSpan.FromSeconds(1);

    /// <summary>Handles the message and settles it in the queue straight away.</summary>
    public async Task<DeliveryOutcome> ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var verdict = await HandleAsync(message, cancellationToken);
        await queues.SettleAsync(message, verdict.Settlement, cancellationToken);
        return verdict.Outcome;
    }

    /// <summary>
    /// Handles the message up to its delivery record and says how to settle it in the queue; the caller settles
    /// it (the sender loops do it in the background, so a slow queue does not hold up sending).
    /// </summary>
    public async Task<DeliveryVerdict> HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var key = OutboxQueues.KeyOf(message);
        var stored = key is null ? null : await deliveries.GetStoredAsync(key, cancellationToken);
        if (stored is null)
        {
            var reason = key is null ? "unreadable outbox message" : $"no delivery record for {key}";
            LogDeadLettered(key ?? message.MessageId, reason);
            return new(DeliveryOutcome.DeadLettered, QueueSettlement.DeadLetter(reason));
        }

        var record = stored.Record;
        if (record.IsFinal)
        {
            return await AlreadyHandledAsync(record, cancellationToken);
        }

        var now = time.GetUtcNow();
        if (record.NextAttemptAt is { } due && due > now)
        {
            return new(DeliveryOutcome.Deferred, QueueSettlement.HideFor(due - now));
        }

        if (await updates.PendingOriginalAsync(record, now, cancellationToken) is { } original)
        {
            // An update of a message still on its way waits for it: sent now, it could not edit it and would post twice.
            var wait = original.NextAttemptAt is { } next && next > now ? next - now : OriginalPoll;
            return new(DeliveryOutcome.Deferred, QueueSettlement.HideFor(wait < settings.MaxRetryDelay ? wait : settings.MaxRetryDelay));
        }

        var address = await conversations.GetAsync(record.Target.Kind, record.Target.Key, cancellationToken);
        if (address is { IsUnreachable: false } && limiter.EstimateWait(address.ConversationId) is { ForConversation: var conversationWait } && conversationWait > TimeSpan.Zero)
        {
            // A busy conversation (a channel taking many posts): hide the message until its turn instead of
            // holding a sender that other conversations could use.
            return new(DeliveryOutcome.Deferred, QueueSettlement.HideFor(conversationWait), address.ConversationId);
        }

        if (record.Status == DeliveryStatus.Sending && record.LeaseUntil > now)
        {
            return new(DeliveryOutcome.HeldByAnotherSender, QueueSettlement.Keep);
        }

        var leased = await deliveries.TryReplaceAsync(
            stored,
            record with { Status = DeliveryStatus.Sending, LeaseUntil = now + settings.VisibilityTimeout, Attempts = record.Attempts + 1, UpdatedAt = now },
            cancellationToken);
        if (leased is null)
        {
            // Another sender changed the record since it was read: it may have finished the delivery meanwhile.
            var latest = await deliveries.GetAsync(record.IdempotencyKey, cancellationToken);
            return latest is { IsFinal: true }
                ? await AlreadyHandledAsync(latest, cancellationToken)
                : new(DeliveryOutcome.HeldByAnotherSender, QueueSettlement.Keep);
        }

        // Leased: from here the send and its record run to the end even while the host shuts down, because a
        // send cut off half way might have reached Teams without being recorded, and would then go twice.
        cancellationToken = CancellationToken.None;
        var attempts = leased.Record.Attempts;
        if (attempts > settings.MaxAttempts)
        {
            // Leased this often without a verdict: whatever handles it keeps dying before it can record one.
            return await GiveUpAsync(leased, leased.Record.LastStatusCode, $"gave up after {attempts - 1} attempts without a result", cancellationToken);
        }

        var plan = record.Replaces is null ? null : await updates.PlanAsync(record, address, cancellationToken);
        if (plan is UpdatePlan.Drop drop)
        {
            return await DropAsync(leased, drop.Reason, cancellationToken);
        }

        if (plan is UpdatePlan.WaitForStandIn)
        {
            // Another version of this update is posting the message in the original's place: give the lease back
            // (this was no attempt) and edit what it posts once it has.
            var dueAt = time.GetUtcNow() + OriginalPoll;
            await SaveAsync(leased, r => r with { Status = DeliveryStatus.Queued, Attempts = r.Attempts - 1, NextAttemptAt = dueAt, LeaseUntil = null, UpdatedAt = time.GetUtcNow() }, cancellationToken);
            return new(DeliveryOutcome.Deferred, QueueSettlement.HideFor(OriginalPoll));
        }

        if (address is null && record.Target.Kind != ConversationKind.Personal)
        {
            return await FailAsync(leased, 0, $"PmoBot has no record of the {record.Target.Kind} conversation {record.Target.Key}; add the bot to it first", cancellationToken);
        }

        if (address is { IsUnreachable: true })
        {
            return await FailAsync(leased, 0, $"the conversation has been unreachable since {address.UnreachableSince:u} ({address.UnreachableReason}); it will be tried again once the user writes to PmoBot", cancellationToken);
        }

        var updateActivityId = (plan as UpdatePlan.Edit)?.ActivityId;
        try
        {
            address ??= await provisioner.ProvisionAsync(record.Target.Key, cancellationToken);
            var activityId = await SendWithinLimitsAsync(address, record, updateActivityId, settings);
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
            if (plan is UpdatePlan.PostInstead)
            {
                await updates.RecordStandInAsync(record, activityId, address.ConversationId, time.GetUtcNow(), cancellationToken);
            }

            return new(sent ? DeliveryOutcome.Sent : DeliveryOutcome.AlreadyHandled, QueueSettlement.Delete);
        }
        catch (SlotTooFarAwayException busy)
        {
            // Other senders took the conversation's next slots since we looked: give the lease back (this was no
            // attempt) and hide the message until the slot, rather than hold this sender.
            var dueAt = time.GetUtcNow() + busy.Wait.Total;
            await SaveAsync(leased, r => r with { Status = DeliveryStatus.Queued, Attempts = r.Attempts - 1, NextAttemptAt = dueAt, LeaseUntil = null, UpdatedAt = time.GetUtcNow() }, cancellationToken);
            return new(DeliveryOutcome.Deferred, QueueSettlement.HideFor(busy.Wait.Total), busy.Wait.ForConversation > TimeSpan.Zero ? address?.ConversationId : null);
        }
        catch (RecipientUnreachableException unreachable)
        {
            return await FailAsync(leased, unreachable.StatusCode, unreachable.Message, cancellationToken);
        }
        catch (DeliveryRejectedException rejected) when (DeliveryRetryPolicy.IsTransient(rejected.StatusCode))
        {
            if (rejected.StatusCode == 429 && address is not null)
            {
                limiter.Pause(address.ConversationId, rejected.RetryAfter ?? settings.FirstRetryDelay, wholeApp: false);
            }

            if (attempts >= settings.MaxAttempts)
            {
                return await GiveUpAsync(leased, rejected.StatusCode, $"gave up after {attempts} attempts; last answer {rejected.StatusCode}: {rejected.Reason}", cancellationToken);
            }

            var delay = retryPolicy.DelayBeforeAttempt(attempts, rejected.RetryAfter);
            var retryAt = time.GetUtcNow() + delay;
            await SaveAsync(leased, r => r with { Status = DeliveryStatus.Retrying, NextAttemptAt = retryAt, LeaseUntil = null, LastStatusCode = rejected.StatusCode, LastError = rejected.Reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
            LogRetrying(record.IdempotencyKey, rejected.StatusCode, delay.TotalMilliseconds);
            return new(DeliveryOutcome.Retrying, QueueSettlement.HideFor(delay));
        }
        catch (DeliveryRejectedException rejected)
        {
            if (address is not null && DeliveryRetryPolicy.MeansUnreachable(rejected.StatusCode))
            {
                await conversations.MarkUnreachableAsync(address.Kind, address.Key, $"{rejected.StatusCode}: {rejected.Reason}", time.GetUtcNow(), cancellationToken);
            }

            return await FailAsync(leased, rejected.StatusCode, rejected.Reason, cancellationToken);
        }
    }

    /// <summary>
    /// Sends, letting the transport take its slot within Teams' limits just before its request. The send gets a
    /// deadline well inside the lease, so a hung request cannot outlive it and let a second sender send the same
    /// delivery.
    /// </summary>
    private async Task<string?> SendWithinLimitsAsync(ConversationAddress address, DeliveryRecord record, string? updateActivityId, DeliveryOptions settings)
    {
        using var deadline = new CancellationTokenSource(settings.VisibilityTimeout / 2, time);
        try
        {
            return await sender.SendAsync(address, record.Text, record.Card, updateActivityId, token => TakeSlotAsync(address.ConversationId, token), deadline.Token);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
        {
            throw new DeliveryRejectedException(0, null, $"Teams did not answer within {(settings.VisibilityTimeout / 2).TotalSeconds:0} s", ex);
        }
    }

    private async Task<TeamsRateLimiter.SendSlot> TakeSlotAsync(string conversationId, CancellationToken cancellationToken)
    {
        TeamsRateLimiter.SendSlot? slot;
        while (!limiter.TryAcquire(conversationId, out slot, out var wait))
        {
            // The app's pace passes within a second and holds every sender alike, so wait for it here; a busy
            // conversation (or a long pause) would hold this sender while others could send elsewhere.
            if (wait.ForConversation > TimeSpan.Zero || wait.ForApp > MaxAppWaitInProcess)
            {
                throw new SlotTooFarAwayException(wait);
            }

            await Task.Delay(wait.ForApp, time, cancellationToken);
        }

        return slot!;
    }

    /// <summary>
    /// A redelivered message of a finished delivery: delete it, and bring the log up to the record, in case the
    /// sender that finished it died between the two writes.
    /// </summary>
    private async Task<DeliveryVerdict> AlreadyHandledAsync(DeliveryRecord final, CancellationToken cancellationToken)
    {
        await log.RecordAsync(final, cancellationToken);
        return new(DeliveryOutcome.AlreadyHandled, QueueSettlement.Delete);
    }

    private async Task<DeliveryVerdict> FailAsync(StoredDelivery leased, int statusCode, string reason, CancellationToken cancellationToken)
    {
        await SaveAsync(leased, r => r with { Status = DeliveryStatus.Failed, LeaseUntil = null, NextAttemptAt = null, LastStatusCode = statusCode, LastError = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        LogFailed(leased.Record.IdempotencyKey, leased.Record.Target.ToString(), statusCode, reason);
        return new(DeliveryOutcome.Failed, QueueSettlement.Delete);
    }

    /// <summary>An update not worth a call (see <see cref="UpdatePlanner"/>): final, with the reason, and no error logged.</summary>
    private async Task<DeliveryVerdict> DropAsync(StoredDelivery leased, string reason, CancellationToken cancellationToken)
    {
        await SaveAsync(leased, r => r with { Status = DeliveryStatus.Dropped, LeaseUntil = null, NextAttemptAt = null, LastStatusCode = null, LastError = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        LogDropped(leased.Record.IdempotencyKey, leased.Record.Target, reason);
        return new(DeliveryOutcome.Dropped, QueueSettlement.Delete);
    }

    private async Task<DeliveryVerdict> GiveUpAsync(StoredDelivery leased, int? statusCode, string reason, CancellationToken cancellationToken)
    {
        await SaveAsync(leased, r => r with { Status = DeliveryStatus.Failed, LeaseUntil = null, NextAttemptAt = null, LastStatusCode = statusCode, LastError = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        LogDeadLettered(leased.Record.IdempotencyKey, reason);
        return new(DeliveryOutcome.DeadLettered, QueueSettlement.DeadLetter(reason));
    }

    /// <summary>
    /// Records the result under the lease: one round trip while the record is as the lease left it. If it changed
    /// since (the lease ran out and another sender took the delivery), re-read and apply unless it is final by now.
    /// </summary>
    /// <returns>False when the record had already been finished by someone else.</returns>
    private async Task<bool> SaveAsync(StoredDelivery leased, Func<DeliveryRecord, DeliveryRecord> change, CancellationToken cancellationToken)
    {
        var saved = (await deliveries.TryReplaceAsync(leased, change(leased.Record), cancellationToken))?.Record
            ?? await deliveries.TryUpdateAsync(leased.Record.IdempotencyKey, current => current.IsFinal ? null : change(current), cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {Key} to {Target} dropped: {Reason}")]
    private partial void LogDropped(string key, DeliveryTarget target, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {Key} moved to the dead-letter queue: {Reason}")]
    private partial void LogDeadLettered(string key, string reason);
}

/// <summary>The conversation is at its limits, or the app's next send slot is further away than a sender should wait for.</summary>
internal sealed class SlotTooFarAwayException(SendWait wait) : Exception($"The next send slot is {wait.Total.TotalMilliseconds:0} ms away.")
{
    public SendWait Wait { get; } = wait;
}
