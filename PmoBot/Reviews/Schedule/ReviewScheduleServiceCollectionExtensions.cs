using Azure.Data.Tables;
using PmoBot.Commands;
using PmoBot.Storage;

namespace PmoBot.Reviews.Schedule;

public static class ReviewScheduleServiceCollectionExtensions
{
    /// <summary>
    /// The review schedule, the due-review index and its sweeper. Needs People and Projects registered; the check-in
    /// registers the <see cref="IReviewDueHandler"/> the sweeper hands due entries to.
    /// </summary>
    public static IServiceCollection AddReviewSchedule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewsOptions>()
            .Bind(configuration.GetSection(ReviewsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTable(ReviewScheduleStore.TableName).AddTable(ReviewDueIndex.TableName);
        services.AddSingleton(sp => new ReviewScheduleStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton(sp => new ReviewDueIndex(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<ReviewScheduler>();
        services.AddSingleton<ReviewSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ReviewSweeper>());
        services.AddSingleton<ICommandModule, ReviewScheduleCommands>();
        return services;
    }
}
