using Microsoft.Extensions.Options;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Storage;

namespace PmoBot.Demo;

/// <summary>
/// Creates the demo organisation and its portfolio once the tables exist. Existing rows are left alone, so a second
/// run duplicates nothing and keeps roles and projects changed in chat.
/// </summary>
public sealed partial class DemoSeeder(
    IOptions<DemoOptions> options,
    StorageReadiness readiness,
    PeopleDirectory people,
    ProjectRegister projects,
    TimeProvider time,
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

        var portfolio = DemoOrganisation.Projects(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var created = 0;
        foreach (var project in portfolio)
        {
            if (await projects.CreateAsync(project, DemoOrganisation.SeededBy, cancellationToken) is ProjectSaveResult.Saved)
            {
                created++;
            }
        }

        LogSeeded(DemoOrganisation.People.Count, portfolio.Count, created);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo organisation seeded: {PeopleCount} people, {ProjectCount} projects ({CreatedCount} new)")]
    private partial void LogSeeded(int peopleCount, int projectCount, int createdCount);
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
