using PmoBot.Storage;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Storage;

/// <summary>
/// A kept partition against Azurite's <c>PartitionVersions</c>: requests that find the same version missing at once
/// share one read of the partition, and a failed or abandoned read leaves nothing wrong behind.
/// </summary>
public sealed class PartitionSnapshotTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Requests_that_find_the_same_version_missing_at_once_share_one_read_of_the_partition()
    {
        var (versions, partition) = await VersionedPartitionAsync();
        var reader = new GatedReader();
        var snapshot = new PartitionSnapshot<string>(versions, "Rows", partition, reader.ReadAsync);

        var requests = Enumerable.Range(0, 5).Select(_ => snapshot.GetAsync(None)).ToList();
        await reader.StartedAsync(1);
        await Task.Delay(200);
        reader.Finish("rows v1");

        Assert.All(await Task.WhenAll(requests), rows => Assert.Equal("rows v1", rows));
        Assert.Equal(1, reader.Reads);

        // The twin: once the partition changed, the next request reads it again.
        await snapshot.ChangedAsync(None);
        var after = snapshot.GetAsync(None);
        await reader.StartedAsync(2);
        reader.Finish("rows v2");
        Assert.Equal("rows v2", await after);
        Assert.Equal(2, reader.Reads);
    }

    [Fact]
    public async Task A_failed_read_fails_every_request_that_waited_for_it_and_the_next_request_reads_again()
    {
        var (versions, partition) = await VersionedPartitionAsync();
        var reader = new GatedReader();
        var snapshot = new PartitionSnapshot<string>(versions, "Rows", partition, reader.ReadAsync);

        var first = snapshot.GetAsync(None);
        var second = snapshot.GetAsync(None);
        await reader.StartedAsync(1);
        await Task.Delay(100);
        reader.Fail(new InvalidOperationException("storage went away"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        Assert.Equal(1, reader.Reads);

        var retried = snapshot.GetAsync(None);
        await reader.StartedAsync(2);
        reader.Finish("rows");
        Assert.Equal("rows", await retried);
    }

    [Fact]
    public async Task A_request_that_gives_up_does_not_stop_the_read_the_others_wait_for()
    {
        var (versions, partition) = await VersionedPartitionAsync();
        var reader = new GatedReader();
        var snapshot = new PartitionSnapshot<string>(versions, "Rows", partition, reader.ReadAsync);
        using var giveUp = new CancellationTokenSource();

        var abandoned = snapshot.GetAsync(giveUp.Token);
        await reader.StartedAsync(1);
        var waiting = snapshot.GetAsync(None);
        await Task.Delay(100);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        reader.Finish("rows");
        Assert.Equal("rows", await waiting);
        Assert.Equal(1, reader.Reads);
        Assert.False(reader.SawCancellation);
    }

    private static async Task<(PartitionVersionStore Versions, string Partition)> VersionedPartitionAsync()
    {
        var versions = new PartitionVersionStore(await AzuriteStorage.WithTablesAsync(PartitionVersionStore.TableName));
        var partition = "p-" + Guid.NewGuid().ToString("N");
        await versions.BumpAsync("Rows", partition, None);
        return (versions, partition);
    }

    /// <summary>A partition read that lasts until the test ends it, counting how many were started.</summary>
    [Fact]
    public async Task A_card_press_that_starts_the_shared_read_gives_up_at_its_own_wait_while_the_read_goes_on_at_storage_s_pace_for_the_others()
    {
        var (versions, partition) = await VersionedPartitionAsync();
        var reader = new GatedReader();
        TimeSpan? readWait = TimeSpan.Zero;
        var snapshot = new PartitionSnapshot<string>(versions, "Rows", partition, t =>
        {
            readWait = StorageWaitLimit.InForce;
            return reader.ReadAsync(t);
        });

        Task<string> press;
        using (StorageWaitLimit.Limit(TimeSpan.FromMilliseconds(300)))
        {
            press = snapshot.GetAsync(None);
        }

        await reader.StartedAsync(1);
        var message = snapshot.GetAsync(None);

        var refused = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => press);
        Assert.Equal((0, "Storage did not answer the read of Rows within 0.3 s."), (refused.Status, refused.Message));
        Assert.Null(readWait);
        Assert.False(message.IsCompleted);
        reader.Finish("rows");
        Assert.Equal("rows", await message);
        Assert.Equal(1, reader.Reads);
    }

    private sealed class GatedReader
    {
        private readonly SemaphoreSlim started = new(0);
        private TaskCompletionSource<string> current = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int reads;

        public int Reads => Volatile.Read(ref reads);

        public bool SawCancellation { get; private set; }

        public async Task<string> ReadAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            var gate = current;
            started.Release();
            using var registration = cancellationToken.Register(() => SawCancellation = true);
            return await gate.Task;
        }

        public async Task StartedAsync(int count)
        {
            while (Reads < count)
            {
                Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)), $"read {count} did not start");
            }
        }

        public void Finish(string rows) => Next().SetResult(rows);

        public void Fail(Exception error) => Next().SetException(error);

        private TaskCompletionSource<string> Next()
        {
            var finishing = current;
            current = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            return finishing;
        }
    }
}
