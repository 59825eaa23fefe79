namespace PmoBot.Storage;

/// <summary>Declares work that writes data at start-up (the demo organisation), so <see cref="SeedingReadiness"/> waits for it.</summary>
public sealed record StartupSeeder(string Name);

/// <summary>
/// Set once every declared <see cref="StartupSeeder"/> has finished (or given up). Background work that reads what
/// they write waits for it: the early-warning sweep's first run must see the demo's review history, not race it and
/// find nothing (its next run is a day later). With no seeder declared it is set at once.
/// </summary>
public sealed class SeedingReadiness
{
    private readonly TaskCompletionSource seeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int pending;

    public SeedingReadiness(IEnumerable<StartupSeeder> seeders)
    {
        pending = seeders.Count();
        if (pending == 0)
        {
            seeded.TrySetResult();
        }
    }

    public bool IsSeeded => seeded.Task.IsCompleted;

    /// <summary>One seeder is done, whether it wrote anything or not.</summary>
    public void MarkSeeded()
    {
        if (Interlocked.Decrement(ref pending) <= 0)
        {
            seeded.TrySetResult();
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => seeded.Task.WaitAsync(cancellationToken);
}
