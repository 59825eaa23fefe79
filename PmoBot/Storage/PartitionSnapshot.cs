namespace PmoBot.Storage;

/// <summary>
/// A whole partition kept in this process, read again only when its version (<see cref="PartitionVersionStore"/>)
/// changed, so a view over thousands of rows costs one point read while nothing changes. A partition never bumped
/// is not kept: its version cannot tell a change. Kept rows are also dropped after <see cref="MaxAge"/>, in case a
/// writer died between its write and its bump. Requests that find the same version missing while it is being read
/// wait for that one read rather than each reading the whole partition again (many leaders opening the portfolio
/// just after a review changed it).
/// </summary>
public sealed class PartitionSnapshot<T>(PartitionVersionStore versions, string tableName, string partitionKey, Func<CancellationToken, Task<T>> load, TimeProvider? time = null)
    where T : class
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private Held? held;
    private Loading? loading;

    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        // The version first: rows read after it are at least that new, so they may be kept under it.
        var version = await versions.GetAsync(tableName, partitionKey, cancellationToken);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var kept = held;
        if (version is not null && kept is not null && kept.Version == version && now - kept.LoadedAt < MaxAge)
        {
            return kept.Value;
        }

        if (version is null)
        {
            return await load(cancellationToken);
        }

        Task<T> shared;
        lock (gate)
        {
            // Join a read of this version still under way; a finished one is either kept (above) or failed.
            if (loading is not { Task.IsCompleted: false } current || current.Version != version)
            {
                // The read serves everyone who joins it: it waits for storage as background work does, not at the
                // pace of a card press that happened to start it; each caller bounds its own wait below.
                using (StorageWaitLimit.Lift())
                {
                    current = new Loading(version, LoadAndKeepAsync(version, now));
                }

                loading = current;
            }

            shared = current.Task;
        }

        // The shared read runs to its end for the others even if this request gives up.
        if (StorageWaitLimit.InForce is not { } limit)
        {
            return await shared.WaitAsync(cancellationToken);
        }

        try
        {
            return await shared.WaitAsync(limit, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new Azure.RequestFailedException(0, FormattableString.Invariant($"Storage did not answer the read of {tableName} within {limit.TotalSeconds:0.#} s."), ex);
        }
    }

    /// <summary>Records this process's own change (after the write, as every writer does) and forgets what it kept.</summary>
    public async Task ChangedAsync(CancellationToken cancellationToken)
    {
        held = null;
        await versions.BumpAsync(tableName, partitionKey, cancellationToken);
    }

    private async Task<T> LoadAndKeepAsync(string version, DateTimeOffset now)
    {
        var value = await load(CancellationToken.None);
        held = new Held(version, value, now);
        return value;
    }

    private sealed record Held(string Version, T Value, DateTimeOffset LoadedAt);

    private sealed record Loading(string Version, Task<T> Task);
}
