using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using PmoBot.Conversations;
using PmoBot.Storage;

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
    SenderInstances instances,
    SharedConversationWindows windows,
    ConversationPauses pauses,
    DeliveryRetryPolicy retryPolicy,
    UpdatePlanner updates,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryProcessor> logger,
    Telemetry.PmoMetrics? metrics = null)
{
    // A whole window: with every slot of the last second still in flight (slow answers from Teams) the wait is the
    // full window, and a shorter limit would hand such messages back and forth through the queue at every send.
    private static readonly TimeSpan MaxAppWaitInProcess = TeamsRateLimiter.AppWindow;
    private static readonly TimeSpan FirstStorageRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxStorageRetry = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries this instance holds the lease of right now: a lease of its own that it does not hold is one it lost track of.</summary>
    private readonly ConcurrentDictionary<string, byte> handling = new(StringComparer.Ordinal);

    /// <summary>How long an update waits before looking again at the message it updates, or at the update standing in for it.</summary>
    private static readonly TimeSpan OriginalPoll = TimeSpan.FromSeconds(1);

    /// <summary>Handles the message and settles it in the queue straight away.</summary>
    public async Task<DeliveryOutcome> ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var verdict = await HandleAsync(message, cancellationToken);
        await queues.SettleAsync(verdict.Message ?? message, verdict.Settlement, cancellationToken);
        return verdict.Outcome;
    }

    /// <summary>
    /// Handles the message up to its delivery record and says how to settle it in the queue; the caller settles
    /// it (the sender loops do it in the background, so a slow queue does not hold up sending).
    /// </summary>
    public async Task<DeliveryVerdict> HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Each attempt is a span in the trace that asked for the message (the enqueue's), however long it waited.
        var asked = System.Diagnostics.ActivityContext.TryParse(OutboxQueues.TraceParentOf(message), null, out var context) ? context : default;
        using var span = Telemetry.PmoTelemetry.Source.StartActivity("outbox send", System.Diagnostics.ActivityKind.Consumer, asked);
        span?.SetTag("pmobot.outbox.dequeue_count", message.DequeueCount);
        if (OutboxQueues.KeyOf(message) is { } key)
        {
            span?.SetTag(Telemetry.PmoTelemetry.OutboxKindTag, Outbox.KindOf(key));
        }

        if (message.InsertedOn is { } inserted)
        {
            span?.SetTag("pmobot.outbox.queued_ms", Math.Max(0, (time.GetUtcNow() - inserted).TotalMilliseconds));
        }
        var verdict = await HandleMessageAsync(message, cancellationToken);
        var outcome = verdict.Outcome switch
        {
            DeliveryOutcome.Sent => "sent",
            DeliveryOutcome.Retrying => "retried",
            DeliveryOutcome.Failed => "failed",
            DeliveryOutcome.Dropped => "unreachable",
            DeliveryOutcome.DeadLettered => "dead-lettered",
            DeliveryOutcome.Deferred => "deferred",
            _ => null,
        };
        span?.SetTag("pmobot.outbox.outcome", outcome ?? "already handled");
        if (outcome is not null)
        {
            metrics?.Delivery(outcome);
        }

        return verdict;
    }

    private async Task<DeliveryVerdict> HandleMessageAsync(QueueMessage message, CancellationToken cancellationToken)
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

        if (record.Status == DeliveryStatus.Sending && !MayTakeLease(record, now))
        {
            return new(DeliveryOutcome.HeldByAnotherSender, QueueSettlement.Keep);
        }

        if (!handling.TryAdd(record.IdempotencyKey, 0))
        {
            // Another sender loop of this instance has it (a message sent twice to the queue, received twice).
            return new(DeliveryOutcome.HeldByAnotherSender, QueueSettlement.Keep);
        }

        try
        {
            var lease = record with { Status = DeliveryStatus.Sending, LeaseUntil = now + settings.VisibilityTimeout, LeaseHolder = instances.Id, Attempts = record.Attempts + 1, UpdatedAt = now };
            StoredDelivery? leased;
            try
            {
                leased = await deliveries.TryReplaceAsync(stored, lease, cancellationToken);
            }
            catch (Exception ex) when (StorageFailure.IsTransient(ex))
            {
                // The lease may have been written and only its answer lost. Left so, it would keep every other instance
                // off the delivery for as long as this one lives; nothing was sent, so it is given back once storage answers.
                _ = GiveBackLeaseAsync(lease);
                throw;
            }

            if (leased is null)
            {
                // Another sender changed the record since it was read: it may have finished the delivery meanwhile. Or
                // the change was this very lease, its answer lost and the write retried against the old ETag: then it is ours.
                var latest = await deliveries.GetStoredAsync(record.IdempotencyKey, cancellationToken);
                if (latest is { Record: var mine } && IsThisLease(mine, lease))
                {
                    leased = latest;
                }
                else
                {
                    return latest is { Record.IsFinal: true }
                        ? await AlreadyHandledAsync(latest.Record, cancellationToken)
                        : new(DeliveryOutcome.HeldByAnotherSender, QueueSettlement.Keep);
                }
            }

            // Leased: from here the send and its record run to the end even while the host shuts down, because a
            // send cut off half way might have reached Teams without being recorded, and would then go twice. The
            // message stays hidden meanwhile, however long that takes.
            await using var hold = new MessageHold(queues, message, settings.VisibilityTimeout, time);
            var verdict = await HandleLeasedAsync(record, leased, address, settings);
            return verdict with { Message = hold.Current };
        }
        finally
        {
            handling.TryRemove(record.IdempotencyKey, out _);
        }
    }

    /// <summary>
    /// The record still holds this lease as written: no one (this instance included, whose next lease counts another
    /// attempt) has leased or finished the delivery since.
    /// </summary>
    private bool IsThisLease(DeliveryRecord current, DeliveryRecord lease) =>
        current.Status == DeliveryStatus.Sending && current.LeaseHolder == instances.Id && current.Attempts == lease.Attempts;

    /// <summary>A lease whose write went unanswered, handed back (as no attempt) if it was written and is still as it was.</summary>
    private async Task GiveBackLeaseAsync(DeliveryRecord lease)
    {
        try
        {
            var key = lease.IdempotencyKey;
            var returned = await UntilStoredAsync(key, () => deliveries.TryUpdateAsync(
                key,
                current => IsThisLease(current, lease)
                    ? current with { Status = DeliveryStatus.Queued, Attempts = current.Attempts - 1, LeaseUntil = null, LeaseHolder = null, UpdatedAt = time.GetUtcNow() }
                    : null,
                CancellationToken.None));
            if (returned is not null)
            {
                LogLeaseGivenBack(key);
            }
        }
        catch (Exception ex)
        {
            // Not given back: the lease runs out, or this instance takes the delivery up again when it next receives it.
            LogLeaseNotGivenBack(ex, lease.IdempotencyKey);
        }
    }

    /// <summary>
    /// Whether a delivery another sender leased may be taken over: its holder is dead (or, for a lease of this
    /// instance, no sender loop here holds it any more); a holder alive is left to finish, however long storage
    /// keeps it from recording the outcome. Where nothing is known of the holder, its lease's end decides.
    /// </summary>
    private bool MayTakeLease(DeliveryRecord record, DateTimeOffset now)
    {
        if (record.LeaseHolder is not { } holder)
        {
            return !(record.LeaseUntil > now);
        }

        if (holder == instances.Id)
        {
            return !handling.ContainsKey(record.IdempotencyKey);
        }

        return instances.StateOf(holder) switch
        {
            InstanceState.Dead => true,
            InstanceState.Alive => false,
            _ => !(record.LeaseUntil > now),
        };
    }

    private async Task<DeliveryVerdict> HandleLeasedAsync(DeliveryRecord record, StoredDelivery leased, ConversationAddress? address, DeliveryOptions settings)
    {
        var cancellationToken = CancellationToken.None;
        var attempts = leased.Record.Attempts;
        if (attempts > settings.MaxAttempts)
        {
            // Leased this often without a verdict: whatever handles it keeps dying before it can record one.
            return await GiveUpAsync(leased, leased.Record.LastStatusCode, $"gave up after {attempts - 1} attempts without a result", cancellationToken);
        }

        var plan = record.Replaces is null ? null : await updates.PlanAsync(record, address, time.GetUtcNow(), cancellationToken);
        if (plan is UpdatePlan.Drop drop)
        {
            return await DropAsync(leased, drop.Reason, cancellationToken);
        }

        if (plan is UpdatePlan.WaitForStandIn or UpdatePlan.WaitForOtherVersion)
        {
            // Another version of this update is posting the message in the original's place, or is on its way as an
            // edit: give the lease back (this was no attempt) and look again once it has landed.
            var dueAt = time.GetUtcNow() + OriginalPoll;
            await SaveAsync(leased, r => r with { Status = DeliveryStatus.Queued, Attempts = r.Attempts - 1, NextAttemptAt = dueAt, LeaseUntil = null, LeaseHolder = null, UpdatedAt = time.GetUtcNow() }, cancellationToken);
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
                LeaseHolder = null,
                NextAttemptAt = null,
                LastStatusCode = 200,
                LastError = null,
                ConversationId = address.ConversationId,
                SentActivityId = updateActivityId ?? activityId,
            }, cancellationToken);
            if (plan is UpdatePlan.PostInstead)
            {
                await UntilStoredAsync(record.IdempotencyKey, () => updates.RecordStandInAsync(record, activityId, address.ConversationId, time.GetUtcNow(), cancellationToken));
            }

            if (sent && plan is not null)
            {
                await UntilStoredAsync(record.IdempotencyKey, () => updates.RecordSentAsync(record, cancellationToken));
            }

            if (sent)
            {
                metrics?.QueueAge(time.GetUtcNow() - record.CreatedAt);
            }

            return new(sent ? DeliveryOutcome.Sent : DeliveryOutcome.AlreadyHandled, QueueSettlement.Delete);
        }
        catch (SlotTooFarAwayException busy)
        {
            // Other senders took the conversation's next slots since we looked: give the lease back (this was no
            // attempt) and hide the message until the slot, rather than hold this sender.
            var dueAt = time.GetUtcNow() + busy.Wait.Total;
            await SaveAsync(leased, r => r with { Status = DeliveryStatus.Queued, Attempts = r.Attempts - 1, NextAttemptAt = dueAt, LeaseUntil = null, LeaseHolder = null, UpdatedAt = time.GetUtcNow() }, cancellationToken);
            return new(DeliveryOutcome.Deferred, QueueSettlement.HideFor(busy.Wait.Total), busy.Wait.ForConversation > TimeSpan.Zero ? address?.ConversationId : null);
        }
        catch (RecipientUnreachableException unreachable)
        {
            return await FailAsync(leased, unreachable.StatusCode, unreachable.Message, cancellationToken);
        }
        catch (DeliveryRejectedException rejected) when (DeliveryRetryPolicy.IsTransient(rejected.StatusCode))
        {
            if (rejected.StatusCode == 429)
            {
                metrics?.Delivery("throttled");
            }

            if (rejected.StatusCode == 429 && address is not null)
            {
                await pauses.PauseAsync(address.ConversationId, rejected.RetryAfter ?? settings.FirstRetryDelay);
            }

            if (attempts >= settings.MaxAttempts)
            {
                return await GiveUpAsync(leased, rejected.StatusCode, $"gave up after {attempts} attempts; last answer {rejected.StatusCode}: {rejected.Reason}", cancellationToken);
            }

            var delay = retryPolicy.DelayBeforeAttempt(attempts, rejected.RetryAfter);
            var retryAt = time.GetUtcNow() + delay;
            await SaveAsync(leased, r => r with { Status = DeliveryStatus.Retrying, NextAttemptAt = retryAt, LeaseUntil = null, LeaseHolder = null, LastStatusCode = rejected.StatusCode, LastError = rejected.Reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
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

    /// <summary>
    /// This instance's slot first (its share of the app's rate, and its own sends to the conversation timed exactly),
    /// then the conversation's shared window, which holds every instance's sends and pauses. A refusal there gives the
    /// slot back and holds the conversation here too, so the next message for it is deferred before it is leased.
    /// </summary>
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

        if (instances.LiveCount == 1)
        {
            // Alone, this instance's own limiter is the whole truth: the send is added to the shared window after
            // it, off the request's path, for an instance that joins later (which waits a beat and a second before
            // sending, by when this one reserves before each send again).
            _ = RecordAloneAsync(conversationId);
            return slot!;
        }

        TimeSpan sharedWait;
        long grantedAt;
        try
        {
            (sharedWait, grantedAt) = await windows.TryReserveAsync(conversationId, instances.Id, cancellationToken);
        }
        catch (Exception ex) when (StorageFailure.IsTransient(ex))
        {
            limiter.Withdraw(conversationId, slot!);
            LogSharedWindowUnavailable(ex, conversationId);
            throw new SlotTooFarAwayException(new SendWait(MaxAppWaitInProcess, TimeSpan.Zero));
        }

        if (sharedWait > TimeSpan.Zero)
        {
            limiter.Withdraw(conversationId, slot!);
            limiter.Pause(conversationId, sharedWait, wholeApp: false);
            throw new SlotTooFarAwayException(new SendWait(TimeSpan.Zero, sharedWait));
        }

        slot!.Completed += () => _ = CompleteSharedAsync(conversationId, grantedAt);
        return slot;
    }

    private async Task CompleteSharedAsync(string conversationId, long grantedAt)
    {
        try
        {
            await windows.CompleteAsync(conversationId, instances.Id, grantedAt, CancellationToken.None);
        }
        catch (Exception ex) when (StorageFailure.IsTransient(ex))
        {
            // The others count the send as in flight for a few seconds instead.
            LogSharedWindowUnavailable(ex, conversationId);
        }
    }

    private async Task RecordAloneAsync(string conversationId)
    {
        try
        {
            await windows.RecordAsync(conversationId, instances.Id, CancellationToken.None);
        }
        catch (Exception ex) when (StorageFailure.IsTransient(ex))
        {
            LogSharedWindowUnavailable(ex, conversationId);
        }
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
        await SaveAsync(leased, r => r with { Status = DeliveryStatus.Failed, LeaseUntil = null, LeaseHolder = null, NextAttemptAt = null, LastStatusCode = statusCode, LastError = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        LogFailed(leased.Record.IdempotencyKey, leased.Record.Target.ToString(), statusCode, reason);
        return new(DeliveryOutcome.Failed, QueueSettlement.Delete);
    }

    /// <summary>An update not worth a call (see <see cref="UpdatePlanner"/>): final, with the reason, and no error logged.</summary>
    private async Task<DeliveryVerdict> DropAsync(StoredDelivery leased, string reason, CancellationToken cancellationToken)
    {
        await SaveAsync(leased, r => r with { Status = DeliveryStatus.Dropped, LeaseUntil = null, LeaseHolder = null, NextAttemptAt = null, LastStatusCode = null, LastError = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        LogDropped(leased.Record.IdempotencyKey, leased.Record.Target, reason);
        return new(DeliveryOutcome.Dropped, QueueSettlement.Delete);
    }

    private async Task<DeliveryVerdict> GiveUpAsync(StoredDelivery leased, int? statusCode, string reason, CancellationToken cancellationToken)
    {
        await SaveAsync(leased, r => r with { Status = DeliveryStatus.Failed, LeaseUntil = null, LeaseHolder = null, NextAttemptAt = null, LastStatusCode = statusCode, LastError = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        LogDeadLettered(leased.Record.IdempotencyKey, reason);
        return new(DeliveryOutcome.DeadLettered, QueueSettlement.DeadLetter(reason));
    }

    /// <summary>
    /// Records the result under the lease: one round trip while the record is as the lease left it. If it changed
    /// since (the lease ran out and another sender took the delivery), re-read and apply unless it is final by now.
    /// </summary>
    /// <returns>False when the record had already been finished by someone else.</returns>
    /// <remarks>
    /// Storage being away does not end it: the outcome is held in this process and the write tried again with backoff
    /// until storage answers (while <see cref="MessageHold"/> keeps the queue message hidden and the lease, held by an
    /// instance alive, keeps other senders off). Given up, a send Teams accepted would be sent again.
    /// </remarks>
    private async Task<bool> SaveAsync(StoredDelivery leased, Func<DeliveryRecord, DeliveryRecord> change, CancellationToken cancellationToken)
    {
        var key = leased.Record.IdempotencyKey;
        var (saved, current) = await UntilStoredAsync(key, async () =>
        {
            var replaced = (await deliveries.TryReplaceAsync(leased, change(leased.Record), cancellationToken))?.Record;
            if (replaced is not null)
            {
                return (true, replaced);
            }

            // Changed since the lease (or by an earlier try of this very write whose answer was lost on the way).
            DeliveryRecord? latest = null;
            var updated = await deliveries.TryUpdateAsync(key, r => (latest = r).IsFinal ? null : change(r), cancellationToken);
            return (updated is not null, updated ?? latest);
        });
        if (current is not null)
        {
            await UntilStoredAsync(key, () => log.RecordAsync(current, cancellationToken));
        }

        return saved;
    }

    private Task<bool> UntilStoredAsync(string key, Func<Task> write) => UntilStoredAsync(key, async () =>
    {
        await write();
        return true;
    });

    private async Task<T> UntilStoredAsync<T>(string key, Func<Task<T>> write)
    {
        var delay = FirstStorageRetry;
        var held = false;
        while (true)
        {
            try
            {
                var result = await write();
                if (held)
                {
                    LogOutcomeStored(key);
                }

                return result;
            }
            catch (Exception ex) when (StorageFailure.IsTransient(ex))
            {
                if (!held)
                {
                    held = true;
                    LogHoldingOutcome(ex, key);
                }

                await Task.Delay(delay, time, CancellationToken.None);
                delay = delay * 2 < MaxStorageRetry ? delay * 2 : MaxStorageRetry;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {Key}: storage is unavailable; its outcome is held here and the write retried until storage answers")]
    private partial void LogHoldingOutcome(Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {Key}: the outcome held through the storage outage is stored")]
    private partial void LogOutcomeStored(string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {Key}: a lease whose write went unanswered during a storage failure was given back unsent")]
    private partial void LogLeaseGivenBack(string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {Key}: a lease whose write went unanswered could not be given back")]
    private partial void LogLeaseNotGivenBack(Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared send window of conversation {ConversationId} could not be read or written; the send waits")]
    private partial void LogSharedWindowUnavailable(Exception exception, string conversationId);

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
