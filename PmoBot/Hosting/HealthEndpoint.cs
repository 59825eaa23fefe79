using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PmoBot.Hosting;

public static class HealthEndpoint
{
    /// <summary>Every check, degraded still 200: what a person or a script looks at.</summary>
    public const string Route = "/healthz";

    /// <summary>The process answers; no dependency is asked (a restart would not fix storage).</summary>
    public const string LiveRoute = "/healthz/live";

    /// <summary>Tables and queues reachable and created, start-up seeding done: App Service's health check path.</summary>
    public const string ReadyRoute = "/healthz/ready";

    public const string ReadyTag = "ready";

    /// <summary>
    /// <c>GET /healthz</c>, <c>/healthz/live</c> and <c>/healthz/ready</c>, each with a JSON body naming every check
    /// and its state. Ready is 503 until everything it asks is healthy, degraded (tables still being created) included.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Route, Options(_ => true, degradedIsReady: true));
        endpoints.MapHealthChecks(LiveRoute, Options(_ => false, degradedIsReady: true));
        endpoints.MapHealthChecks(ReadyRoute, Options(check => check.Tags.Contains(ReadyTag), degradedIsReady: false));
        return endpoints;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate, bool degradedIsReady) => new()
    {
        Predicate = predicate,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = degradedIsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = (context, report) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            }));
        },
    };
}
