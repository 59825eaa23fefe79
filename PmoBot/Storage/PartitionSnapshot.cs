namespace PmoBot.Storage;

/// <summary>
/// A whole partition kept in this process, read again only when its version (<see cref="PartitionVersionStore"/>)
/// changed, so a view over thousands of rows costs one point read while nothing changes. A partition never bumped
/// is not kept: its version cannot tell a change. Kept rows are also dropped after <see cref="MaxAge"/>, in case a
/// writer died between its write and its bump.
/// </summary>
public sealed class PartitionSnapshot<T>(PartitionVersionStore versions, string tableName, string partitionKey, Func<CancellationToken, Task<T>> load, TimeProvider? time = null)
    where T : class
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private Held? held;

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

        var value = await load(cancellationToken);
        if (version is not null)
        {
            held = new Held(version, value, now);
        }

        return value;
    }

    /// <summary>Records this process's own change (after the write, as every writer does) and forgets what it kept.</summary>
    public async Task ChangedAsync(CancellationToken cancellationToken)
    {
        held = null;
        await versions.BumpAsync(tableName, partitionKey, cancellationToken);
    }

    private sealed record Held(string Version, T Value, DateTimeOffset LoadedAt);
}
