using System.Collections.Concurrent;
using PmoBot.Reviews.Schedule;

namespace PmoBot.Tests.Reviews.Schedule;

/// <summary>The check-in as the sweeper sees it: records every entry handed over, and fails for the users it is told to.</summary>
public sealed class RecordingDueHandler : IReviewDueHandler
{
    private readonly ConcurrentQueue<ReviewDueEntry> handled = new();

    public ConcurrentDictionary<string, bool> FailingUsers { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ReviewDueEntry> Handled => handled.ToList();

    public IReadOnlyList<ReviewDueEntry> HandledFor(string userKey) => handled.Where(e => e.UserKey == userKey).ToList();

    public Task HandleAsync(ReviewDueEntry entry, CancellationToken cancellationToken)
    {
        if (FailingUsers.ContainsKey(entry.UserKey))
        {
            throw new InvalidOperationException($"The check-in failed for {entry.UserKey}.");
        }

        handled.Enqueue(entry);
        return Task.CompletedTask;
    }
}
