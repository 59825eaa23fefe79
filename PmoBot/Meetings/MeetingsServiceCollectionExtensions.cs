using PmoBot.Commands;
using PmoBot.Storage;

namespace PmoBot.Meetings;

public static class MeetingsServiceCollectionExtensions
{
    /// <summary>Review meetings through Microsoft Graph; needs <c>AddGraph</c> (the Graph client), People and Projects.</summary>
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddSingleton<GraphCalendarClient>();
        services.AddSingleton<MeetingPeople>();
        services.AddTable(ReviewMeetingStore.TableName);
        services.AddSingleton<ReviewMeetingStore>();
        services.AddSingleton<GraphReviewMeetingBooker>();
        services.AddSingleton<IReviewMeetingBooker>(sp => new OneMeetingPerProjectBooker(
            sp.GetRequiredService<GraphReviewMeetingBooker>(), sp.GetRequiredService<ReviewMeetingStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICommandModule, MeetingCommands>();
        return services;
    }
}
