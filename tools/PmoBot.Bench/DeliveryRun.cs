using System.Diagnostics;
using System.Globalization;
using PmoBot.Delivery;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Bench;

internal sealed record DeliveryRunResult(double RatePerSecond, int Throttled, int ConversationViolations, int Lost, int Duplicated);

/// <summary>What happens to the senders half way through a run.</summary>
internal enum HalfWay
{
    Nothing,

    /// <summary>The (first) sender process is killed and started again.</summary>
    Restart,

    /// <summary>Storage refuses the senders' connections for <see cref="DeliveryRun.OutageLength"/>.</summary>
    StorageOutage,
}

/// <summary>
/// One pass of the workload: seed, enqueue, start the senders (one process, or several on the same storage account),
/// disturb them half way (kill and restart, or a storage outage) if asked, wait until every delivery is final, count.
/// </summary>
internal sealed class DeliveryRun(DeliveryBenchmarkSettings settings, string name, HalfWay halfWay, int instances = 1)
{
    public static readonly TimeSpan OutageLength = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);
    // Longer than the pauses Azurite's queue garbage collector causes (up to about 12 s), so such a pause does not
    // set off a storage query in the middle of the measurement.
    private static readonly TimeSpan StalledAfter = TimeSpan.FromSeconds(30);

    private readonly Stopwatch elapsed = new();
    private TimeSpan lastProgress;

    public async Task<DeliveryRunResult> RunAsync(CancellationToken cancellationToken)
    {
        elapsed.Start();
        var rate = (int)Math.Floor(settings.Rate);
        await using var simulator = await ConnectorSimulator.StartAsync(rate, settings.FailShare, settings.Seed + (int)halfWay + (instances * 10), cancellationToken);
        var workload = DeliveryWorkload.Create(name, settings.Recipients, settings.ChannelPosts, settings.ChannelOrder, simulator.ServiceUrl);
        var since = DateTimeOffset.UtcNow;
        Progress($"run {workload.RunId}: connector simulator on {simulator.ServiceUrl}; seeding {workload.Conversations.Count} conversations and enqueueing {workload.Deliveries.Count} deliveries");
        await settings.Storage.PrepareAsync(workload, cancellationToken);
        Progress($"enqueued; starting {instances} sender(s)");

        // The senders reach storage through proxies that can refuse them; the benchmark's own reads go direct.
        await using var outage = StorageOutage.InFrontOf(settings.Storage.ConnectionString);
        var senders = (await Task.WhenAll(Enumerable.Range(1, instances).Select(i => StartSenderAsync(workload, i, outage.ConnectionString, cancellationToken)))).ToList();
        Task? outageOver = null;
        try
        {
            if (halfWay == HalfWay.Restart)
            {
                await WaitForAcceptedAsync(simulator, senders, workload.Deliveries.Count / 2, cancellationToken);
                await senders[0].KillAsync();
                Progress($"killed the sender with {simulator.Ledger.UniqueTokens} accepted; starting it again");
                await senders[0].DisposeAsync();
                senders[0] = await StartSenderAsync(workload, instances + 1, outage.ConnectionString, cancellationToken);
            }
            else if (halfWay == HalfWay.StorageOutage)
            {
                await WaitForAcceptedAsync(simulator, senders, workload.Deliveries.Count / 2, cancellationToken);
                outageOver = outage.GoAwayFor(OutageLength);
                Progress($"storage refuses the senders for {OutageLength.TotalSeconds:0} s from {simulator.Ledger.UniqueTokens} accepted");
            }

            var states = await WaitUntilFinalAsync(simulator, senders, workload, since, cancellationToken);
            if (outageOver is not null)
            {
                await outageOver;
            }

            return await ResultAsync(simulator, workload, states, cancellationToken);
        }
        finally
        {
            foreach (var sender in senders)
            {
                await sender.DisposeAsync();
            }
        }
    }

    private Task<PmoBotProcess> StartSenderAsync(DeliveryWorkload workload, int start, string storage, CancellationToken cancellationToken) =>
        PmoBotProcess.StartAsync(
            new PmoBotSettings(settings.PmoBotDll, storage, SenderConfiguration(workload)),
            Path.Combine(settings.ArtifactsDirectory, $"sender-{workload.RunId}-{start}.log"),
            cancellationToken);

    /// <summary>The run's own queues and the app-wide rate; everything else as the bot ships.</summary>
    private Dictionary<string, string> SenderConfiguration(DeliveryWorkload workload)
    {
        var configuration = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Delivery__QueueName"] = workload.QueueName,
            ["Delivery__DeadLetterQueueName"] = workload.DeadLetterQueueName,
            ["Delivery__GlobalRatePerSecond"] = settings.Rate.ToString(CultureInfo.InvariantCulture),
        };
        if (settings.Senders is { } senders)
        {
            configuration["Delivery__Senders"] = senders.ToString(CultureInfo.InvariantCulture);
        }

        return configuration;
    }

    private async Task WaitForAcceptedAsync(ConnectorSimulator simulator, List<PmoBotProcess> senders, int accepted, CancellationToken cancellationToken)
    {
        while (simulator.Ledger.UniqueTokens < accepted)
        {
            CheckAlive(senders);
            if (elapsed.Elapsed > settings.Timeout)
            {
                throw new BenchmarkFailedException($"{name}: the connector had accepted only {simulator.Ledger.UniqueTokens} deliveries after {settings.Timeout.TotalSeconds:0} s, short of the {accepted} at which the senders were to be disturbed; see {senders[0].LogPath}");
            }

            ReportProgress(simulator);
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>
    /// Polls the simulator (cheap) all along and storage (a query over the day's delivery log) only once the
    /// simulator has seen everything or stopped seeing anything new, so the check does not slow the run it measures.
    /// </summary>
    private async Task<DeliveryStates> WaitUntilFinalAsync(ConnectorSimulator simulator, List<PmoBotProcess> senders, DeliveryWorkload workload, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var expected = workload.Keys.Count;
        var seen = -1;
        var lastChange = TimeSpan.Zero;
        var lastCheck = TimeSpan.Zero;
        DeliveryStates? states = null;
        while (true)
        {
            CheckAlive(senders);
            if (elapsed.Elapsed > settings.Timeout)
            {
                throw new BenchmarkFailedException(
                    $"{name}: not every delivery was final after {settings.Timeout.TotalSeconds:0} s: the connector accepted {simulator.Ledger.UniqueTokens} of {expected}; "
                    + $"{states?.Unsettled.ToString(CultureInfo.InvariantCulture) ?? "an unknown number"} unsettled in storage at the last check; see {senders[0].LogPath}");
            }

            var accepted = simulator.Ledger.UniqueTokens;
            if (accepted != seen)
            {
                seen = accepted;
                lastChange = elapsed.Elapsed;
            }

            var checkEvery = accepted >= expected ? TimeSpan.FromSeconds(1) : StalledAfter;
            if ((accepted >= expected || elapsed.Elapsed - lastChange > StalledAfter) && elapsed.Elapsed - lastCheck > checkEvery)
            {
                lastCheck = elapsed.Elapsed;
                states = await settings.Storage.ReadStatesAsync(workload, since, maxRecordReads: 500, cancellationToken);
                if (states.AllFinal)
                {
                    return states;
                }

                Progress($"{states.Unsettled} deliveries not final yet");
            }

            ReportProgress(simulator);
            await Task.Delay(250, cancellationToken);
        }
    }

    private async Task<DeliveryRunResult> ResultAsync(ConnectorSimulator simulator, DeliveryWorkload workload, DeliveryStates states, CancellationToken cancellationToken)
    {
        var ledger = simulator.Ledger.Snapshot();
        var neverAccepted = workload.Keys.Where(k => !ledger.WasAccepted(k)).ToList();
        var failed = states.Failed.ToList();
        var lost = workload.Keys.Count(k => !ledger.WasAccepted(k) || states.ByKey[k].Status == DeliveryStatus.Failed);
        var duplicated = workload.Keys.Count(k => ledger.TimesByToken.GetValueOrDefault(k) > 1);
        var rate = ledger.Span > TimeSpan.Zero ? ledger.TimesByToken.Count / ledger.Span.TotalSeconds : 0;
        var deadLetters = await settings.Storage.CountDeadLettersAsync(workload, cancellationToken);
        var timeline = Path.Combine(settings.ArtifactsDirectory, $"accepted-{workload.RunId}.csv");
        await simulator.Ledger.WriteCsvAsync(timeline, cancellationToken);

        Progress($"done in {elapsed.Elapsed.TotalSeconds:0.0} s: {ledger.TimesByToken.Count} deliveries accepted ({ledger.Activities} activities) over {ledger.Span.TotalSeconds:0.00} s = {rate:0.00}/s; "
            + $"429s {simulator.Throttled} ({simulator.ConversationViolations} for a conversation's own limits), 503s {simulator.Unavailable}, unexpected requests {simulator.Unexpected}; never accepted {neverAccepted.Count}, failed {failed.Count}, "
            + $"dead letters {deadLetters}, duplicated {duplicated}, delivery-log rows behind their record {states.LogBehind.Count}; timeline in {timeline}");
        foreach (var (key, state) in failed.Take(5))
        {
            Progress($"failed: {key}: {state.StatusCode} {state.Reason}");
        }

        foreach (var behind in states.LogBehind.Take(5))
        {
            Progress($"delivery log behind: {behind}");
        }

        foreach (var (key, times) in ledger.TimesByToken.Where(t => t.Value > 1).Take(5))
        {
            Progress($"duplicated: {key} accepted {times} times");
        }

        return new DeliveryRunResult(rate, simulator.Throttled, simulator.ConversationViolations, lost, duplicated);
    }

    private static void CheckAlive(List<PmoBotProcess> senders)
    {
        if (senders.FirstOrDefault(s => s.HasExited) is { } exited)
        {
            throw exited.Exited("before every delivery was final");
        }
    }

    private void ReportProgress(ConnectorSimulator simulator)
    {
        if (elapsed.Elapsed - lastProgress >= ProgressEvery)
        {
            Progress($"{simulator.Ledger.UniqueTokens} accepted, {simulator.Throttled} throttled (429), {simulator.Unavailable} failed (503)");
        }
    }

    private void Progress(string message)
    {
        lastProgress = elapsed.Elapsed;
        Console.Error.WriteLine($"[{name} {elapsed.Elapsed.TotalSeconds,6:0.0}s] {message}");
    }
}
