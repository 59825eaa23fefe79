using System.Diagnostics;
using System.Globalization;

namespace PmoBot.Bench;

/// <summary>
/// CPU time spent by the processes a turn runs through: the bot, this process (the simulated PMs and the connector
/// stand-in) and, when their process ids are known, Azurite's services. On a small machine under concurrency, latency follows CPU, so
/// this says whose work a turn's time is.
/// </summary>
internal sealed class CpuMeter(PmoBotProcess bot, IReadOnlyList<int> azuritePids)
{
    public CpuSnapshot Read()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSnapshot(bot.ProcessorTime, self.TotalProcessorTime, AzuriteTime());
    }

    private TimeSpan? AzuriteTime()
    {
        if (azuritePids.Count == 0)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (var pid in azuritePids)
        {
            try
            {
                using var azurite = Process.GetProcessById(pid);
                total += azurite.TotalProcessorTime;
            }
            catch (ArgumentException)
            {
                // Not running (any more).
                return null;
            }
        }

        return total;
    }
}

/// <summary>CPU used so far by the bot, this process and Azurite (null when unknown).</summary>
internal sealed record CpuSnapshot(TimeSpan Bot, TimeSpan Benchmark, TimeSpan? Azurite)
{
    /// <summary>The CPU each process spent a turn between <paramref name="before"/> and this snapshot, as text.</summary>
    public string PerTurnSince(CpuSnapshot before, int turns)
    {
        var count = Math.Max(1, turns);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"PmoBot {(Bot - before.Bot).TotalMilliseconds / count:0.0} ms, the benchmark's PMs and connector {(Benchmark - before.Benchmark).TotalMilliseconds / count:0.0} ms");
        return Azurite is { } after && before.Azurite is { } start
            ? text + string.Create(CultureInfo.InvariantCulture, $", Azurite {(after - start).TotalMilliseconds / count:0.0} ms")
            : text;
    }
}
