using PmoBot.Commands;
using PmoBot.Hosting;
using PmoBot.Storage;

namespace PmoBot.Digest;

public static class DigestServiceCollectionExtensions
{
    /// <summary>
    /// The weekly digest of exceptions: its schedule, its table, <c>digest on|off|now</c>. Needs <c>AddAlerts</c>,
    /// <c>AddReviews</c>, <c>AddBlockers</c>, <c>AddWarnings</c>, <c>AddMeetings</c> (the leave calendar) and the outbox.
    /// </summary>
    public static IServiceCollection AddDigest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DigestOptions>()
            .Bind(configuration.GetSection(DigestOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTable(DigestStore.TableName);
        services.AddSingleton(sp => new DigestStore(sp.GetRequiredService<Azure.Data.Tables.TableServiceClient>()));
        services.AddSingleton<DigestReader>();
        services.AddSingleton<WeeklyDigest>();
        services.AddSingleton<ICommandModule, DigestCommands>();
        services.AddSweep<DigestScheduler>();
        return services;
    }
}
