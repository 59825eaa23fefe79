using PmoBot.Conversations;

namespace PmoBot.Delivery;

/// <summary>How an update (a delivery that <see cref="DeliveryRecord.Replaces"/> an earlier one) reaches its conversation.</summary>
public abstract record UpdatePlan
{
    /// <summary>The message it updates arrived (or a stand-in for it did): edit that activity in place.</summary>
    public sealed record Edit(string ActivityId) : UpdatePlan;

    /// <summary>The message it updates never arrived; this update stands in for it as a new message, once.</summary>
    public sealed record PostInstead : UpdatePlan;

    /// <summary>
    /// Nothing is sent: the message it updates never arrived and the conversation still cannot be reached, or a newer
    /// version already reached Teams.
    /// </summary>
    public sealed record Drop(string Reason) : UpdatePlan;

    /// <summary>Another update is standing in for the message right now: wait, then edit what it posted.</summary>
    public sealed record WaitForStandIn : UpdatePlan;

    /// <summary>Another version of the card is on its way to Teams right now: wait until it has landed, then look again.</summary>
    public sealed record WaitForOtherVersion(string Key) : UpdatePlan;
}

/// <summary>
/// Decides how an update is delivered. An update of a message that arrived edits it. An update of a message that
/// never arrived (someone who had not opened PmoBot, a conversation that refused it) used to be sent again as a new
/// message, and so failed again for every later version: now it goes once as a new message, where the conversation
/// can now be reached, and later versions edit that message; where it still cannot be reached it is dropped, with
/// the reason in <c>delivery status</c>, and no call is made. The stand-in is claimed on the original's record
/// (ETag-guarded), so two versions sent at once post one message between them. A card's last word ("see the new card")
/// never stands in: in a chat that never got the card it would be the only message there, pointing elsewhere.
/// <para>
/// Versions of a card are sent one at a time: a versioned edit claims the original's record while it is on its way
/// (<see cref="DeliveryRecord.UpdateSending"/>, ETag-guarded), and another version waits until that one has landed.
/// Two senders (in one instance or two) that each took a version could otherwise both pass the version check and
/// reach Teams in either order, leaving the older card on screen.
/// </para>
/// </summary>
public sealed class UpdatePlanner(DeliveryStore deliveries)
{
    /// <summary>The version of a card's last word ("see the new card"): no later version may undo it.</summary>
    public const long LastWordVersion = long.MaxValue;

    /// <summary>How long an update waits for the message it updates while that one is still on its way.</summary>
    public static readonly TimeSpan MaxWaitForOriginal = TimeSpan.FromHours(1);

    private const int MaxClaimAttempts = 3;

    /// <summary>
    /// The message <paramref name="update"/> replaces while it is still queued, sending or retrying (and the update
    /// younger than <see cref="MaxWaitForOriginal"/>): the update waits for it rather than post a second message.
    /// </summary>
    public async Task<DeliveryRecord?> PendingOriginalAsync(DeliveryRecord update, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Replaces is null || now - update.CreatedAt >= MaxWaitForOriginal)
        {
            return null;
        }

