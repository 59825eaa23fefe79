using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PmoBot.Storage;

namespace PmoBot.Delivery;

/// <summary>
/// Table <c>DeliveryWindows</c>: PartitionKey = RowKey = conversation id (a row key shared by every row makes each point
/// read scan the whole table in Azurite, see <see cref="DeliveryStore"/>; rows from before, keyed <c>window</c>, are
/// ignored: they hold at most the last hour's counts). Teams' per-conversation
/// windows and 429 pauses as every sending instance sees them: before a send to a conversation, an instance adds
/// the send to the conversation's row under the row's ETag, unless the row says the conversation is at a limit or
/// paused. One conditional write per send while one instance keeps sending to a conversation (it keeps the row and
/// its ETag from its last write); a read and a second write when another instance wrote since.
/// The row keeps the sends of the last 30 s exactly (each with the instance that made it, when it was granted and,
/// once Teams has answered, when it completed) and the last hour's as counts per minute. As in
/// <see cref="TeamsRateLimiter"/>, another instance's send counts as now while it is in flight and from its completion
/// once it has completed, plus <see cref="ForeignMargin"/> for the instances' clocks; its completion is written after
/// the request, off its path. This instance's own sends are timed exactly by its own limiter, which still applies.
/// </summary>
public sealed class SharedConversationWindows(TableServiceClient service, TimeProvider time)
{
    public const string TableName = "DeliveryWindows";
    private const int MaxCachedConversations = 20_000;
    private const int MaxWriteAttempts = 4;

    public static readonly TimeSpan ForeignMargin = TimeSpan.FromMilliseconds(100);

    /// <summary>A send whose completion never arrived (its instance died, or the write failed) counts as completed this long after its grant.</summary>
    private static readonly TimeSpan MaxInFlight = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OwnMargin = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Contended = TimeSpan.FromMilliseconds(100);

    private readonly TableClient table = service.GetTableClient(TableName);
    private readonly ConcurrentDictionary<string, WindowEntity> lastWritten = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds a send by <paramref name="instanceId"/> to the conversation's shared window if every limit and pause
    /// allows it now: <see cref="TimeSpan.Zero"/> when it was added, otherwise how long to wait (nothing added).
    /// </summary>
    /// <returns>The wait (zero: reserved), and the reserved send's grant time to complete it by.</returns>
    public Task<(TimeSpan Wait, long GrantedAt)> TryReserveAsync(string conversationId, string instanceId, CancellationToken cancellationToken) =>
        AddSendAsync(conversationId, instanceId, whatever: false, cancellationToken);

    /// <summary>
    /// Adds a send already made (by an instance sending alone, which needs no one's leave) to the conversation's
    /// window, so that an instance joining later finds it there.
    /// </summary>
    public Task RecordAsync(string conversationId, string instanceId, CancellationToken cancellationToken) =>
        AddSendAsync(conversationId, instanceId, whatever: true, cancellationToken);

