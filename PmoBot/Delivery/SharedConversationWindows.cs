using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Delivery;

/// <summary>
/// Table <c>DeliveryWindows</c>: PartitionKey = conversation id, RowKey = <c>window</c>. Teams' per-conversation
/// windows and 429 pauses as every sending instance sees them: before a send to a conversation, an instance adds
/// the send to the conversation's row under the row's ETag, unless the row says the conversation is at a limit or
/// paused. One conditional write per send while one instance keeps sending to a conversation (it keeps the row and
/// its ETag from its last write); a read and a second write when another instance wrote since.
/// The row keeps the sends of the last 30 s exactly (each with the instance that made it) and the last hour's as
/// counts per minute. Another instance's send is counted <see cref="ForeignMargin"/> longer: it is recorded when it
/// was granted and reaches Teams a request later, and the instances' clocks differ a little.
/// This instance's own sends are also timed exactly by <see cref="TeamsRateLimiter"/>, which still applies.
/// </summary>
public sealed class SharedConversationWindows(TableServiceClient service, TimeProvider time)
{
    public const string TableName = "DeliveryWindows";
    private const string Row = "window";
    private const int MaxCachedConversations = 20_000;
    private const int MaxWriteAttempts = 4;

    public static readonly TimeSpan ForeignMargin = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan OwnMargin = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Contended = TimeSpan.FromMilliseconds(100);

    private readonly TableClient table = service.GetTableClient(TableName);
    private readonly ConcurrentDictionary<string, WindowEntity> lastWritten = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds a send by <paramref name="instanceId"/> to the conversation's shared window if every limit and pause
    /// allows it now: <see cref="TimeSpan.Zero"/> when it was added, otherwise how long to wait (nothing added).
    /// </summary>
    public async Task<TimeSpan> TryReserveAsync(string conversationId, string instanceId, CancellationToken cancellationToken)
    {
        var tag = TagOf(instanceId);
        lastWritten.TryGetValue(conversationId, out var known);
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var window = known is null ? Window.Empty : Window.Parse(known);
            var wait = window.WaitAt(now, tag);
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            var updated = window.With(now, tag).ToEntity(PartitionKeyOf(conversationId));
            try
            {
                var response = known is null
                    ? await table.AddEntityAsync(updated, cancellationToken)
                    : await table.UpdateEntityAsync(updated, known.ETag, TableUpdateMode.Replace, cancellationToken);
                updated.ETag = response.Headers.ETag ?? default;
                Remember(conversationId, updated);
                return TimeSpan.Zero;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance (or sender) wrote the row since: read what it wrote and judge again.
                known = await ReadAsync(conversationId, cancellationToken);
            }
        }

