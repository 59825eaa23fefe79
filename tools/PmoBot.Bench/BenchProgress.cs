using System.Diagnostics;

namespace PmoBot.Bench;

/// <summary>Progress lines on stderr, stamped with the seconds since the benchmark started, so stdout holds only results.</summary>
internal sealed class BenchProgress(string name)
{
    private readonly Stopwatch elapsed = Stopwatch.StartNew();

    public TimeSpan Elapsed => elapsed.Elapsed;

    public void Report(string message) => Console.Error.WriteLine($"[{name} {elapsed.Elapsed.TotalSeconds,6:0.0}s] {message}");
}
