namespace PmoBot.Bench;

/// <summary>
/// <c>delivery</c>: the real outbox and the real bot as its sender, against <see cref="ConnectorSimulator"/>.
/// Run 1 drains the workload undisturbed and measures the rate against Teams' limit; run 2 kills the sender half
/// way through and starts it again, and checks that nothing was lost or sent twice; run 3 (scale-out) drains it with
/// two sender processes on one storage account, and run 4 (outage) does too while storage refuses them for 10 s half
/// way through.
/// </summary>
internal static class DeliveryBenchmark
{
    public static async Task<IReadOnlyList<Metric>> RunAsync(CommandLine options, CancellationToken cancellationToken)
    {
        var settings = new DeliveryBenchmarkSettings(
            new BenchStorage(options.Required("storage")),
            Path.GetFullPath(options.Required("pmobot")),
            options.Integer("recipients", 5000, min: 1),
            options.Integer("channel-posts", 100),
            Enum.TryParse<ChannelOrder>(options.Text("channel-order", nameof(ChannelOrder.First)), ignoreCase: true, out var order) && Enum.IsDefined(order)
                ? order
                : throw new ArgumentException("--channel-order must be first or spread"),
            options.Number("rate", 30, min: 1),
            options.Number("fail-share", 0.01),
            options.Integer("seed", 1),
            options.Has("senders") ? options.Integer("senders", 0, min: 1) : null,
            TimeSpan.FromSeconds(options.Integer("timeout", 1200, min: 10)),
            Path.GetFullPath(options.Text("artifacts", ".artifacts/bench")));
        if (!File.Exists(settings.PmoBotDll))
        {
            throw new BenchmarkFailedException($"--pmobot {settings.PmoBotDll} does not exist; build PmoBot first");
        }

        var runs = options.Text("runs", "steady,restart,scaleout,outage").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var metrics = new List<Metric>();
        if (runs.Contains("steady"))
        {
            var steady = await new DeliveryRun(settings, "steady", HalfWay.Nothing).RunAsync(cancellationToken);
            var limit = Math.Floor(settings.Rate);
            metrics.AddRange(
            [
                new("rate_per_s", steady.RatePerSecond),
                new("limit_per_s", limit),
                new("rate_ratio", steady.RatePerSecond / limit),
                new("throttled_429", steady.Throttled),
                new("lost", steady.Lost),
                new("duplicated", steady.Duplicated),
            ]);
        }

        if (runs.Contains("restart"))
        {
            var restart = await new DeliveryRun(settings, "restart", HalfWay.Restart).RunAsync(cancellationToken);
            metrics.AddRange([new("restart_lost", restart.Lost), new("restart_duplicated", restart.Duplicated)]);
        }

        if (runs.Contains("scaleout"))
        {
            var scaleOut = await new DeliveryRun(settings, "scaleout", HalfWay.Nothing, instances: 2).RunAsync(cancellationToken);
            metrics.AddRange(
            [
                new("scaleout_rate_ratio", scaleOut.RatePerSecond / Math.Floor(settings.Rate)),
                new("scaleout_conversation_violations", scaleOut.ConversationViolations),
                new("scaleout_lost", scaleOut.Lost),
                new("scaleout_duplicated", scaleOut.Duplicated),
            ]);
        }

        if (runs.Contains("outage"))
        {
            var outage = await new DeliveryRun(settings, "outage", HalfWay.StorageOutage, instances: 2).RunAsync(cancellationToken);
            metrics.AddRange([new("outage_lost", outage.Lost), new("outage_duplicated", outage.Duplicated)]);
        }

        return metrics.Count > 0 ? metrics : throw new ArgumentException("--runs names none of: steady, restart, scaleout, outage");
    }
}

internal sealed record DeliveryBenchmarkSettings(
    BenchStorage Storage,
    string PmoBotDll,
    int Recipients,
    int ChannelPosts,
    ChannelOrder ChannelOrder,
    double Rate,
    double FailShare,
    int Seed,
    int? Senders,
    TimeSpan Timeout,
    string ArtifactsDirectory);
