using PmoBot.Storage;

namespace PmoBot.People;

/// <summary>
/// Once per storage account: indexes the words of the names of people stored before names were indexed by word, so a
/// first or last name finds them too (people added since are indexed as they are stored). Reads the whole-name index
/// at start-up, never on a request; marked done in the lookup table, so later starts cost one point read.
/// </summary>
public sealed partial class NameWordBackfill(StorageReadiness readiness, UserLookupStore lookup, TimeProvider time, ILogger<NameWordBackfill> logger) : BackgroundService
{
    // v2: names split at punctuation and without accents (v1 split at spaces only).
    public const string Job = "name-words-v2";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WaitAsync(stoppingToken);
            await RunAsync(Job, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The next start tries again; meanwhile whole names, e-mails and mentions still find everyone.
            LogFailed(ex);
        }
    }

    /// <param name="job">The job's name in the lookup table (<see cref="Job"/>; tests give their own).</param>
    /// <returns>How many people's names were indexed by word; 0 when it had been done before.</returns>
    public async Task<int> RunAsync(string job, CancellationToken cancellationToken)
    {
        if (await lookup.IsDoneAsync(job, cancellationToken))
        {
            return 0;
        }

        var people = 0;
        await foreach (var (name, userKey) in lookup.ListNamesAsync(cancellationToken))
        {
            await Task.WhenAll(UserLookupStore.WordsOf(name).Select(word => lookup.AddAsync(LookupKind.Word, word, userKey, cancellationToken)));
            people++;
        }

        await lookup.MarkDoneAsync(job, time.GetUtcNow(), cancellationToken);
        LogDone(people);
        return people;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexed the words of {People} people's names")]
    private partial void LogDone(int people);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexing the words of people's names failed; the next start tries again")]
    private partial void LogFailed(Exception exception);
}
