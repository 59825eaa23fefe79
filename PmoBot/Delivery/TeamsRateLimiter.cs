using Microsoft.Extensions.Options;

namespace PmoBot.Delivery;

/// <summary>
/// Keeps this instance's proactive sends inside Teams' limits: per conversation 7 in any 1 s, 8 in 2 s, 60 in
/// 30 s and 1,800 in an hour, and for the whole app a configurable rate per second. Sliding windows (not token
/// buckets) because that is how the limits are stated: a burst at the end of one second and another at the
/// start of the next would break "N in any second".
/// A send counts from when it is granted until it completes, and is timed by its completion: Teams sees a
/// request somewhere in between, so a later send granted a full window after an earlier one completed can
/// never reach Teams inside that window, however long the request took. The transport takes its slot just
/// before its request and completes it when Teams answers, so that span is the request's own.
/// </summary>
public sealed class TeamsRateLimiter
{
    public static readonly IReadOnlyList<(int Count, TimeSpan Window)> PerConversationLimits =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    // Teams sees a request somewhere between its grant and its completion, which the windows already allow for
    // (in flight it counts as now, then at its completion); counting each window slightly longer covers the
    // resolution of the clocks involved.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The window the app's rate is counted over, margin included: the longest a send can wait for the app's pace
    /// (when every slot of the last second is still in flight) unless the app is paused.
    /// </summary>
    public static readonly TimeSpan AppWindow = TimeSpan.FromSeconds(1) + Margin;

    private readonly TimeProvider time;
    private readonly double appRatePerSecond;
    private int globalPerSecond;
    private readonly Lock gate = new();
    private readonly Queue<SendSlot> globalSends = new();
    private readonly Dictionary<string, Queue<SendSlot>> conversationSends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> pausedUntil = new(StringComparer.Ordinal);
    private TimeSpan globalPausedUntil;
    private TimeSpan nextPrune;

    public TeamsRateLimiter(TimeProvider time, IOptions<DeliveryOptions> options)
    {
        this.time = time;
        appRatePerSecond = options.Value.GlobalRatePerSecond;
        globalPerSecond = Math.Max(1, (int)Math.Floor(options.Value.InstanceRatePerSecond));
    }

    /// <summary>This instance's share of the app's sends per second.</summary>
    public int GlobalPerSecond
    {
        get
        {
            lock (gate)
            {
                return globalPerSecond;
            }
        }
    }

    /// <summary>
    /// The app's rate is now split among <paramref name="liveInstances"/> (this one included): an instance left alone
    /// takes the whole rate, and one more instance halves it.
    /// </summary>
    public void ShareAppRate(int liveInstances)
    {
        lock (gate)
        {
            globalPerSecond = Math.Max(1, (int)Math.Floor(appRatePerSecond / Math.Max(1, liveInstances)));
        }
    }

    /// <summary>How long until a send to <paramref name="conversationId"/> would be allowed; nothing is counted.</summary>
    public SendWait EstimateWait(string conversationId)
    {
        lock (gate)
        {
            return WaitFor(conversationId, MonotonicNow(time));
        }
    }

    /// <summary>
    /// Grants a send to <paramref name="conversationId"/> if every limit allows it now; otherwise grants nothing
    /// and says how long to wait. The caller completes a granted slot when the send has finished, however it ended.
    /// </summary>
    public bool TryAcquire(string conversationId, out SendSlot? slot, out SendWait wait)
    {
        lock (gate)
        {
            var now = MonotonicNow(time);
            wait = WaitFor(conversationId, now);
            if (wait.Total > TimeSpan.Zero)
            {
                slot = null;
                return false;
            }

            slot = new SendSlot(time);
            Record(conversationId, slot, now);
            return true;
        }
    }

    /// <summary>
    /// Takes back a slot granted by <see cref="TryAcquire"/> whose send did not go ahead after all (the conversation's
    /// shared window refused it): it never reached Teams, so it must not hold this instance's windows either.
    /// </summary>
    public void Withdraw(string conversationId, SendSlot slot)
    {
        lock (gate)
        {
            Remove(globalSends, slot);
            if (conversationSends.TryGetValue(conversationId, out var sends))
            {
                Remove(sends, slot);
            }
        }

        static void Remove(Queue<SendSlot> sends, SendSlot slot)
        {
            var kept = sends.Where(s => !ReferenceEquals(s, slot)).ToList();
            sends.Clear();
            foreach (var s in kept)
            {
                sends.Enqueue(s);
            }
        }
    }

