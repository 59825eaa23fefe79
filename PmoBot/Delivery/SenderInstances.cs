using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace PmoBot.Delivery;

/// <summary>What this instance knows of another's liveness.</summary>
public enum InstanceState
{
    /// <summary>Nothing is known: this process does not run the heartbeat loop.</summary>
    Unknown,
    Alive,
    Dead,
}

/// <summary>
/// The sending instances on one storage account, found through their heartbeats in <see cref="SenderInstanceStore"/>:
/// the app's rate is split among the instances alive now, and when one dies another makes the messages it had
/// received visible again and may take its delivery leases. Liveness is judged on this instance's own clock, by
/// whether a heartbeat counter has moved, so the instances' clocks need not agree; and only after this instance has
/// itself reached storage for a whole <see cref="DeliveryOptions.InstanceDeadAfter"/>, so a storage outage that stopped
/// everyone's heartbeats kills no one.
/// </summary>
public sealed partial class SenderInstances(
    SenderInstanceStore store,
    OutboxQueues queues,
    TeamsRateLimiter limiter,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<SenderInstances> logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Observed> observed = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(long Batch, TimeSpan ReceivedAt)> received = new();
    private long beat;
    private long batches;
    private TimeSpan? watchingSince;
    private bool started;
    private bool reportedFailure;

    /// <summary>This process's id: a restarted instance is a new one.</summary>
    public string Id { get; } = $"{new string(Environment.MachineName.Take(24).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())}-{Guid.NewGuid():N}";

    /// <summary>Instances alive now, this one included (1 until the others have been seen).</summary>
    public int LiveCount
    {
        get
        {
            lock (gate)
            {
                return Math.Max(1, observed.Count(o => StateOf(o.Key, o.Value, Now) != InstanceState.Dead));
            }
        }
    }

    private DeliveryOptions Settings => options.Value;

    private TimeSpan Now => time.GetElapsedTime(0, time.GetTimestamp());

    /// <summary>
    /// Dead only when this instance has watched the table long enough to be sure; while it is out of touch (or has
    /// only just come back) every instance counts as alive.
    /// </summary>
    public InstanceState StateOf(string instanceId)
    {
        lock (gate)
        {
            if (!started)
            {
                return InstanceState.Unknown;
            }

            if (observed.TryGetValue(instanceId, out var seen))
            {
                return StateOf(instanceId, seen, Now);
            }

            // Not in the table: it left (and finished its sends first) or was found dead and removed. An instance
            // that has just joined is seen within one beat, and waits longer than that before it sends.
            return WatchedLongEnough(Now) ? InstanceState.Dead : InstanceState.Alive;
        }
    }

    /// <summary>
    /// Announces this instance and reads the others, retrying until storage answers; with others there, waits until
    /// they have counted it and slowed down before it takes its share of the rate.
    /// </summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        while (!await BeatOnceAsync(cancellationToken))
        {
            await Task.Delay(Settings.HeartbeatInterval, time, cancellationToken);
        }

        if (LiveCount > 1)
        {
            // One beat for the others to count this instance, and one second (the app's window) for the sends they
            // made at their old share to leave it.
            await Task.Delay(Settings.HeartbeatInterval + TeamsRateLimiter.AppWindow, time, cancellationToken);
            await BeatOnceAsync(cancellationToken);
        }
    }

    /// <summary>Beats until stopped; each beat also hands back the work of instances found dead.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Settings.HeartbeatInterval, time, cancellationToken);
                if (await BeatOnceAsync(cancellationToken))
                {
                    await RecoverDeadAsync(cancellationToken);
                    await ForgetOldBatchesAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes down a batch just received, so that another instance can hand it back if this one dies.</summary>
    public Task TrackReceivedAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        var batch = Interlocked.Increment(ref batches);
        received.Enqueue((batch, Now));
        return store.RecordReceivedAsync(new ReceivedBatch(Id, batch, messages.Select(m => (m.MessageId, m.PopReceipt)).ToList()), cancellationToken);
    }

    /// <summary>Leaves the table on an orderly stop: the others take the whole rate at their next beat.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.RemoveAsync(Id, cancellationToken);
            while (received.TryDequeue(out var old))
            {
                await store.ForgetReceivedAsync(Id, old.Batch, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The others find this instance dead after InstanceDeadAfter instead, and clean up after it.
            LogLeaveFailed(ex);
        }
    }

    private async Task<bool> BeatOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.BeatAsync(new InstanceHeartbeat(Id, Interlocked.Increment(ref beat)), cancellationToken);
            var heartbeats = await store.ListAsync(cancellationToken);
            Observe(heartbeats);
            limiter.ShareAppRate(LiveCount);
            reportedFailure = false;
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            lock (gate)
            {
                // Out of touch: whatever happened to the others meanwhile cannot be judged from here.
                watchingSince = null;
            }

            if (!reportedFailure)
            {
                reportedFailure = true;
                LogBeatFailed(ex);
            }

            return false;
        }
    }

    private void Observe(IReadOnlyList<InstanceHeartbeat> heartbeats)
    {
        lock (gate)
        {
            var now = Now;
            started = true;
            watchingSince ??= now;
            var present = heartbeats.Select(h => h.InstanceId).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in observed.Keys.Where(id => !present.Contains(id)).ToList())
            {
                observed.Remove(gone);
            }

            foreach (var heartbeat in heartbeats)
            {
                if (!observed.TryGetValue(heartbeat.InstanceId, out var seen) || seen.Beat != heartbeat.Beat)
                {
                    observed[heartbeat.InstanceId] = new Observed(heartbeat.Beat, now);
                }
            }
        }
    }

    private InstanceState StateOf(string instanceId, Observed seen, TimeSpan now)
    {
        if (instanceId == Id)
        {
            return InstanceState.Alive;
        }

        var quietFor = now - Max(seen.ChangedAt, watchingSince ?? now);
        return quietFor >= Settings.InstanceDeadAfter && WatchedLongEnough(now) ? InstanceState.Dead : InstanceState.Alive;
    }

    private bool WatchedLongEnough(TimeSpan now) => watchingSince is { } since && now - since >= Settings.InstanceDeadAfter;

    /// <summary>
    /// Makes the messages a dead instance had received visible again (those it had settled or hidden since have new
    /// receipts and are left alone), then removes its rows.
    /// </summary>
    private async Task RecoverDeadAsync(CancellationToken cancellationToken)
    {
        List<string> dead;
        lock (gate)
        {
            dead = observed.Where(o => StateOf(o.Key, o.Value, Now) == InstanceState.Dead).Select(o => o.Key).ToList();
        }

        foreach (var instanceId in dead)
        {
            try
            {
                var released = 0;
                foreach (var batch in await store.ListReceivedAsync(instanceId, cancellationToken))
                {
                    foreach (var (messageId, popReceipt) in batch.Messages)
                    {
                        released += await queues.ReleaseAsync(messageId, popReceipt, cancellationToken) ? 1 : 0;
                    }

                    await store.ForgetReceivedAsync(instanceId, batch.Batch, cancellationToken);
                }

                await store.RemoveAsync(instanceId, cancellationToken);
                LogRecovered(instanceId, released);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogRecoveryFailed(ex, instanceId);
            }
        }
    }

    /// <summary>
    /// Batches older than the visibility timeout are visible again by now or were settled with new receipts: their
    /// rows would hand back nothing.
    /// </summary>
    private async Task ForgetOldBatchesAsync(CancellationToken cancellationToken)
    {
        while (received.TryPeek(out var oldest) && Now - oldest.ReceivedAt > Settings.VisibilityTimeout)
        {
            await store.ForgetReceivedAsync(Id, oldest.Batch, cancellationToken);
            received.TryDequeue(out _);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record Observed(long Beat, TimeSpan ChangedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox instance heartbeat failed; other instances' liveness is not judged until storage answers again")]
    private partial void LogBeatFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox instance {InstanceId} stopped beating: {Released} of the messages it had received were made visible again")]
    private partial void LogRecovered(string instanceId, int released);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand back the work of dead outbox instance {InstanceId}; trying again at the next beat")]
    private partial void LogRecoveryFailed(Exception exception, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox instance could not leave the instance table; the others will find it dead")]
    private partial void LogLeaveFailed(Exception exception);
}
