using System.ComponentModel.DataAnnotations;

namespace PmoBot.Teams;

/// <summary>
/// How long a turn's own send to Teams (a reply, a card update) may go unanswered before the turn stops waiting and
/// hands it to the outbox. Teams waits about 15 seconds for the answer to a message and 5 seconds for an invoke's;
/// without a limit a connector that accepts the request and never answers would hold the turn for HttpClient's
/// 100 seconds, and the reply would be lost.
/// </summary>
public sealed class TurnReplyOptions
{
    public const string SectionName = "TurnReplies";

    /// <summary>Each send of a message's turn (a reply, a card update); well inside Teams' 15 s, retries after a 429 included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:00:10", ErrorMessage = "TurnReplies:Timeout must be between 0.5 and 10 seconds: Teams gives a message's request about 15 seconds.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each send of an invoke's turn (a card press, a file consent answer): Teams shows an error after 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:04", ErrorMessage = "TurnReplies:InvokeTimeout must be between 0.1 and 4 seconds: Teams gives an invoke five seconds, its own reads and writes included.")]
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromSeconds(2.5);
}

/// <summary>A turn's send that Teams did not answer within <see cref="TurnReplyOptions"/>' limit; it may still have arrived.</summary>
public sealed class TurnReplyTimeoutException(TimeSpan waited, Exception? inner = null)
    : TimeoutException($"Teams did not answer within {waited.TotalSeconds:0.#} s", inner)
{
    public TimeSpan Waited { get; } = waited;
}
