using Microsoft.Extensions.Options;
using PmoBot.Blockers;
using PmoBot.Lessons;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;

namespace PmoBot.Demo;

/// <summary>
/// Creates the demo organisation and its portfolio once the tables exist. Existing rows are left alone, so a second
/// run duplicates nothing and keeps roles and projects changed in chat. Declared as a <see cref="StartupSeeder"/>:
/// work that reads the demo (the early-warning sweep) waits until it is done.
/// </summary>
public sealed partial class DemoSeeder(
    IOptions<DemoOptions> options,
    StorageReadiness readiness,
    SeedingReadiness seeding,
    PeopleDirectory people,
    ProjectRegister projects,
    ReviewTemplateStore templates,
    ReviewHistory history,
    DemoLessonSeeder lessons,
    TimeProvider time,
    ILogger<DemoSeeder> logger,
    IEnumerable<ITimeZoneChangeObserver>? timeZoneObservers = null,
    DemoProcesses? processes = null,
    BlockerStore? blockers = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (options.Value.Seed)
            {
                await readiness.WaitAsync(stoppingToken);
                await SeedAsync(stoppingToken);
            }
        }
        finally
        {
            // Also when seeding failed: the sweep then runs on what there is rather than never.
            seeding.MarkSeeded();
        }
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var person in DemoOrganisation.People)
        {
            await people.EnsureAsync(person.ToProfile(), cancellationToken);

            // Seeded before zones were seeded as chosen, a demo person may have taken the playground's zone since.
            if (await people.AdoptChosenTimeZoneAsync(person.AadObjectId, person.TimeZone, cancellationToken))
            {
                foreach (var observer in timeZoneObservers ?? [])
                {
                    await observer.TimeZoneChangedAsync(person.AadObjectId, cancellationToken);
                }
            }
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var portfolio = DemoOrganisation.Projects(today);
        var created = 0;
        foreach (var project in portfolio)
        {
            if (await projects.CreateAsync(project, DemoOrganisation.SeededBy, cancellationToken) is ProjectSaveResult.Saved)
            {
                created++;
            }
        }

        // The processes first: their compliance questions join the questionnaire the seeded weeks answer.
        var processCount = processes is null ? 0 : await processes.SeedAsync(today, time.GetUtcNow(), cancellationToken);
        var stored = (await projects.ListStoredAsync(cancellationToken)).Values.Select(p => p.Project).Where(p => portfolio.Any(d => d.Code == p.Code)).ToList();
        var reviews = await DemoReviewHistory.SeedAsync(stored, await templates.GetCurrentAsync(cancellationToken), history, time.GetUtcNow(), cancellationToken, processes is null ? null : processes.RecordAsync);
        var lessonCount = await lessons.SeedAsync(cancellationToken);
        if (blockers is not null)
        {
            await DemoBlockers.SeedAsync(blockers, stored, time.GetUtcNow(), cancellationToken);
        }

        LogSeeded(DemoOrganisation.People.Count, portfolio.Count, created, reviews, lessonCount, processCount);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo organisation seeded: {PeopleCount} people, {ProjectCount} projects ({CreatedCount} new), {ReviewCount} past reviews written, {LessonCount} new lessons, {ProcessCount} new processes")]
    private partial void LogSeeded(int peopleCount, int projectCount, int createdCount, int reviewCount, int lessonCount, int processCount);
}

public static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddDemoOrganisation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName));
        services.AddSingleton(new StartupSeeder(nameof(DemoSeeder)));
        services.AddSingleton<DemoProcesses>();
        services.AddSingleton<DemoSeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoSeeder>());
        return services;
    }
}
