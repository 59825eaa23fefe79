using System.Globalization;

namespace PmoBot.Bench;

/// <summary>An activity the connector simulator accepted (answered 201).</summary>
internal sealed record AcceptedActivity(string ConversationId, string? Text, string? Token, TimeSpan ReceivedAt);

/// <summary>Every activity the connector simulator accepted, in the order it accepted them. Thread-safe.</summary>
internal sealed class DeliveryLedger
{
    private readonly Lock gate = new();
    private readonly List<AcceptedActivity> accepted = [];
    private readonly Dictionary<string, int> timesByToken = new(StringComparer.Ordinal);

    public int UniqueTokens
    {
        get
        {
            lock (gate)
            {
                return timesByToken.Count;
            }
        }
    }

    public void Record(AcceptedActivity activity)
    {
        lock (gate)
        {
            accepted.Add(activity);
            if (activity.Token is { } token)
            {
                timesByToken[token] = timesByToken.GetValueOrDefault(token) + 1;
            }
        }
    }

    /// <summary>Writes every accepted activity as CSV (seconds since the simulator started, conversation, token), for looking at the send pattern afterwards.</summary>
    public async Task WriteCsvAsync(string path, CancellationToken cancellationToken)
    {
        List<AcceptedActivity> copy;
        lock (gate)
        {
            copy = [.. accepted];
        }

        await File.WriteAllLinesAsync(
            path,
            copy.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.ReceivedAt.TotalSeconds:0.000},{a.ConversationId},{a.Token}")).Prepend("received_s,conversation,token"),
            cancellationToken);
    }

    /// <summary>When each activity accepted in <paramref name="conversationId"/> arrived, oldest first.</summary>
    public IReadOnlyList<TimeSpan> AcceptedIn(string conversationId)
    {
        lock (gate)
        {
            return accepted.Where(a => a.ConversationId == conversationId).Select(a => a.ReceivedAt).ToList();
        }
    }

    public LedgerSnapshot Snapshot()
    {
        lock (gate)
        {
            return new LedgerSnapshot(
                new Dictionary<string, int>(timesByToken, StringComparer.Ordinal),
                accepted.Count,
                accepted.Count == 0 ? TimeSpan.Zero : accepted[0].ReceivedAt,
                accepted.Count == 0 ? TimeSpan.Zero : accepted[^1].ReceivedAt);
        }
    }
}

/// <summary>The ledger at one moment: how often each token was accepted, and when the first and last activity arrived.</summary>
internal sealed record LedgerSnapshot(IReadOnlyDictionary<string, int> TimesByToken, int Activities, TimeSpan FirstAt, TimeSpan LastAt)
{
    public TimeSpan Span => LastAt - FirstAt;

    public bool WasAccepted(string token) => TimesByToken.ContainsKey(token);

    public int DuplicatedTokens => TimesByToken.Values.Count(times => times > 1);
}
