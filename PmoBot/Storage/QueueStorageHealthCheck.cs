using Azure.Storage.Queues;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PmoBot.Storage;

/// <summary>Queue storage answers (the outbox lives there): one list call of at most one queue, with a short timeout.</summary>
public sealed class QueueStorageHealthCheck(QueueServiceClient service) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await foreach (var _ in service.GetQueuesAsync(cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Queue storage is not reachable.", ex);
        }

        return HealthCheckResult.Healthy("Queue storage is reachable.");
    }
}
