using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Storage;

public sealed class StorageHealthCheckTests
{
    [Fact]
    public async Task Reachable_storage_with_its_tables_created_is_healthy()
    {
        var readiness = new StorageReadiness();
        readiness.MarkReady();

        var result = await CheckAsync(new TableServiceClient(AzuriteStorage.ConnectionString), readiness);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Reachable_storage_whose_tables_are_still_being_created_is_degraded()
    {
        var result = await CheckAsync(new TableServiceClient(AzuriteStorage.ConnectionString), new StorageReadiness());

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }

    [Fact]
    public async Task Storage_on_a_closed_port_is_unhealthy_within_a_few_seconds()
    {
        var readiness = new StorageReadiness();
        readiness.MarkReady();
        var clock = Stopwatch.StartNew();

        var result = await CheckAsync(new TableServiceClient(ClosedPortConnectionString()), readiness);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.NotNull(result.Exception);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the check took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_check_cancelled_by_its_caller_is_cancelled_not_reported_unhealthy()
    {
        var check = new StorageHealthCheck(new TableServiceClient(ClosedPortConnectionString()), new StorageReadiness());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check.CheckHealthAsync(new HealthCheckContext(), cancelled.Token));
    }

    private static Task<HealthCheckResult> CheckAsync(TableServiceClient service, StorageReadiness readiness) =>
        new StorageHealthCheck(service, readiness).CheckHealthAsync(new HealthCheckContext());

    internal static string ClosedPortConnectionString()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return AzuriteStorage.DevelopmentAccountAt($"http://127.0.0.1:{port}/", $"http://127.0.0.1:{port}/");
    }
}