    /// <summary>Teams answered 429: hold this conversation (and, for an app-wide throttle, everything) until it says.</summary>
    public void Pause(string conversationId, TimeSpan retryAfter, bool wholeApp)
    {
        lock (gate)
        {
            var until = MonotonicNow(time) + retryAfter;
            if (wholeApp)
            {
                globalPausedUntil = Max(globalPausedUntil, until);
            }
            else
            {
                pausedUntil[conversationId] = Max(pausedUntil.GetValueOrDefault(conversationId), until);
            }
        }
    }

    private SendWait WaitFor(string conversationId, TimeSpan now)
    {
        var forApp = Max(globalPausedUntil - now, WaitForWindow(globalSends, globalPerSecond, AppWindow, now));
        var forConversation = Max(pausedUntil.GetValueOrDefault(conversationId) - now, TimeSpan.Zero);
        if (conversationSends.TryGetValue(conversationId, out var sends))
        {
            foreach (var (count, window) in PerConversationLimits)
            {
                forConversation = Max(forConversation, WaitForWindow(sends, count, window + Margin, now));
            }
        }

        return new SendWait(Max(forApp, TimeSpan.Zero), forConversation);
    }

    /// <summary>How long until fewer than <paramref name="limit"/> of <paramref name="sends"/> fall inside the window.</summary>
    private static TimeSpan WaitForWindow(Queue<SendSlot> sends, int limit, TimeSpan window, TimeSpan now)
    {
        var inWindow = sends.Select(s => s.CountsAt(now)).Where(at => at > now - window).Order().ToList();
        if (inWindow.Count < limit)
        {
            return TimeSpan.Zero;
        }

        var mustExpire = inWindow[inWindow.Count - limit];
        return Max(mustExpire + window - now, TimeSpan.FromMilliseconds(1));
    }

    private void Record(string conversationId, SendSlot slot, TimeSpan now)
    {
        globalSends.Enqueue(slot);
        TrimCompleted(globalSends, globalPerSecond * 2, AppWindow, now);
        if (!conversationSends.TryGetValue(conversationId, out var sends))
        {
            conversationSends[conversationId] = sends = new Queue<SendSlot>();
        }

        sends.Enqueue(slot);
        var longest = PerConversationLimits[^1];
        TrimCompleted(sends, longest.Count * 2, longest.Window + Margin, now);
        if (now >= nextPrune)
        {
            Prune(now);
        }
    }

    /// <summary>Drops the oldest slots once they have completed and left the window (or the queue is long enough to be sure).</summary>
    private static void TrimCompleted(Queue<SendSlot> sends, int keepAtMost, TimeSpan window, TimeSpan now)
    {
        while (sends.Count > 0 && sends.Peek().CompletedAt is { } done && (done <= now - window || sends.Count > keepAtMost))
        {
            sends.Dequeue();
        }
    }

    /// <summary>Forgets conversations idle for longer than the longest window, so memory follows recent traffic.</summary>
    private void Prune(TimeSpan now)
    {
        var horizon = now - PerConversationLimits[^1].Window - Margin;
        foreach (var idle in conversationSends.Where(c => c.Value.All(s => s.CompletedAt is { } done && done <= horizon)).Select(c => c.Key).ToList())
        {
            conversationSends.Remove(idle);
        }

        foreach (var expired in pausedUntil.Where(p => p.Value <= now).Select(p => p.Key).ToList())
        {
            pausedUntil.Remove(expired);
        }

        nextPrune = now + TimeSpan.FromMinutes(1);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// Now on a clock that only moves forward at a steady pace: the windows are intervals, and the wall clock can be
    /// stepped or slewed under a running process.
    /// </summary>
    private static TimeSpan MonotonicNow(TimeProvider time) => time.GetElapsedTime(0, time.GetTimestamp());

    /// <summary>One granted send: in flight until <see cref="Complete"/>, then counted at its completion time.</summary>
    public sealed class SendSlot(TimeProvider time)
    {
        /// <summary>When the send finished, on the limiter's monotonic clock.</summary>
        public TimeSpan? CompletedAt { get; private set; }

        /// <summary>Raised once, when the send completes.</summary>
        public event Action? Completed;

        public void Complete()
        {
            if (CompletedAt is null)
            {
                CompletedAt = MonotonicNow(time);
                Completed?.Invoke();
            }
        }

        internal TimeSpan CountsAt(TimeSpan now) => CompletedAt ?? now;
    }
}

/// <summary>
/// How long a send must wait: for the app's pace, which every conversation shares and which passes within a
/// second, and for its own conversation's limits or pause, which can take much longer.
/// </summary>
public readonly record struct SendWait(TimeSpan ForApp, TimeSpan ForConversation)
{
    public TimeSpan Total => ForApp > ForConversation ? ForApp : ForConversation;
}
