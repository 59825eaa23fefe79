using System.Collections.Concurrent;
using System.Threading.Channels;
using Azure.Storage.Queues.Models;

namespace PmoBot.Delivery;

/// <summary>
/// Outbox messages that must wait a little (a conversation at its limits, a retry due in a second or two), held in
/// this process and handed back when due, so the senders take them before the prefetched ones. Hidden in the queue
/// instead, they would come back behind seconds of prefetched work. A message is only held while it stays hidden
/// from other receivers anyway; a longer wait goes back to the queue.
/// Messages waiting for the same busy conversation (a channel taking a hundred posts) line up behind each other:
/// only the first is handed back when the conversation's wait is over, and the next once that one has been handled
/// (<see cref="Handled"/>). Handed back together, they would all be read from storage and deferred again for the
/// one slot the first of them takes.
/// </summary>
public sealed class ParkedMessages(TimeProvider time) : IDisposable
{
    // Leave the message this long before it would reappear to other receivers when it is handed back.
    private static readonly TimeSpan VisibilityMargin = TimeSpan.FromSeconds(5);

    private readonly Channel<DueMessage> due = Channel.CreateUnbounded<DueMessage>();
    private readonly ConcurrentDictionary<string, Parked> parked = new(StringComparer.Ordinal);
    private readonly Lock linesGate = new();
    private readonly Dictionary<string, ConversationLine> lines = new(StringComparer.Ordinal);

    /// <summary>Messages whose wait is over, to be handled before any other.</summary>
    public ChannelReader<DueMessage> Due => due.Reader;

    public int Count
    {
        get
        {
            lock (linesGate)
            {
                return parked.Count + due.Reader.Count + lines.Values.Sum(line => line.Waiting.Count);
            }
        }
    }

    /// <summary>Messages parked on their own (for the app's pace, a pause or a retry), not lined up for a conversation.</summary>
    public int WaitingAlone => parked.Count;

    /// <param name="conversationId">
    /// The busy conversation the message waits for, if that is why it waits: it then lines up behind the others
    /// waiting for it.
    /// </param>
    /// <returns>False when the wait would outlast the message's visibility: hide it in the queue instead.</returns>
    public bool TryPark(QueueMessage message, TimeSpan delay, string? conversationId = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.NextVisibleOn is not { } visibleAgain || visibleAgain - time.GetUtcNow() < delay + VisibilityMargin)
        {
            return false;
        }

        return conversationId is null ? TryParkAlone(message, delay) : TryJoinLine(message, delay, conversationId);
    }

    /// <summary>
    /// The message handed back for <paramref name="conversationId"/> has been handled (sent, or parked again);
    /// the next in its line is handed back after <paramref name="nextWait"/>, the conversation's wait now.
    /// </summary>
    public void Handled(string conversationId, TimeSpan nextWait)
    {
        lock (linesGate)
        {
            if (!lines.TryGetValue(conversationId, out var line))
            {
                return;
            }

            line.FirstHandedBack = false;
            if (line.Waiting.Count == 0)
            {
                lines.Remove(conversationId);
                return;
            }

            StartTimer(conversationId, line, nextWait);
        }
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

        lock (linesGate)
        {
            foreach (var line in lines.Values)
            {
                line.Timer?.Dispose();
                all.AddRange(line.Waiting);
            }

            lines.Clear();
        }

        while (due.Reader.TryRead(out var message))
        {
            all.Add(message.Message);
        }

        return all;
    }

    public void Dispose()
    {
        foreach (var entry in parked.Values)
        {
            entry.Timer?.Dispose();
        }

        lock (linesGate)
        {
            foreach (var line in lines.Values)
            {
                line.Timer?.Dispose();
            }
        }
    }

    private bool TryParkAlone(QueueMessage message, TimeSpan delay)
    {
        var entry = new Parked(message);
        if (!parked.TryAdd(message.MessageId, entry))
        {
            return false;
        }

        entry.Timer = time.CreateTimer(_ => HandBack(message.MessageId), null, delay, Timeout.InfiniteTimeSpan);
        return true;
    }

    private bool TryJoinLine(QueueMessage message, TimeSpan delay, string conversationId)
    {
        lock (linesGate)
        {
            if (!lines.TryGetValue(conversationId, out var line))
            {
                lines[conversationId] = line = new ConversationLine();
            }
            else if (line.Waiting.Any(waiting => waiting.MessageId == message.MessageId))
            {
                return false;
            }

            line.Waiting.Enqueue(message);
            if (!line.FirstHandedBack && line.Timer is null)
            {
                StartTimer(conversationId, line, delay);
            }

            return true;
        }
    }

    private void StartTimer(string conversationId, ConversationLine line, TimeSpan delay)
    {
        line.Timer?.Dispose();
        line.Timer = time.CreateTimer(_ => HandBackFirst(conversationId), null, delay, Timeout.InfiniteTimeSpan);
    }

    private void HandBack(string messageId)
    {
        if (parked.TryRemove(messageId, out var entry))
        {
            entry.Timer?.Dispose();
            due.Writer.TryWrite(new DueMessage(entry.Message, null));
        }
    }

    private void HandBackFirst(string conversationId)
    {
        lock (linesGate)
        {
            if (!lines.TryGetValue(conversationId, out var line) || !line.Waiting.TryDequeue(out var first))
            {
                return;
            }

            line.Timer?.Dispose();
            line.Timer = null;
            line.FirstHandedBack = true;
            due.Writer.TryWrite(new DueMessage(first, conversationId));
        }
    }

    private sealed class Parked(QueueMessage message)
    {
        public QueueMessage Message { get; } = message;

        public ITimer? Timer { get; set; }
    }

    /// <summary>The messages waiting for one busy conversation, in the order they were deferred.</summary>
    private sealed class ConversationLine
    {
        public Queue<QueueMessage> Waiting { get; } = new();

        public ITimer? Timer { get; set; }

        /// <summary>The first of the line is with a sender; the next waits until it has been handled.</summary>
        public bool FirstHandedBack { get; set; }
    }
}

/// <summary>A parked message whose wait is over, and the busy conversation whose line it came from, if any.</summary>
public readonly record struct DueMessage(QueueMessage Message, string? Conversation);
