using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PmoBot.Storage;

public sealed class StorageHealthCheck(TableServiceClient service, StorageReadiness readiness) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await foreach (var _ in service.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token))
            {
                break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Table storage is not reachable.", ex);
        }

        return readiness.IsReady
            ? HealthCheckResult.Healthy("Table storage is reachable.")
            : HealthCheckResult.Degraded("Table storage is reachable; tables are still being created.");
    }
}
