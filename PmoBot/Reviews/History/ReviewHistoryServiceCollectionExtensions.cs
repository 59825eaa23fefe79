using PmoBot.Commands;
using PmoBot.Storage;

namespace PmoBot.Reviews.History;

public static class ReviewHistoryServiceCollectionExtensions
{
    /// <summary>Review history, the latest status, missed reviews and their commands. Needs <c>AddProjects</c> and a <see cref="TimeProvider"/>.</summary>
    public static IServiceCollection AddReviewHistory(this IServiceCollection services)
    {
        services.AddTable(ReviewHistoryStore.TableName).AddTable(LatestStatusStore.TableName).AddTable(MissedReviewStore.TableName);
        services.AddSingleton<ReviewHistoryStore>();
        services.AddSingleton<LatestStatusStore>();
        services.AddSingleton<MissedReviewStore>();
        services.AddSingleton<ReviewHistory>();
        services.AddSingleton<ICommandModule, ReviewHistoryCommands>();
        return services;
    }
}
