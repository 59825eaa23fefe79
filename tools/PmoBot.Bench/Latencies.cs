namespace PmoBot.Bench;

/// <summary>Percentiles of a set of durations in milliseconds, by nearest rank (p99 of 3,800 turns is the 3,762nd fastest).</summary>
internal sealed class Latencies
{
    private readonly double[] sortedMs;

    public Latencies(IEnumerable<TimeSpan> durations)
    {
        sortedMs = durations.Select(d => d.TotalMilliseconds).Order().ToArray();
    }

    public int Count => sortedMs.Length;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    public double Max => sortedMs.Length == 0 ? double.NaN : sortedMs[^1];

    public double Percentile(double share) =>
        sortedMs.Length == 0 ? double.NaN : sortedMs[Math.Clamp((int)Math.Ceiling(share * sortedMs.Length) - 1, 0, sortedMs.Length - 1)];
}
