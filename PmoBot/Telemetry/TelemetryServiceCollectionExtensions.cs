using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PmoBot.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Application Insights' connection string, which App Service gets from infra/main.bicep.</summary>
    public const string AppInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The standard OpenTelemetry setting naming an OTLP collector (or the Aspire dashboard).</summary>
    public const string OtlpSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The product's instruments; features that record on them call this too (it adds them once).</summary>
    public static IServiceCollection AddPmoMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<PmoMetrics>();
        return services;
    }

    /// <summary>
    /// The product's span source and meter, and where they go: Application Insights through the Azure Monitor
    /// distro, an OTLP collector, both, or nowhere. With neither configured no OpenTelemetry provider is built, so
    /// spans are never started and instruments never recorded beyond a null check.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPmoMetrics();
        services.AddSingleton<TurnTelemetry>();

        var appInsights = configuration[AppInsightsSetting];
        var otlp = configuration[OtlpSetting];
        if (string.IsNullOrWhiteSpace(appInsights) && string.IsNullOrWhiteSpace(otlp))
        {
            return services;
        }

        // The storage SDK's own spans (one per table and queue call) are still behind this switch.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(PmoTelemetry.Name))
            .WithTracing(tracing => tracing
                .AddSource(PmoTelemetry.Name, "Azure.*")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(Hosting.HealthEndpoint.Route, StringComparison.Ordinal))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(PmoTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithLogging();
        if (!string.IsNullOrWhiteSpace(appInsights))
        {
            telemetry.UseAzureMonitor(o => o.ConnectionString = appInsights);
        }

        if (!string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
