using System.Collections.Concurrent;
using PmoBot.Storage;

namespace PmoBot.Tests.Storage;

/// <summary>
/// A group commit serves many callers: each group waits for storage no longer than the most hurried of its own callers
/// (a card press's <see cref="StorageWaitLimit"/>), and never carries the wait of the caller that happened to start
/// the drain into the groups of others.
/// </summary>
public sealed class GroupCommitterStorageWaitTests
{
    [Fact]
    public async Task A_press_s_group_takes_its_shorter_wait_and_the_next_group_of_messages_does_not_inherit_it()
    {
        var seen = new ConcurrentQueue<(string Items, TimeSpan? Wait)>();
        var firstGroupHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committer = new GroupCommitter<string, bool>(async (_, items) =>
        {
            seen.Enqueue((string.Join("+", items), StorageWaitLimit.InForce));
            if (seen.Count == 1)
            {
                firstGroupHeld.SetResult();
                await release.Task;
            }

            return items.Select(_ => true).ToList();
        });

        Task<bool> press;
        using (StorageWaitLimit.Limit(TimeSpan.FromSeconds(1)))
        {
            press = committer.EnqueueAsync("p", "press", CancellationToken.None);
        }

        await firstGroupHeld.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var message = committer.EnqueueAsync("p", "message", CancellationToken.None);
        var laterPress = Task.CompletedTask;
        using (StorageWaitLimit.Limit(TimeSpan.FromSeconds(2)))
        {
            laterPress = committer.EnqueueAsync("p", "later press", CancellationToken.None);
        }

        release.SetResult();
        await Task.WhenAll(press, message, laterPress).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([("press", TimeSpan.FromSeconds(1)), ("message+later press", TimeSpan.FromSeconds(2))], seen.ToArray());
        Assert.Null(StorageWaitLimit.InForce);
    }

    [Fact]
    public async Task Groups_of_callers_without_a_wait_limit_keep_storage_s_own_timeout()
    {
        var seen = new ConcurrentQueue<TimeSpan?>();
        var committer = new GroupCommitter<string, bool>((_, items) =>
        {
            seen.Enqueue(StorageWaitLimit.InForce);
            return Task.FromResult<IReadOnlyList<bool>>(items.Select(_ => true).ToList());
        });

        await committer.EnqueueAsync("p", "message", CancellationToken.None);

        Assert.Equal([null], seen.ToArray());
    }
}