    /// <summary>Teams has answered the send reserved at <paramref name="grantedAt"/>: the others time it from now on.</summary>
    public async Task CompleteAsync(string conversationId, string instanceId, long grantedAt, CancellationToken cancellationToken)
    {
        var tag = TagOf(instanceId);
        lastWritten.TryGetValue(conversationId, out var known);
        if (known is not null && Window.Parse(known).Recent is [var only] && only.At == grantedAt && only.Tag == tag)
        {
            // The conversation's only recent send (most personal chats get one message at a time). Left in flight it
            // counts for the others as at most MaxInFlight longer, and one send alone reaches no limit: the write
            // would cost a storage call per send and change no one's wait.
            return;
        }

        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            known ??= await ReadAsync(conversationId, cancellationToken);
            if (known is null)
            {
                return;
            }

            var updated = Window.Parse(known).Completed(grantedAt, tag, time.GetUtcNow()).ToEntity(PartitionKeyOf(conversationId));
            try
            {
                var response = await table.UpdateEntityAsync(updated, known.ETag, TableUpdateMode.Replace, cancellationToken);
                updated.ETag = response.Headers.ETag ?? default;
                Remember(conversationId, updated);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                known = null;
            }
        }
    }

    private async Task<(TimeSpan Wait, long GrantedAt)> AddSendAsync(string conversationId, string instanceId, bool whatever, CancellationToken cancellationToken)
    {
        var tag = TagOf(instanceId);
        lastWritten.TryGetValue(conversationId, out var known);
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var window = known is null ? Window.Empty : Window.Parse(known);
            var wait = window.WaitAt(now, tag);
            if (wait > TimeSpan.Zero && !whatever)
            {
                return (wait, 0);
            }

            var updated = window.With(now, tag).ToEntity(PartitionKeyOf(conversationId));
            try
            {
                var response = known is null
                    ? await table.AddEntityAsync(updated, cancellationToken)
                    : await table.UpdateEntityAsync(updated, known.ETag, TableUpdateMode.Replace, cancellationToken);
                updated.ETag = response.Headers.ETag ?? default;
                Remember(conversationId, updated);
                return (TimeSpan.Zero, now.ToUnixTimeMilliseconds());
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance (or sender) wrote the row since: read what it wrote and judge again.
                known = await ReadAsync(conversationId, cancellationToken);
            }
        }

        return (Contended, 0);
    }

    /// <summary>Teams answered 429 for the conversation: every instance holds it until <paramref name="until"/>.</summary>
    public async Task PauseAsync(string conversationId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var stored = await OptimisticConcurrency.UpdateAsync<WindowEntity>(
            table,
            PartitionKeyOf(conversationId),
            PartitionKeyOf(conversationId),
            current => current?.PausedUntil >= until ? null : (current is null ? Window.Empty : Window.Parse(current)).PausedTo(until).ToEntity(PartitionKeyOf(conversationId)),
            cancellationToken);
        if (stored is not null)
        {
            Remember(conversationId, stored);
        }
    }

    private async Task<WindowEntity?> ReadAsync(string conversationId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<WindowEntity>(PartitionKeyOf(conversationId), PartitionKeyOf(conversationId), cancellationToken: cancellationToken);
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
    private sealed record Window(IReadOnlyList<Send> Recent, IReadOnlyList<(long Minute, int Count)> Minutes, DateTimeOffset? PausedUntil)
    {
        public static readonly Window Empty = new([], [], null);

        private static readonly TimeSpan KeepRecent = TimeSpan.FromSeconds(30) + MaxInFlight + ForeignMargin + TimeSpan.FromSeconds(1);

        public TimeSpan WaitAt(DateTimeOffset now, string ownTag)
        {
            var wait = PausedUntil is { } paused && paused > now ? paused - now : TimeSpan.Zero;
            var nowMs = now.ToUnixTimeMilliseconds();
            foreach (var (count, window) in TeamsRateLimiter.PerConversationLimits.Where(l => l.Window <= TimeSpan.FromSeconds(30)))
            {
                var stillCounted = Recent
                    .Select(s => s.CountsAt(nowMs) + (long)(window + (s.Tag == ownTag ? OwnMargin : ForeignMargin)).TotalMilliseconds)
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
            var recent = Recent.Where(s => s.At > nowMs - (long)KeepRecent.TotalMilliseconds).Append(new Send(nowMs, tag, null)).ToList();
            return this with { Recent = recent, Minutes = minutes, PausedUntil = PausedUntil > now ? PausedUntil : null };
        }

        public Window PausedTo(DateTimeOffset until) => this with { PausedUntil = until };

        public Window Completed(long grantedAt, string tag, DateTimeOffset now) => this with
        {
            Recent = Recent.Select(s => s.At == grantedAt && s.Tag == tag ? s with { DoneAt = now.ToUnixTimeMilliseconds() } : s).ToList(),
        };

        public WindowEntity ToEntity(string partitionKey) => new()
        {
            PartitionKey = partitionKey,
            RowKey = partitionKey,
            Recent = string.Join(' ', Recent.Select(s => s.ToString())),
            Minutes = string.Join(' ', Minutes.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Minute}:{m.Count}"))),
            PausedUntil = PausedUntil,
        };

        public static Window Parse(WindowEntity entity) => new(
            (entity.Recent ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Send.Parse).OfType<Send>().ToList(),
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

    /// <summary>One send in the row: <c>granted:tag</c>, and <c>:done</c> once Teams answered (unix ms).</summary>
    private sealed record Send(long At, string Tag, long? DoneAt)
    {
        /// <summary>When the send counts: its completion; while in flight, now (at most until <see cref="MaxInFlight"/> after its grant).</summary>
        public long CountsAt(long nowMs) => DoneAt ?? Math.Min(nowMs, At + (long)MaxInFlight.TotalMilliseconds);

        public static Send? Parse(string text)
        {
            var parts = text.Split(':');
            return parts.Length is 2 or 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var at)
                ? new Send(at, parts[1], parts.Length == 3 && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var done) ? done : null)
                : null;
        }

        public override string ToString() => DoneAt is { } done
            ? string.Create(CultureInfo.InvariantCulture, $"{At}:{Tag}:{done}")
            : string.Create(CultureInfo.InvariantCulture, $"{At}:{Tag}");
    }

    private sealed class WindowEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string? Recent { get; set; }

        public string? Minutes { get; set; }

        public DateTimeOffset? PausedUntil { get; set; }
    }
}
