namespace PmoBot.Bench;

/// <summary>
/// <c>reviews</c>: simulated PMs answer full weekly reviews in their personal chat with the real bot over HTTP, and
/// the same number of messages go to the bot's echo endpoint, the framework's floor on the same host. Reports the
/// turn latencies of both, their p99 ratio, and how many reviews reached the history.
/// </summary>
internal static class ReviewsBenchmark
{
    public static async Task<IReadOnlyList<Metric>> RunAsync(CommandLine options, CancellationToken cancellationToken)
    {
        var settings = new ReviewsBenchmarkSettings(
            options.Required("storage"),
            Path.GetFullPath(options.Required("pmobot")),
            options.Integer("pms", 200, min: 1),
            options.Integer("concurrency", 20, min: 1),
            options.Integer("warmup", 10, min: 1),
            AzuritePids(options.Text("azurite-pids", string.Empty)),
            Path.GetFullPath(options.Text("artifacts", ".artifacts/bench")));
        if (!File.Exists(settings.PmoBotDll))
        {
            throw new BenchmarkFailedException($"--pmobot {settings.PmoBotDll} does not exist; build PmoBot first");
        }

        return await new ReviewsRun(settings).RunAsync(cancellationToken);
    }

    private static List<int> AzuritePids(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pid => int.TryParse(pid, out var id) && id > 0 ? id : throw new BenchmarkFailedException($"--azurite-pids: {pid} is not a process id"))
            .ToList();
}

internal sealed record ReviewsBenchmarkSettings(
    string StorageConnectionString,
    string PmoBotDll,
    int Pms,
    int Concurrency,
    int WarmupPms,
    IReadOnlyList<int> AzuritePids,
    string ArtifactsDirectory);
