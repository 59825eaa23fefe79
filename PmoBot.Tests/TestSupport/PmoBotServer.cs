using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PmoBot.Tests.TestSupport;

/// <summary>The real PmoBot, listening on a free loopback port over real HTTP, with configuration overridden in memory.</summary>
public sealed class PmoBotServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly string environment;
    private readonly Action<IServiceCollection>? replaceServices;

    public PmoBotServer(
        IDictionary<string, string?>? settings = null,
        string environment = "Development",
        Action<IServiceCollection>? replaceServices = null)
    {
        this.environment = environment;
        this.replaceServices = replaceServices;
        this.settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteStorage.ConnectionString,
            ["Demo:Seed"] = "false",
            // Every test server shares one storage account: a sweep would post warnings for every test's projects.
            ["Warnings:SweepEnabled"] = "false",
            // Likewise the weekly digest: a round reads every test's projects and posts to the PMO.
            ["Digest:ScheduleEnabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }

        // UseKestrel(0) rewrites the server's addresses after the app has started Kestrel on its own thread, and
        // throws when Kestrel wins that race (dotnet/aspnetcore#67714). Asking for port 0 through the URLs does not race.
        UseKestrel();
    }

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    public HttpClient CreateHttpClient()
    {
        StartServer();
        return CreateClient();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseUrls("http://127.0.0.1:0");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        if (ServerLogFile.FromEnvironment() is { } logFile)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logFile));
        }

        if (replaceServices is not null)
        {
            builder.ConfigureTestServices(replaceServices);
        }
    }
}
