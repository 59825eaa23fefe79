namespace PmoBot.Storage;

/// <summary>
/// A shorter wait for each storage request made while someone waits on a clock of their own: Teams shows an error for
/// a card press or a dialog it has no answer to within five seconds (and sends it again), so storage that does not
/// answer must be given up on in time for the apology to be the answer. The limit flows with the turn's async calls;
/// <see cref="StorageRequestPolicy"/> applies it to each request, under <see cref="StorageOptions.RequestTimeout"/>.
/// </summary>
public static class StorageWaitLimit
{
    private static readonly AsyncLocal<TimeSpan?> Current = new();

    /// <summary>The limit in force for this async flow, if any.</summary>
    public static TimeSpan? InForce => Current.Value;

    /// <summary>Limits each storage request of this async flow to <paramref name="wait"/> until disposed.</summary>
    public static IDisposable Limit(TimeSpan wait)
    {
        var previous = Current.Value;
        Current.Value = previous is { } outer && outer < wait ? outer : wait;
        return new Restore(previous);
    }

    /// <summary>
    /// No limit for this async flow until disposed: work that goes on after the person was answered (it inherited the
    /// turn's limit) waits for storage as long as any background work does.
    /// </summary>
    public static IDisposable Lift()
    {
        var previous = Current.Value;
        Current.Value = null;
        return new Restore(previous);
    }

    private sealed class Restore(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
