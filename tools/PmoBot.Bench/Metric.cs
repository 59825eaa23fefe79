using System.Globalization;

namespace PmoBot.Bench;

/// <summary>One result line, <c>name: value</c>, with at most two decimals.</summary>
internal sealed record Metric(string Name, double Value)
{
    public override string ToString() => $"{Name}: {Value.ToString("0.##", CultureInfo.InvariantCulture)}";
}

/// <summary>The benchmark could not finish or its setup was wrong; the message says what happened.</summary>
internal sealed class BenchmarkFailedException(string message) : Exception(message);
