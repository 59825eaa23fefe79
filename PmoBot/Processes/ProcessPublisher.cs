namespace PmoBot.Processes;

/// <summary>What became of a Publish.</summary>
public abstract record PublishResult
{
    public sealed record Published(ProcessDefinition Process, ProcessVersion Version) : PublishResult;

    /// <summary>Someone published <paramref name="Newest"/> while the form was open: nothing was published.</summary>
    public sealed record Superseded(ProcessVersion Newest) : PublishResult;

    /// <summary>The same form was published before (a second press of its Publish): <paramref name="Version"/> is what it published.</summary>
    public sealed record AlreadyPublished(ProcessVersion Version) : PublishResult;

    public sealed record Gone(string Key) : PublishResult;
}

/// <summary>
/// Publishes a new version of a process as its own action: adds the version (never replacing one), then moves the
/// process's current version on. Adding first means a crash in between leaves a version the next read finds (the
/// newest version row is the truth; the process row only caches its number).
/// </summary>
public sealed class ProcessPublisher(ProcessStore store)
{
    /// <param name="basedOn">The version the form was opened on: the new one is the next number, and only if nobody published it first.</param>
    public async Task<PublishResult> PublishAsync(string key, int basedOn, ProcessVersion draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (await store.GetAsync(key, cancellationToken) is null)
        {
            return new PublishResult.Gone(key);
        }

        var newest = await store.GetNewestVersionAsync(key, cancellationToken);
        if ((newest?.Number ?? 0) != basedOn)
        {
            return await FromThisFormAsync(key, basedOn, draft, cancellationToken) ?? new PublishResult.Superseded(newest!);
        }

        var version = draft with { ProcessKey = key, Number = basedOn + 1 };
        if (!await store.TryAddVersionAsync(version, cancellationToken))
        {
            return await FromThisFormAsync(key, basedOn, draft, cancellationToken)
                ?? new PublishResult.Superseded(await store.GetNewestVersionAsync(key, cancellationToken) ?? version);
        }

        var process = await store.UpdateAsync(
            key,
            p => p.CurrentVersion >= version.Number ? null : p with { CurrentVersion = version.Number, Updated = version.Published },
            cancellationToken);
        return process is null ? new PublishResult.Gone(key) : new PublishResult.Published(process, version);
    }

    /// <summary>The version after <paramref name="basedOn"/> when this very form published it (one point read).</summary>
    private async Task<PublishResult?> FromThisFormAsync(string key, int basedOn, ProcessVersion draft, CancellationToken cancellationToken) =>
        draft.FormId is { } formId && await store.GetVersionAsync(key, basedOn + 1, cancellationToken) is { } next && next.FormId == formId
            ? new PublishResult.AlreadyPublished(next)
            : null;
}
