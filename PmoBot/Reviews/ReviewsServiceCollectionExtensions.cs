using PmoBot.Commands;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Leave;
using PmoBot.Reviews.Schedule;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;
using PmoBot.Telemetry;

namespace PmoBot.Reviews;

public static class ReviewsServiceCollectionExtensions
{
    /// <summary>The weekly reviews: questionnaire, schedule, check-in conversation, history and KPIs.</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReviewTemplates().AddReviewSchedule(configuration).AddReviewHistory();
        services.AddTable(ReviewSessionStore.TableName);
        services.AddSingleton<ReviewSessionStore>();
        services.AddSingleton<ReviewStarter>();
        services.AddSingleton<People.IWelcomeNote, CheckIn.ReviewWelcomeNote>();
        services.AddSingleton<ReviewSubmitter>();
        services.AddSingleton<ReviewFormOpener>();
        services.AddSingleton<IConversationFlow, ReviewConversation>();
        services.AddSingleton<ICommandModule, ReviewCommands>();
        services.AddSingleton<ICardActionHandler, ReviewSubmitCardAction>();
        services.AddSingleton<ICardActionHandler, ReviewEditCardAction>();
        services.AddSingleton<ICardActionHandler, ReviewFormSubmitCardAction>();
        // The calendar client and people come from AddMeetings and AddGraph; resolved when the round first runs.
        services.AddSingleton(sp => new LeaveCalendar(
            sp.GetRequiredService<PmoBot.Graph.GraphClientAccessor>(), sp.GetRequiredService<PmoBot.Meetings.GraphCalendarClient>(), sp.GetRequiredService<PmoBot.Meetings.MeetingPeople>()));
        services.AddSingleton<IReviewDueHandler, ReviewRounds>();
        services.AddPmoMetrics().AddSingleton<IReviewEventsObserver, ReviewMetricsObserver>();
        services.AddSingleton<PmoBot.People.ITimeZoneChangeObserver, ReviewTimeZoneObserver>();
        return services;
    }
}
