using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.People;

namespace PmoBot.Processes;

/// <summary>What pressing <b>I have read and understood</b> did.</summary>
public abstract record AcknowledgeResult
{
    /// <param name="Changed">False when the person had acknowledged before (the card is shown as done again).</param>
    public sealed record Done(Rollout Rollout, Acknowledgement Acknowledgement, bool Changed) : AcknowledgeResult;

    public sealed record NotInRollout(Rollout Rollout) : AcknowledgeResult;

    public sealed record NoRollout(string ProcessKey, int Version) : AcknowledgeResult;
}

/// <summary>
/// Where each person of a rollout stands, moved by the two things that can move it: the button (acknowledged, with the
/// person, the version and the time) and Teams read receipts (seen). Each is a point read and an ETag-guarded point write
/// of the person's row, so the two arriving together never lose an acknowledgement.
/// </summary>
public sealed partial class Acknowledgements(RolloutStore store, Outbox outbox, TimeProvider time, ILogger<Acknowledgements> logger) : IReadReceiptObserver, IDisposable
{
    /// <summary>Read receipts arrive for every message a person reads, so the open rollouts are remembered briefly.</summary>
    public static readonly TimeSpan OpenRolloutsCacheFor = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private IReadOnlyList<Rollout> open = [];
    private DateTimeOffset openReadAt = DateTimeOffset.MinValue;

    /// <summary>Forgets the open rollouts, so a rollout started in this instance counts its receipts at once.</summary>
    public void Forget() => openReadAt = DateTimeOffset.MinValue;

    /// <param name="card">Which of the person's cards was pressed (<see cref="RolloutCard.Suffix"/>); the others are updated to show it is done.</param>
    public async Task<AcknowledgeResult> AcknowledgeAsync(PmoUser caller, string processKey, int version, string card, CancellationToken cancellationToken)
    {
        var rollout = await store.GetAsync(processKey, version, cancellationToken);
        if (rollout is null)
        {
            return new AcknowledgeResult.NoRollout(processKey, version);
        }

        var now = time.GetUtcNow();
        var change = await store.UpdatePersonAsync(processKey, version, caller.UserKey, a => a.Acknowledge(now), cancellationToken);
        if (change is null)
        {
            return new AcknowledgeResult.NotInRollout(rollout);
        }

        if (change.Changed)
        {
            LogAcknowledged(processKey, version, caller.UserKey);
            await UpdateOtherCardsAsync(rollout, change.Current, card, cancellationToken);
        }

        return new AcknowledgeResult.Done(rollout, change.Current, change.Changed);
    }

    public async Task MessagesReadAsync(ReadReceipt receipt, CancellationToken cancellationToken)
    {
        foreach (var rollout in await OpenAsync(cancellationToken))
        {
            var person = await store.GetPersonAsync(rollout.ProcessKey, rollout.Version, receipt.UserKey, cancellationToken);
            if (person is not { State: AcknowledgementState.Pending })
            {
                continue;
            }

            var sentId = person.SentActivityId ?? (await outbox.FindAsync(RolloutCard.First.KeyFor(rollout, receipt.UserKey), cancellationToken))?.SentActivityId;
            if (sentId is null || !Acknowledgement.IsRead(sentId, receipt.LastReadMessageId))
            {
                continue;
            }

            var change = await store.UpdatePersonAsync(rollout.ProcessKey, rollout.Version, receipt.UserKey, a => a.Read(sentId, receipt.LastReadMessageId, receipt.At), cancellationToken);
            if (change is { Changed: true })
            {
                LogSeen(rollout.ProcessKey, rollout.Version, receipt.UserKey);
            }
        }
    }

    public void Dispose() => refresh.Dispose();

    /// <summary>
    /// The person's other cards of this rollout (the first one, the reminders, the overdue notice) that were sent are
    /// updated in place through the outbox, so no card still asks for what is done. The pressed card is updated by the
    /// invoke's answer itself.
    /// </summary>
    private async Task UpdateOtherCardsAsync(Rollout rollout, Acknowledgement done, string pressed, CancellationToken cancellationToken)
    {
        var cards = new List<RolloutCard> { RolloutCard.First };
        if (rollout.RemindedAt is not null)
        {
            cards.Add(RolloutCard.Reminder);
        }

        if (rollout.OverdueNoticesAt is not null)
        {
            cards.Add(RolloutCard.Overdue);
        }

        cards.AddRange(Enumerable.Range(1, rollout.ManualRoundsSent).Select(round => RolloutCard.Manual(round)));
        foreach (var card in cards.Where(c => c.Suffix != pressed))
        {
            var key = card.KeyFor(rollout, done.UserKey);
            if (await outbox.FindAsync(key, cancellationToken) is { Status: DeliveryStatus.Sent })
            {
                await outbox.EnqueueAsync(
                    new DeliveryRequest($"{key}|done", DeliveryTarget.PersonalChat(done.UserKey), $"{rollout.Title}: read and understood.", RolloutCards.Personal(rollout, card, done), Replaces: key),
                    cancellationToken);
            }
        }
    }

    private async Task<IReadOnlyList<Rollout>> OpenAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - openReadAt < OpenRolloutsCacheFor)
        {
            return open;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (now - openReadAt >= OpenRolloutsCacheFor)
            {
                open = await store.ListOpenAsync(cancellationToken);
                openReadAt = now;
            }

            return open;
        }
        finally
        {
            refresh.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{UserKey} acknowledged {ProcessKey} version {Version}")]
    private partial void LogAcknowledged(string processKey, int version, string userKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "{UserKey} has seen the card of {ProcessKey} version {Version} (read receipt)")]
    private partial void LogSeen(string processKey, int version, string userKey);
}
