using System.Collections.Concurrent;
using System.Threading.Channels;
using Azure.Storage.Queues.Models;

namespace PmoBot.Delivery;

/// <summary>
/// Outbox messages that must wait a little (a conversation at its limits, a retry due in a second or two), held in
/// this process and handed back when due, so the senders take them before the prefetched ones. Hidden in the queue
/// instead, they would come back behind seconds of prefetched work. A message is only held while it stays hidden
/// from other receivers anyway; a longer wait goes back to the queue.
/// </summary>
public sealed class ParkedMessages(TimeProvider time) : IDisposable
{
    // Leave the message this long before it would reappear to other receivers when it is handed back.
    private static readonly TimeSpan VisibilityMargin = TimeSpan.FromSeconds(5);

    private readonly Channel<QueueMessage> due = Channel.CreateUnbounded<QueueMessage>();
    private readonly ConcurrentDictionary<string, Parked> parked = new(StringComparer.Ordinal);

    /// <summary>Messages whose wait is over, to be handled before any other.</summary>
    public ChannelReader<QueueMessage> Due => due.Reader;

    public int Count => parked.Count + due.Reader.Count;

    /// <returns>False when the wait would outlast the message's visibility: hide it in the queue instead.</returns>
    public bool TryPark(QueueMessage message, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.NextVisibleOn is not { } visibleAgain || visibleAgain - time.GetUtcNow() < delay + VisibilityMargin)
        {
            return false;
        }

        var entry = new Parked(message);
        if (!parked.TryAdd(message.MessageId, entry))
        {
            return false;
        }

        entry.Timer = time.CreateTimer(_ => HandBack(message.MessageId), null, delay, Timeout.InfiniteTimeSpan);
        return true;
    }

    /// <summary>Everything held, due or not, for returning to the queue when the senders stop.</summary>
    public IReadOnlyList<QueueMessage> TakeAll()
    {
        var all = new List<QueueMessage>();
        foreach (var id in parked.Keys)
        {
            if (parked.TryRemove(id, out var entry))
            {
                entry.Timer?.Dispose();
                all.Add(entry.Message);
            }
        }

        while (due.Reader.TryRead(out var message))
        {
            all.Add(message);
        }

        return all;
    }

    public void Dispose()
    {
        foreach (var entry in parked.Values)
        {
            entry.Timer?.Dispose();
        }
    }

    private void HandBack(string messageId)
    {
        if (parked.TryRemove(messageId, out var entry))
        {
            entry.Timer?.Dispose();
            due.Writer.TryWrite(entry.Message);
        }
    }

    private sealed class Parked(QueueMessage message)
    {
        public QueueMessage Message { get; } = message;

        public ITimer? Timer { get; set; }
    }
}
