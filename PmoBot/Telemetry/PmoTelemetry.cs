using System.Diagnostics;

namespace PmoBot.Telemetry;

/// <summary>
/// The product's one <see cref="ActivitySource"/> and meter name. Spans are named after what they do ("turn review",
/// "outbox send"); without a listener (no exporter configured) starting one costs a null check.
/// </summary>
public static class PmoTelemetry
{
    public const string Name = "PmoBot";

    /// <summary>The kind of proactive message on the outbox's spans (<c>review-open</c>): the key's first part, never whom it is for.</summary>
    public const string OutboxKindTag = "pmobot.outbox.kind";

    public static readonly ActivitySource Source = new(Name);
}
