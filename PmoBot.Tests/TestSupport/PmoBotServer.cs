using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace PmoBot.Tests.TestSupport;

/// <summary>The real PmoBot, listening on a free loopback port over real HTTP, with configuration overridden in memory.</summary>
public sealed class PmoBotServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly string environment;

    public PmoBotServer(IDictionary<string, string?>? settings = null, string environment = "Development")
    {
        this.environment = environment;
        this.settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteStorage.ConnectionString,
            ["Demo:Seed"] = "false",
            // Every test server shares one storage account: a sweep would post warnings for every test's projects.
            ["Warnings:SweepEnabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }

        UseKestrel(0);
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
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
    }
}
