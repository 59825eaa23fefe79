namespace PmoBot.Delivery;

public sealed record DeliveryStatusReport(
    IReadOnlyDictionary<DeliveryStatus, int> Counts,
    int QueueLength,
    int DeadLetters,
    IReadOnlyList<DeliveryLogEntry> Failures,
    DateTimeOffset Since);

/// <summary>
/// What <c>delivery status</c> shows: the last day's deliveries by status, and why the failed ones failed and the
/// dropped ones (updates of messages that never arrived, to someone still out of reach) were not sent.
/// </summary>
public sealed class DeliveryStatusQuery(DeliveryLogStore log, OutboxQueues queues, TimeProvider time)
{
    public async Task<DeliveryStatusReport> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = now.AddDays(-1);
        var entries = await log.ListSinceAsync(since, now, cancellationToken);
        var counts = Enum.GetValues<DeliveryStatus>().ToDictionary(status => status, status => entries.Count(e => e.Status == status));
        var failures = entries.Where(e => e.Status is DeliveryStatus.Failed or DeliveryStatus.Dropped).OrderByDescending(e => e.UpdatedAt).ToList();
        return new DeliveryStatusReport(counts, await queues.CountAsync(cancellationToken), await queues.CountDeadLettersAsync(cancellationToken), failures, since);
    }
}
