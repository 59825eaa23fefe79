using Azure.Data.Tables;
using PmoBot.Commands;
using PmoBot.Hosting;
using PmoBot.Reviews;
using PmoBot.Storage;

namespace PmoBot.Warnings;

public static class WarningsServiceCollectionExtensions
{
    /// <summary>
    /// Early warnings: the rules (section <c>Warnings</c>, validated at start), the <c>Warnings</c> and <c>WarningPosts</c> tables, the review
    /// observer, the daily sweeper, the <c>warnings</c> command, manual warnings ("Raise early warning") and the alert
    /// card's actions. Needs People, Projects, Reviews, Alerts and Delivery, and an <see cref="PmoBot.Lessons.ILessonAdvisor"/> and an
    /// <see cref="PmoBot.Meetings.IReviewMeetingBooker"/> registered by their features.
    /// </summary>
    public static IServiceCollection AddWarnings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WarningsOptions>()
            .Bind(configuration.GetSection(WarningsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTable(WarningStore.TableName).AddTable(WarningPostStore.TableName);
        services.AddSingleton(sp => new WarningStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton(sp => new WarningPostStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<PmoBot.Alerts.IOpenAlerts, OpenWarningsList>();
        services.AddSingleton<WarningRules>();
        services.AddSingleton<WarningAlerts>();
        services.AddSingleton<WarningMonitor>();
        services.AddSingleton<ManualWarnings>();
        services.AddSingleton<IReviewEventsObserver, WarningReviewObserver>();
        services.AddSweep<WarningSweeper>();
        services.AddSingleton<People.IWelcomeNote, WarningWelcomeNote>();
        services.AddSingleton<ICommandModule, WarningCommands>();
        services.AddSingleton<ICardActionHandler, WarningAcknowledgeCardAction>();
        services.AddSingleton<ICardActionHandler, WarningAssignCardAction>();
        services.AddSingleton<ICardActionHandler, WarningMeetingCardAction>();
        services.AddSingleton<ICardActionHandler, WarningSnoozeCardAction>();
        services.AddSingleton<ICardActionHandler, WarningCloseCardAction>();
        return services;
    }
}
