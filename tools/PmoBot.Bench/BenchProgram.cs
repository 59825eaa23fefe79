namespace PmoBot.Bench;

/// <summary>
/// <c>dotnet PmoBot.Bench.dll NAME [--option value ...]</c>. Results go to stdout as <c>name: value</c> lines;
/// progress and diagnostics go to stderr.
/// </summary>
internal static class BenchProgram
{
    private static readonly Dictionary<string, Func<CommandLine, CancellationToken, Task<IReadOnlyList<Metric>>>> Benchmarks = new(StringComparer.Ordinal)
    {
        ["delivery"] = DeliveryBenchmark.RunAsync,
        ["events"] = EventsBenchmark.RunAsync,
        ["portfolio"] = PortfolioBenchmark.RunAsync,
        ["reviews"] = ReviewsBenchmark.RunAsync,
        ["rollout"] = RolloutBenchmark.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !Benchmarks.TryGetValue(args[0], out var benchmark))
        {
            await Console.Error.WriteLineAsync($"usage: PmoBot.Bench <{string.Join('|', Benchmarks.Keys)}> [--option value ...]");
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        try
        {
            var metrics = await benchmark(CommandLine.Parse(args.Skip(1)), cancellation.Token);
            foreach (var metric in metrics)
            {
                Console.WriteLine(metric);
            }

            return 0;
        }
        catch (Exception ex) when (ex is BenchmarkFailedException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"{args[0]} benchmark failed: {ex.Message}");
            return 1;
        }
    }
}
