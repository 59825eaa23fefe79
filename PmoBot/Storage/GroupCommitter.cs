using System.Collections.Concurrent;

namespace PmoBot.Storage;

/// <summary>
/// Group commit for writes that many requests make to one partition at once (a storm of presses on one channel
/// card): callers queue their item and wait; whoever finds the partition's queue idle drains it, committing what
/// has queued in groups of up to <c>maxGroup</c> items, one round trip per group instead of one per caller. Items queued while a group is in flight form the next group. There is no background
/// loop to start or stop: a queue that empties goes idle.
/// </summary>
/// <param name="commit">
/// Commits one group (all of one partition, in arrival order) and returns one result per item, in order. An
/// exception fails every item of the group, and only that group.
/// </param>
/// <param name="maxGroup">Items per group: what one transaction can hold of them.</param>
public sealed class GroupCommitter<TItem, TResult>(Func<string, IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> commit, int maxGroup = TableBatch.MaxOperationsPerTransaction)
{
    private readonly ConcurrentDictionary<string, PartitionQueue> queues = new(StringComparer.Ordinal);

    public Task<TResult> EnqueueAsync(string partitionKey, TItem item, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), StorageWaitLimit.InForce);
        var queue = queues.GetOrAdd(partitionKey, _ => new PartitionQueue());
        var start = false;
        lock (queue)
        {
            queue.Pending.Enqueue(waiter);
            if (!queue.Draining)
            {
                queue.Draining = true;
                start = true;
            }
        }

        if (start)
        {
            // The drain serves every caller's writes, not only the one that started it: it must not carry that
            // caller's request-scoped state (its trace, its storage wait); each group takes its own callers' wait.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => DrainAsync(partitionKey, queue), CancellationToken.None);
            }
        }

        return waiter.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync(string partitionKey, PartitionQueue queue)
    {
        while (true)
        {
            List<Waiter> group;
            lock (queue)
            {
                if (queue.Pending.Count == 0)
                {
                    queue.Draining = false;
                    return;
                }

                group = [];
                while (group.Count < maxGroup && queue.Pending.TryDequeue(out var waiter))
                {
                    group.Add(waiter);
                }
            }

            try
            {
                // The group waits for storage no longer than the most hurried of its callers may (a card press).
                using var storageWait = group.Min(w => w.StorageWait) is { } wait ? StorageWaitLimit.Limit(wait) : null;
                var results = await commit(partitionKey, group.Select(w => w.Item).ToList());
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Result.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var waiter in group)
                {
                    waiter.Result.TrySetException(ex);
                }
            }
        }
    }

    private sealed record Waiter(TItem Item, TaskCompletionSource<TResult> Result, TimeSpan? StorageWait);

    private sealed class PartitionQueue
    {
        public Queue<Waiter> Pending { get; } = new();

        public bool Draining { get; set; }
    }
}
