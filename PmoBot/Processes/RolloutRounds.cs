using Microsoft.Extensions.Options;
using PmoBot.Alerts;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Storage;

namespace PmoBot.Processes;

/// <summary>
/// Sends a rollout's messages through the outbox, each round once: the personal cards and the channel announcements
/// when it starts, the reminder <see cref="ProcessesOptions.ReminderDaysBeforeDue"/> days before the due date, the
/// overdue notices (and a note to the PMO) after it, and the reminders the PMO asks for. Every message's key names the
/// rollout, the person and the card, so a round run twice (a crash, two instances) sends nothing twice; a round is
/// marked done on the rollout row only after all its messages are queued.
/// </summary>
public sealed partial class RolloutRounds(
    RolloutStore store,
    Outbox outbox,
    PmoNotifier notifier,
    IOptions<ProcessesOptions> options,
    TimeProvider time,
    ILogger<RolloutRounds> logger)
{
    /// <summary>Runs every round that is due on every open rollout. Returns how many messages were queued.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var rollout in await store.ListOpenAsync(cancellationToken))
        {
            try
            {
                queued += await SweepAsync(rollout, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One rollout failing (storage hiccup) must not hold the others back; the next sweep tries again.
                LogRoundFailed(ex, rollout.ProcessKey, rollout.Version);
            }
        }

        return queued;
    }

    private async Task<int> SweepAsync(Rollout rollout, CancellationToken cancellationToken)
    {
        var queued = 0;
        var now = time.GetUtcNow();
        if (rollout.FannedOutAt is null)
        {
            queued += await RoundAsync(rollout, RolloutCard.First, cancellationToken);
            foreach (var channel in rollout.Channels)
            {
                await outbox.EnqueueAsync(
                    new DeliveryRequest(AnnouncementKey(rollout, channel), DeliveryTarget.Channel(channel), RolloutCards.AnnouncementText(rollout), RolloutCards.Announcement(rollout)),
                    cancellationToken);
                queued++;
            }

            rollout = await MarkAsync(rollout, r => r.FannedOutAt is null ? r with { FannedOutAt = now } : null, cancellationToken);
            LogFannedOut(rollout.ProcessKey, rollout.Version, rollout.People);
        }

        for (var round = rollout.ManualRoundsSent + 1; round <= rollout.ManualRounds; round++)
        {
            var sent = round;
            queued += await RoundAsync(rollout, RolloutCard.Manual(round, pastDue: now >= rollout.DueAt), cancellationToken);
            rollout = await MarkAsync(rollout, r => r.ManualRoundsSent < sent ? r with { ManualRoundsSent = sent } : null, cancellationToken);
        }

        if (rollout.OverdueNoticesAt is null && now >= rollout.DueAt)
        {
            var overdue = (await store.ListPeopleAsync(rollout.ProcessKey, rollout.Version, cancellationToken)).Where(p => !p.IsAcknowledged).ToList();
            queued += await SendAsync(rollout, RolloutCard.Overdue, overdue, cancellationToken);
            if (overdue.Count > 0)
            {
                await notifier.NotifyAsync(OverdueNoticeKey(rollout), $"{rollout.Title}: {ProcessText.Count(overdue.Count, "person has", "people have")} not acknowledged by the due date.", RolloutCards.OverdueNotice(rollout, overdue), cancellationToken);
            }

            rollout = await MarkAsync(rollout, r => r.OverdueNoticesAt is null ? r with { OverdueNoticesAt = now } : null, cancellationToken);
        }
        else if (rollout.RemindedAt is null && options.Value.ReminderDaysBeforeDue > 0 && now < rollout.DueAt && now >= rollout.DueAt.AddDays(-options.Value.ReminderDaysBeforeDue))
        {
            queued += await RoundAsync(rollout, RolloutCard.Reminder, cancellationToken);
            await MarkAsync(rollout, r => r.RemindedAt is null ? r with { RemindedAt = now } : null, cancellationToken);
        }

        return queued;
    }

    public static string AnnouncementKey(Rollout rollout, string channel) => $"process-announce|{rollout.ProcessKey}|v{rollout.Version}|{channel}";

    public static string OverdueNoticeKey(Rollout rollout) => $"process-overdue|{rollout.ProcessKey}|v{rollout.Version}";

    /// <summary>One card to everyone who has not acknowledged yet.</summary>
    private async Task<int> RoundAsync(Rollout rollout, RolloutCard card, CancellationToken cancellationToken)
    {
        var people = await store.ListPeopleAsync(rollout.ProcessKey, rollout.Version, cancellationToken);
        return await SendAsync(rollout, card, people.Where(p => !p.IsAcknowledged).ToList(), cancellationToken);
    }

    private async Task<int> SendAsync(Rollout rollout, RolloutCard card, List<Acknowledgement> people, CancellationToken cancellationToken)
    {
        var content = RolloutCards.Personal(rollout, card);
        var text = RolloutCards.PersonalText(rollout, card);
        await Parallel.ForEachAsync(
            people,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.FanOutConcurrency, CancellationToken = cancellationToken },
            async (person, ct) => await outbox.EnqueueAsync(new DeliveryRequest(card.KeyFor(rollout, person.UserKey), DeliveryTarget.PersonalChat(person.UserKey), text, content), ct));
        return people.Count;
    }

    private async Task<Rollout> MarkAsync(Rollout rollout, Func<Rollout, Rollout?> change, CancellationToken cancellationToken) =>
        await store.UpdateAsync(rollout.ProcessKey, rollout.Version, change, cancellationToken) ?? rollout;

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollout of {ProcessKey} version {Version}: personal cards queued for {People} people")]
    private partial void LogFannedOut(string processKey, int version, int people);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rollout of {ProcessKey} version {Version}: a round failed; the next sweep tries again")]
    private partial void LogRoundFailed(Exception exception, string processKey, int version);
}

/// <summary>Wakes the rollout worker and makes read receipts read the open rollouts afresh.</summary>
public sealed class RolloutSignal(RolloutWorker worker, Acknowledgements acknowledgements) : IRolloutSignal
{
    public void RolloutsChanged()
    {
        acknowledgements.Forget();
        worker.Wake();
    }
}

/// <summary>
/// Runs <see cref="RolloutRounds"/> every <see cref="ProcessesOptions.SweepInterval"/>, and at once when a rollout starts
/// or the PMO asks for a reminder in this instance. Every instance may run it: rounds are idempotent.
/// </summary>
public sealed partial class RolloutWorker(RolloutRounds rounds, StorageReadiness readiness, IOptions<ProcessesOptions> options, ILogger<RolloutWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Runs a sweep now rather than at the end of the interval.</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
            // Already woken (one sweep does it all), or stopping.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SweepEnabled)
        {
            return;
        }

        // The tables are created at start-up: a sweep before that would only fail.
        await readiness.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await rounds.SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timer.CancelAfter(options.Value.SweepInterval);
            try
            {
                await wake.WaitAsync(timer.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The interval passed.
            }
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The rollout sweep failed; it runs again after the interval")]
    private partial void LogSweepFailed(Exception exception);
}
