using System.Diagnostics.Metrics;

namespace PmoBot.Telemetry;

/// <summary>
/// The product's instruments, on one meter created through <see cref="IMeterFactory"/> (so each host, and each test
/// server, has its own). Tag values are small closed sets (outcomes, commands, rule ids, statuses), never people or text.
/// </summary>
public sealed class PmoMetrics
{
    private readonly Counter<long> deliveries;
    private readonly Histogram<double> queueAge;
    private readonly Histogram<double> turnDuration;
    private readonly Counter<long> reviews;
    private readonly Counter<long> warningsRaised;
    private readonly Counter<long> graphFailures;

    public PmoMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(PmoTelemetry.Name);
        deliveries = meter.CreateCounter<long>("pmobot.outbox.deliveries", "{delivery}", "Outbox messages handled, by outcome: sent, retried, throttled, dead-lettered, unreachable, failed.");
        queueAge = meter.CreateHistogram<double>("pmobot.outbox.queue_age", "s", "How long a message waited in the outbox between its enqueue and its send.");
        turnDuration = meter.CreateHistogram<double>("pmobot.turn.duration", "ms", "Time to answer one activity, by command or card verb.");
        reviews = meter.CreateCounter<long>("pmobot.reviews", "{review}", "Weekly reviews opened, submitted and missed.");
        warningsRaised = meter.CreateCounter<long>("pmobot.warnings.raised", "{warning}", "Early warnings raised, by rule and severity.");
        graphFailures = meter.CreateCounter<long>("pmobot.graph.failures", "{response}", "Microsoft Graph answers that were not a success, by status (each retried 429 counts).");
    }

    public void Delivery(string outcome) => deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void QueueAge(TimeSpan age) => queueAge.Record(Math.Max(0, age.TotalSeconds));

    public void Turn(string activityType, string command, TimeSpan duration) =>
        turnDuration.Record(duration.TotalMilliseconds, new KeyValuePair<string, object?>("activity.type", activityType), new KeyValuePair<string, object?>("command", command));

    public void Review(string what, int count = 1) => reviews.Add(count, new KeyValuePair<string, object?>("event", what));

    public void WarningRaised(string ruleId, string severity) =>
        warningsRaised.Add(1, new KeyValuePair<string, object?>("rule", ruleId), new KeyValuePair<string, object?>("severity", severity));

    public void GraphFailure(int status) => graphFailures.Add(1, new KeyValuePair<string, object?>("status", status));
}
