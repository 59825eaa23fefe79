using Microsoft.Extensions.Options;
using PmoBot.People;
using PmoBot.Storage;

namespace PmoBot.Demo;

/// <summary>Creates the demo organisation once the tables exist. Existing rows are left alone, so a second run duplicates nothing and keeps roles changed in chat.</summary>
public sealed partial class DemoSeeder(
    IOptions<DemoOptions> options,
    StorageReadiness readiness,
    PeopleDirectory people,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Seed)
        {
            return;
        }

        await readiness.WaitAsync(stoppingToken);
        await SeedAsync(stoppingToken);
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var person in DemoOrganisation.People)
        {
            await people.EnsureAsync(person.ToProfile(), cancellationToken);
        }

        LogSeeded(DemoOrganisation.People.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo organisation seeded: {PeopleCount} people")]
    private partial void LogSeeded(int peopleCount);
}

public static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddDemoOrganisation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName));
        services.AddSingleton<DemoSeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoSeeder>());
        return services;
    }
}
