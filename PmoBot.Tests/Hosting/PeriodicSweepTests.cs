using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Hosting;
using PmoBot.Storage;

namespace PmoBot.Tests.Hosting;

/// <summary>
/// The one loop every feature's background sweep runs in: when it first runs (after an interval, at once, after
/// seeding), that it repeats on the interval, that a failed sweep is logged once and tried again, and that a disabled
/// sweep never runs.
/// </summary>
public sealed class PeriodicSweepTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_sweep_at_once_runs_when_the_tables_exist_and_then_every_interval()
    {
        var sweep = new CountingSweep(SweepStart.AtOnce);
        var (loop, time, readiness, _, _) = Loop(sweep);
        await loop.StartAsync(None);

        await Task.Delay(200);
        Assert.Equal(0, sweep.Runs);

        readiness.MarkReady();
        await sweep.WaitForRunsAsync(1);
        await Task.Delay(200);
        time.Advance(Interval - TimeSpan.FromSeconds(1));
        await Task.Delay(200);
        Assert.Equal(1, sweep.Runs);

        await AdvanceUntilAsync(time, sweep, runs: 2);
        await loop.StopAsync(None);
    }

    [Fact]
    public async Task A_sweep_after_one_interval_does_not_run_at_start_so_a_short_lived_host_never_sweeps()
    {
        var sweep = new CountingSweep(SweepStart.AfterOneInterval);
        var (loop, time, readiness, _, _) = Loop(sweep);
        readiness.MarkReady();
        await loop.StartAsync(None);

        await Task.Delay(200);
        Assert.Equal(0, sweep.Runs);

        await AdvanceUntilAsync(time, sweep, runs: 1);
        await loop.StopAsync(None);
    }

    [Fact]
    public async Task A_sweep_after_seeding_waits_for_the_seeders_as_well_as_the_tables()
    {
        var sweep = new CountingSweep(SweepStart.AfterSeeding);
        var (loop, _, readiness, seeding, _) = Loop(sweep, seeders: 1);
        readiness.MarkReady();
        await loop.StartAsync(None);

        await Task.Delay(200);
        Assert.Equal(0, sweep.Runs);

        seeding.MarkSeeded();
        await sweep.WaitForRunsAsync(1);
        await loop.StopAsync(None);
    }

    [Fact]
    public async Task A_failed_sweep_is_logged_once_without_stopping_the_loop_and_the_next_one_runs_on_time()
    {
        var sweep = new CountingSweep(SweepStart.AtOnce) { FailingRuns = 1 };
        var (loop, time, readiness, _, log) = Loop(sweep);
        readiness.MarkReady();
        await loop.StartAsync(None);

        await sweep.WaitForRunsAsync(1);
        for (var waited = 0; waited < 50 && log.Collector.Count == 0; waited++)
        {
            await Task.Delay(100);
        }

        var failure = Assert.Single(log.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.Equal("CountingSweep failed; trying again in 00:10:00", failure.Message);
        Assert.IsType<InvalidOperationException>(failure.Exception);

        await AdvanceUntilAsync(time, sweep, runs: 2);
        Assert.Single(log.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        await loop.StopAsync(None);
    }

    [Fact]
    public async Task A_disabled_sweep_never_runs()
    {
        var sweep = new CountingSweep(SweepStart.AtOnce) { IsEnabled = false };
        var (loop, time, readiness, _, _) = Loop(sweep);
        readiness.MarkReady();
        await loop.StartAsync(None);

        time.Advance(Interval * 3);
        await Task.Delay(300);

        Assert.Equal(0, sweep.Runs);
        await loop.StopAsync(None);
    }

    /// <summary>
    /// Moves the clock an interval at a time until the sweep has run <paramref name="runs"/> times: the loop sets its
    /// timer just after a sweep returns, and a timer set after an advance would not see it.
    /// </summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, CountingSweep sweep, int runs)
    {
        for (var attempt = 0; attempt < 100 && sweep.Runs < runs; attempt++)
        {
            time.Advance(Interval);
            await Task.Delay(100);
        }

        await sweep.WaitForRunsAsync(runs);
    }

    private static (PeriodicSweep<CountingSweep> Loop, FakeTimeProvider Time, StorageReadiness Readiness, SeedingReadiness Seeding, FakeLogger<PeriodicSweep<CountingSweep>> Log) Loop(CountingSweep sweep, int seeders = 0)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var readiness = new StorageReadiness();
        var seeding = new SeedingReadiness(Enumerable.Range(0, seeders).Select(i => new StartupSeeder($"seeder {i}")));
        var log = new FakeLogger<PeriodicSweep<CountingSweep>>();
        return (new PeriodicSweep<CountingSweep>(sweep, readiness, seeding, time, log), time, readiness, seeding, log);
    }

    private sealed class CountingSweep(SweepStart start) : ISweep
    {
        private readonly SemaphoreSlim ran = new(0);
        private int runs;

        public TimeSpan Interval => PeriodicSweepTests.Interval;

        public bool Enabled => IsEnabled;

        public bool IsEnabled { get; init; } = true;

        public SweepStart Start => start;

        public int FailingRuns { get; init; }

        public int Runs => Volatile.Read(ref runs);

        public Task<int> SweepOnceAsync(CancellationToken cancellationToken)
        {
            var run = Interlocked.Increment(ref runs);
            ran.Release();
            return run <= FailingRuns ? throw new InvalidOperationException("storage unavailable") : Task.FromResult(run);
        }

        public async Task WaitForRunsAsync(int count)
        {
            while (Runs < count)
            {
                Assert.True(await ran.WaitAsync(TimeSpan.FromSeconds(10)), $"the sweep ran {Runs} times, not {count}");
            }
        }
    }
}