        return await deliveries.GetAsync(update.Replaces, cancellationToken) is { IsFinal: false } pending ? pending : null;
    }

    /// <param name="address">The conversation as stored now (null: PmoBot has none for it).</param>
    /// <param name="now">Now, to tell a version still on its way from one whose sender stopped.</param>
    public async Task<UpdatePlan> PlanAsync(DeliveryRecord update, ConversationAddress? address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var originalKey = update.Replaces ?? throw new ArgumentException("The delivery is not an update.", nameof(update));
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var stored = await deliveries.GetStoredAsync(originalKey, cancellationToken);
            var original = stored?.Record;
            if (update.Version is { } version && original?.NewestVersionSent is { } newest && newest > version)
            {
                // A newer version already reached Teams: this older one would undo it.
                return NewerSent(newest, version);
            }

            if (original?.SentActivityId is { } arrived)
            {
                if (await EditAsync(stored!, update, arrived, now, cancellationToken) is { } edit)
                {
                    return edit;
                }

                continue;
            }

            if (address is null || address.IsUnreachable)
            {
                return new UpdatePlan.Drop(DropReason(original, address));
            }

            var standIn = stored?.Record.StandIn;
            if (standIn is not null && standIn == update.IdempotencyKey)
            {
                return new UpdatePlan.PostInstead();
            }

            if (stored is not null && standIn is not null)
            {
                var other = await deliveries.GetAsync(standIn, cancellationToken);
                if (other is { Status: DeliveryStatus.Sent, SentActivityId: { } posted })
                {
                    if (await EditAsync(stored, update, posted, now, cancellationToken) is { } edit)
                    {
                        return edit;
                    }

                    continue;
                }

                if (other is { IsFinal: false })
                {
                    return new UpdatePlan.WaitForStandIn();
                }

                // The other stand-in failed or was dropped: this update takes its place.
            }

            if (update.Version == LastWordVersion)
            {
                // "See the new card" about a card this chat never got would be the only message there: nothing to point away from.
                return new UpdatePlan.Drop($"Not sent: it points away from a message that never reached this chat ({(original is null ? "it was never sent" : $"when that message was sent, {Lowered(original.LastError ?? "no reason was recorded")}")}), so there is nothing to replace.");
            }

            if (stored is null)
            {
                return new UpdatePlan.PostInstead();
            }

            if (await deliveries.TryReplaceAsync(stored, stored.Record with { StandIn = update.IdempotencyKey }, cancellationToken) is not null)
            {
                return new UpdatePlan.PostInstead();
            }
        }

        return new UpdatePlan.WaitForStandIn();
    }

    /// <summary>
    /// A versioned update reached Teams: the message it updates remembers the newest version sent, so an older one that
    /// comes later is dropped, and the next version may go.
    /// </summary>
    public async Task RecordSentAsync(DeliveryRecord update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Replaces is null || update.Version is not { } version)
        {
            return;
        }

        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var stored = await deliveries.GetStoredAsync(update.Replaces, cancellationToken);
            if (stored is null)
            {
                return;
            }

            var current = stored.Record;
            var recorded = current with
            {
                NewestVersionSent = current.NewestVersionSent >= version ? current.NewestVersionSent : version,
                UpdateSending = current.UpdateSending == update.IdempotencyKey ? null : current.UpdateSending,
            };
            if (recorded == current || await deliveries.TryReplaceAsync(stored, recorded, cancellationToken) is not null)
            {
                return;
            }
        }
    }

    /// <summary>
    /// A versioned edit takes the card for itself while it is on its way, unless another version holds it: that one
    /// holds it while its sender's lease runs (a sender that stopped, or a version put back in the queue, holds nothing).
    /// Unversioned updates (a card's one last word) do not take part.
    /// </summary>
    /// <returns>The edit of <paramref name="activityId"/>, or what to do instead (wait, or drop); null when another sender changed the original meanwhile (read it again).</returns>
    private async Task<UpdatePlan?> EditAsync(StoredDelivery original, DeliveryRecord update, string activityId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (update.Version is not { } version || original.Record.UpdateSending == update.IdempotencyKey)
        {
            return new UpdatePlan.Edit(activityId);
        }

        if (original.Record.UpdateSending is { } holder && await deliveries.GetAsync(holder, cancellationToken) is { } held)
        {
            if (held is { Status: DeliveryStatus.Sending, LeaseUntil: { } until } && until > now)
            {
                return new UpdatePlan.WaitForOtherVersion(holder);
            }

            if (held is { Status: DeliveryStatus.Sent, Version: { } sent } && sent > version)
            {
                // The holder landed a newer version and has not yet recorded it on the original: this one would undo it.
                return NewerSent(sent, version);
            }
        }

        return await deliveries.TryReplaceAsync(original, original.Record with { UpdateSending = update.IdempotencyKey }, cancellationToken) is null
            ? null
            : new UpdatePlan.Edit(activityId);
    }

    private static UpdatePlan.Drop NewerSent(long newest, long version) =>
        new(FormattableString.Invariant($"Not sent: version {newest} of the message was sent first, and this version {version} would undo it."));

    /// <summary>The stand-in was posted: later versions edit it, as if the original had arrived.</summary>
    public Task RecordStandInAsync(DeliveryRecord update, string? activityId, string conversationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        return activityId is null || update.Replaces is null
            ? Task.CompletedTask
            : deliveries.TryUpdateAsync(
                update.Replaces,
                r => r.StandIn == update.IdempotencyKey && r.SentActivityId is null ? r with { SentActivityId = activityId, ConversationId = conversationId, UpdatedAt = now } : null,
                cancellationToken);
    }

    private static string DropReason(DeliveryRecord? original, ConversationAddress? address)
    {
        var never = original is null
            ? "the message it updates was never sent"
            : $"the message it updates never arrived ({original.LastError ?? "no reason recorded"})";
        var still = address is null
            ? "there is still no conversation to send it to"
            : $"the conversation is still unreachable ({address.UnreachableReason})";
        return $"Not sent: {never}, and {still}. A later update goes as a new message once the conversation can be reached.";
    }

    /// <summary>A sentence quoted inside another: its first letter lowered, its closing full stop dropped.</summary>
    private static string Lowered(string reason)
    {
        var trimmed = reason.TrimEnd('.');
        return trimmed.Length > 1 && char.IsUpper(trimmed[0]) && !char.IsUpper(trimmed[1]) ? char.ToLowerInvariant(trimmed[0]) + trimmed[1..] : trimmed;
    }
}
