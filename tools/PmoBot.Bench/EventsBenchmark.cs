namespace PmoBot.Bench;

/// <summary>
/// <c>events</c>: a registration storm on one channel card. <c>--pms</c> PMs press Register within <c>--seconds</c>
/// on an event with <c>--capacity</c> places, through the real bot over HTTP (Universal Action invokes from the
/// channel); a share of them double-click. Then as many messages go to the echo endpoint at the same pace, the
/// framework's floor. Reports what storage holds (registered, waitlisted, lost, duplicated), how often the channel card
/// was updated, and the invoke latency against the floor.
/// </summary>
internal static class EventsBenchmark
{
    public static async Task<IReadOnlyList<Metric>> RunAsync(CommandLine options, CancellationToken cancellationToken)
    {
        var settings = new EventsBenchmarkSettings(
            options.Required("storage"),
            Path.GetFullPath(options.Required("pmobot")),
            options.Integer("pms", 1000, min: 1),
            options.Integer("capacity", 300, min: 1),
            options.Number("seconds", 10, min: 0.1),
            options.Number("double-clicks", 0.05, min: 0),
            options.Integer("warmup", 20, min: 1),
            options.Integer("settle", 60, min: 5),
            Path.GetFullPath(options.Text("artifacts", ".artifacts/bench")));
        if (!File.Exists(settings.PmoBotDll))
        {
            throw new BenchmarkFailedException($"--pmobot {settings.PmoBotDll} does not exist; build PmoBot first");
        }

        return await new EventsRun(settings).RunAsync(cancellationToken);
    }
}

/// <param name="DoubleClicks">Share of PMs who press Register twice in quick succession.</param>
/// <param name="SettleSeconds">How long to wait after the storm for the card's last update.</param>
internal sealed record EventsBenchmarkSettings(
    string StorageConnectionString,
    string PmoBotDll,
    int Pms,
    int Capacity,
    double Seconds,
    double DoubleClicks,
    int WarmupPresses,
    int SettleSeconds,
    string ArtifactsDirectory);
