using PmoBot.Commands;

namespace PmoBot.Processes;

/// <summary>What a name typed in a command found.</summary>
public abstract record ProcessSearch
{
    public sealed record Found(StoredProcess Process) : ProcessSearch;

    /// <param name="Closest">The process whose name is nearest to what was typed, to suggest it.</param>
    public sealed record NotFound(string Query, ProcessDefinition? Closest) : ProcessSearch;

    public sealed record Ambiguous(string Query, IReadOnlyList<ProcessDefinition> Candidates) : ProcessSearch;
}

/// <summary>What became of a process saved from the form.</summary>
public abstract record ProcessSaveResult
{
    public sealed record Saved(StoredProcess Process) : ProcessSaveResult;

    public sealed record Unchanged(StoredProcess Process) : ProcessSaveResult;

    /// <summary>A process with the same key exists (a name too close to another's).</summary>
    public sealed record Duplicate(ProcessDefinition Existing) : ProcessSaveResult;

    /// <summary>Someone saved the process while the form was open; nothing was overwritten.</summary>
    public sealed record Conflict(StoredProcess Latest) : ProcessSaveResult;

    public sealed record Gone(string Key) : ProcessSaveResult;
}

/// <summary>The PMO's process library: the processes, found by what people type, added and edited from the form.</summary>
public sealed class ProcessLibrary(ProcessStore store)
{
    public Task<IReadOnlyList<ProcessDefinition>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public Task<StoredProcess?> GetAsync(string key, CancellationToken cancellationToken) => store.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<ProcessVersion>> VersionsAsync(string key, CancellationToken cancellationToken) => store.ListVersionsAsync(key, cancellationToken);

    public Task<ProcessVersion?> VersionAsync(string key, int number, CancellationToken cancellationToken) => store.GetVersionAsync(key, number, cancellationToken);

    /// <summary>
    /// The process <paramref name="query"/> names: its key, its name (any case), or a part of the name only one process
    /// has. A key is tried first, as a point read, so card buttons that carry the key never read the whole library.
    /// </summary>
    public async Task<ProcessSearch> FindAsync(string query, CancellationToken cancellationToken)
    {
        var text = string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            return new ProcessSearch.NotFound(text, null);
        }

        if (await store.GetAsync(ProcessKey.From(text), cancellationToken) is { } byKey)
        {
            return new ProcessSearch.Found(byKey);
        }

        var all = await store.ListAsync(cancellationToken);
        var named = all.Where(p => string.Equals(p.Name, text, StringComparison.OrdinalIgnoreCase)).ToList();
        var containing = named.Count > 0 ? named : all.Where(p => p.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || p.Key.Contains(ProcessKey.From(text), StringComparison.Ordinal)).ToList();
        if (containing.Count == 1)
        {
            return await store.GetAsync(containing[0].Key, cancellationToken) is { } found
                ? new ProcessSearch.Found(found)
                : new ProcessSearch.NotFound(text, null);
        }

        if (containing.Count > 1)
        {
            return new ProcessSearch.Ambiguous(text, containing.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList());
        }

        var closest = all
            .Select(p => (Process: p, Distance: CommandText.Distance(text.ToLowerInvariant(), p.Name.ToLowerInvariant())))
            .Where(p => p.Distance <= Math.Max(2, p.Process.Name.Length / 3))
            .OrderBy(p => p.Distance)
            .Select(p => p.Process)
            .FirstOrDefault();
        return new ProcessSearch.NotFound(text, closest);
    }

    public async Task<ProcessSaveResult> AddAsync(ProcessDefinition process, CancellationToken cancellationToken)
    {
        if (await store.AddAsync(process, cancellationToken) is { } added)
        {
            return new ProcessSaveResult.Saved(added);
        }

        var existing = await store.GetAsync(process.Key, cancellationToken);
        return existing is null ? new ProcessSaveResult.Gone(process.Key) : new ProcessSaveResult.Duplicate(existing.Process);
    }

    /// <summary>Saves an edit only if nobody saved the process since the form was filled (<paramref name="expectedETag"/>).</summary>
    public async Task<ProcessSaveResult> UpdateAsync(ProcessDefinition process, string expectedETag, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(process.Key, cancellationToken);
        if (current is null)
        {
            return new ProcessSaveResult.Gone(process.Key);
        }

        if (current.ETag != expectedETag)
        {
            return new ProcessSaveResult.Conflict(current);
        }

        if (current.Process.HasSameContent(process))
        {
            return new ProcessSaveResult.Unchanged(current);
        }

        // The version may have moved on since the form was read: an edit never sets it back.
        var edited = process with { CurrentVersion = current.Process.CurrentVersion, Created = current.Process.Created };
        return await store.ReplaceAsync(edited, expectedETag, cancellationToken) is { } saved
            ? new ProcessSaveResult.Saved(saved)
            : new ProcessSaveResult.Conflict(await store.GetAsync(process.Key, cancellationToken) ?? current);
    }
}
