using Azure.Storage.Queues.Models;

namespace PmoBot.Delivery;

/// <summary>
/// Keeps an outbox message hidden from other receivers while its delivery is being handled here, however long that
/// takes (a slow send, or storage gone away while the outcome of a send Teams accepted waits to be recorded): before
/// the message would reappear, its visibility is extended by another <c>visibility</c>. A message sent in the usual
/// few milliseconds is never touched. <see cref="Current"/> carries the latest pop receipt, to settle it with.
/// </summary>
public sealed class MessageHold : IAsyncDisposable
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxMargin = TimeSpan.FromSeconds(10);

    private readonly OutboxQueues queues;
    private readonly TimeSpan visibility;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stop = new();
    private readonly Task keeping;

    public MessageHold(OutboxQueues queues, QueueMessage message, TimeSpan visibility, TimeProvider time)
    {
        this.queues = queues;
        this.visibility = visibility;
        this.time = time;
        Current = message;
        keeping = KeepHiddenAsync();
    }

    public QueueMessage Current { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await keeping.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private async Task KeepHiddenAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            // Extend once little is left (half the visibility, at most 10 s), so a failed attempt has time to be
            // tried again, and a message parked for a while and then sent in milliseconds is not touched.
            var left = (Current.NextVisibleOn ?? time.GetUtcNow()) - time.GetUtcNow();
            var wait = left - (visibility / 2 < MaxMargin ? visibility / 2 : MaxMargin);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            try
            {
                // Not cancelled when the hold ends: an update that reached the queue must leave its new receipt here.
                if (await queues.ExtendAsync(Current, visibility, CancellationToken.None) is not { } extended)
                {
                    return;
                }

                Current = extended;
            }
            catch (Exception ex) when (StorageFailure.IsTransient(ex))
            {
                await Task.Delay(RetryAfterFailure, time, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
