using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PmoBot.Storage;

/// <summary>Start-up seeding (the demo organisation) is done: until then the instance is alive but not ready.</summary>
public sealed class SeedingHealthCheck(SeedingReadiness seeding) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(seeding.IsSeeded
            ? HealthCheckResult.Healthy("Start-up seeding is done.")
            : HealthCheckResult.Degraded("Start-up seeding is still running."));
}
