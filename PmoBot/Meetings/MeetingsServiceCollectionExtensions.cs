using PmoBot.Commands;

namespace PmoBot.Meetings;

public static class MeetingsServiceCollectionExtensions
{
    /// <summary>Review meetings through Microsoft Graph; needs <c>AddGraph</c> (the Graph client), People and Projects.</summary>
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddSingleton<GraphCalendarClient>();
        services.AddSingleton<MeetingPeople>();
        services.AddSingleton<IReviewMeetingBooker, GraphReviewMeetingBooker>();
        services.AddSingleton<ICommandModule, MeetingCommands>();
        return services;
    }
}