        return Contended;
    }

    /// <summary>Teams answered 429 for the conversation: every instance holds it until <paramref name="until"/>.</summary>
    public async Task PauseAsync(string conversationId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var stored = await OptimisticConcurrency.UpdateAsync<WindowEntity>(
            table,
            PartitionKeyOf(conversationId),
            Row,
            current => current?.PausedUntil >= until ? null : (current is null ? Window.Empty : Window.Parse(current)).PausedTo(until).ToEntity(PartitionKeyOf(conversationId)),
            cancellationToken);
        if (stored is not null)
        {
            Remember(conversationId, stored);
        }
    }

    private async Task<WindowEntity?> ReadAsync(string conversationId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<WindowEntity>(PartitionKeyOf(conversationId), Row, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private void Remember(string conversationId, WindowEntity entity)
    {
        if (lastWritten.Count >= MaxCachedConversations)
        {
            // A miss costs one failed write and a read; an unbounded cache would grow with every chat ever sent to.
            lastWritten.Clear();
        }

        lastWritten[conversationId] = entity;
    }

    private static string PartitionKeyOf(string conversationId) => TableKey.Escape(conversationId);

    /// <summary>A short tag for an instance in the row: the end of its id (a fresh GUID per process).</summary>
    private static string TagOf(string instanceId) => instanceId.Length <= 12 ? instanceId : instanceId[^12..];

    /// <summary>The row's content: recent sends (unix ms, instance tag), sends per minute over the last hour, the pause.</summary>
    private sealed record Window(IReadOnlyList<(long At, string Tag)> Recent, IReadOnlyList<(long Minute, int Count)> Minutes, DateTimeOffset? PausedUntil)
    {
        public static readonly Window Empty = new([], [], null);

        private static readonly TimeSpan KeepRecent = TimeSpan.FromSeconds(30) + ForeignMargin + TimeSpan.FromSeconds(1);

        public TimeSpan WaitAt(DateTimeOffset now, string ownTag)
        {
            var wait = PausedUntil is { } paused && paused > now ? paused - now : TimeSpan.Zero;
            var nowMs = now.ToUnixTimeMilliseconds();
            foreach (var (count, window) in TeamsRateLimiter.PerConversationLimits.Where(l => l.Window <= TimeSpan.FromSeconds(30)))
            {
                var stillCounted = Recent
                    .Select(s => s.At + (long)(window + (s.Tag == ownTag ? OwnMargin : ForeignMargin)).TotalMilliseconds)
                    .Where(until => until > nowMs)
                    .Order()
                    .ToList();
                if (stillCounted.Count >= count)
                {
                    wait = Max(wait, TimeSpan.FromMilliseconds(stillCounted[stillCounted.Count - count] - nowMs + 1));
                }
            }

            var (hourCount, hourWindow) = TeamsRateLimiter.PerConversationLimits[^1];
            var firstMinute = MinuteOf(nowMs) - (long)hourWindow.TotalMinutes;
            var lastHour = Minutes.Where(m => m.Minute >= firstMinute).OrderBy(m => m.Minute).ToList();
            if (lastHour.Sum(m => m.Count) >= hourCount)
            {
                // Counted by whole minutes, so a send leaves the hour with the minute after its own.
                wait = Max(wait, TimeSpan.FromMilliseconds(((lastHour[0].Minute + (long)hourWindow.TotalMinutes + 1) * 60_000) - nowMs));
            }

            return wait;
        }

        public Window With(DateTimeOffset now, string tag)
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var minute = MinuteOf(nowMs);
            var firstMinute = minute - (long)TeamsRateLimiter.PerConversationLimits[^1].Window.TotalMinutes;
            var minutes = Minutes.Where(m => m.Minute >= firstMinute && m.Minute != minute).ToList();
            minutes.Add((minute, Minutes.Where(m => m.Minute == minute).Sum(m => m.Count) + 1));
            var recent = Recent.Where(s => s.At > nowMs - (long)KeepRecent.TotalMilliseconds).Append((nowMs, tag)).ToList();
            return this with { Recent = recent, Minutes = minutes, PausedUntil = PausedUntil > now ? PausedUntil : null };
        }

        public Window PausedTo(DateTimeOffset until) => this with { PausedUntil = until };

        public WindowEntity ToEntity(string partitionKey) => new()
        {
            PartitionKey = partitionKey,
            RowKey = Row,
            Recent = string.Join(' ', Recent.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.At}:{s.Tag}"))),
            Minutes = string.Join(' ', Minutes.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Minute}:{m.Count}"))),
            PausedUntil = PausedUntil,
        };

        public static Window Parse(WindowEntity entity) => new(
            Pairs(entity.Recent).Select(p => (long.Parse(p.Left, CultureInfo.InvariantCulture), p.Right)).ToList(),
            Pairs(entity.Minutes).Select(p => (long.Parse(p.Left, CultureInfo.InvariantCulture), int.Parse(p.Right, CultureInfo.InvariantCulture))).ToList(),
            entity.PausedUntil);

        private static IEnumerable<(string Left, string Right)> Pairs(string? text) =>
            (text ?? string.Empty)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split(':', 2))
                .Where(parts => parts.Length == 2)
                .Select(parts => (parts[0], parts[1]));

        private static long MinuteOf(long unixMs) => unixMs / 60_000;

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }

    private sealed class WindowEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = Row;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string? Recent { get; set; }

        public string? Minutes { get; set; }

        public DateTimeOffset? PausedUntil { get; set; }
    }
}
