namespace PmoBot.Bench;

/// <summary>
/// <c>rollout</c>: the PMO publishes a process version that <c>--pms</c> project managers must acknowledge, through the
/// real bot over HTTP; the rollout worker and the outbox send each PM their personal card to a connector simulator that
/// enforces Teams' limits and records every card. Reports the sending rate against the allowed rate and the cards lost
/// or sent twice; then <c>--acks</c> PMs press "I have read and understood" within <c>--ack-seconds</c>, and as many
/// messages go to the echo endpoint at the same pace, the framework's floor.
/// </summary>
internal static class RolloutBenchmark
{
    public static async Task<IReadOnlyList<Metric>> RunAsync(CommandLine options, CancellationToken cancellationToken)
    {
        var settings = new RolloutBenchmarkSettings(
            options.Required("storage"),
            Path.GetFullPath(options.Required("pmobot")),
            options.Integer("pms", 5000, min: 1),
            options.Integer("acks", 500, min: 1),
            options.Number("ack-seconds", 60, min: 0.1),
            options.Number("rate", 30, min: 1),
            TimeSpan.FromSeconds(options.Integer("timeout", 1200, min: 10)),
            Path.GetFullPath(options.Text("artifacts", ".artifacts/bench")));
        if (!File.Exists(settings.PmoBotDll))
        {
            throw new BenchmarkFailedException($"--pmobot {settings.PmoBotDll} does not exist; build PmoBot first");
        }

        return await new RolloutRun(settings).RunAsync(cancellationToken);
    }
}

/// <param name="Acks">How many of the PMs press the button (at most all of them).</param>
/// <param name="Rate">The app-wide send rate the bot is configured with and the simulator enforces, per second.</param>
internal sealed record RolloutBenchmarkSettings(
    string StorageConnectionString,
    string PmoBotDll,
    int Pms,
    int Acks,
    double AckSeconds,
    double Rate,
    TimeSpan Timeout,
    string ArtifactsDirectory);
