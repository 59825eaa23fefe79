namespace PmoBot.Bench;

/// <summary>
/// Teams' limits as the Bot Connector applies them, kept apart from the bot's own limiter so the benchmark catches
/// the bot breaking them: per conversation 7 in any 1 s, 8 in any 2 s, 60 in any 30 s, 1,800 in any hour, and for
/// the app N in any 1 s. Exact sliding windows over receive times. Not thread-safe: the simulator holds its lock.
/// </summary>
internal sealed class ConnectorLimits(int globalPerSecond)
{
    private static readonly (int Count, TimeSpan Window)[] PerConversation =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    private static readonly TimeSpan GlobalWindow = TimeSpan.FromSeconds(1);

    private readonly List<TimeSpan> globalAccepts = [];
    private readonly Dictionary<string, List<TimeSpan>> conversationAccepts = new(StringComparer.Ordinal);

    /// <summary>Zero when a send to <paramref name="conversationId"/> at <paramref name="now"/> breaks no limit; otherwise how long until it would not.</summary>
    public TimeSpan WaitFor(string conversationId, TimeSpan now)
    {
        var wait = WaitFor(globalAccepts, globalPerSecond, GlobalWindow, now);
        if (conversationAccepts.TryGetValue(conversationId, out var accepts))
        {
            foreach (var (count, window) in PerConversation)
            {
                var forWindow = WaitFor(accepts, count, window, now);
                wait = forWindow > wait ? forWindow : wait;
            }
        }

        return wait;
    }

    /// <summary>Whether a send to <paramref name="conversationId"/> at <paramref name="now"/> would break one of the conversation's own limits.</summary>
    public bool BreaksConversationLimit(string conversationId, TimeSpan now) =>
        conversationAccepts.TryGetValue(conversationId, out var accepts)
        && PerConversation.Any(limit => WaitFor(accepts, limit.Count, limit.Window, now) > TimeSpan.Zero);

    /// <summary>Counts an accepted send; <paramref name="now"/> never goes backwards (the caller's clock is monotonic).</summary>
    public void Record(string conversationId, TimeSpan now)
    {
        Append(globalAccepts, now, globalPerSecond);
        if (!conversationAccepts.TryGetValue(conversationId, out var accepts))
        {
            conversationAccepts[conversationId] = accepts = [];
        }

        Append(accepts, now, PerConversation[^1].Count);
    }

    /// <summary>
    /// The newest <paramref name="limit"/> accepts decide: if the oldest of them is still inside the window, one
    /// more would make <paramref name="limit"/> + 1 in it.
    /// </summary>
    private static TimeSpan WaitFor(List<TimeSpan> accepts, int limit, TimeSpan window, TimeSpan now)
    {
        if (accepts.Count < limit)
        {
            return TimeSpan.Zero;
        }

        var leavesWindowAt = accepts[^limit] + window;
        return leavesWindowAt > now ? leavesWindowAt - now : TimeSpan.Zero;
    }

    private static void Append(List<TimeSpan> accepts, TimeSpan now, int keep)
    {
        accepts.Add(now);
        if (accepts.Count > keep * 2)
        {
            accepts.RemoveRange(0, accepts.Count - keep);
        }
    }
}
