using PmoBot.Commands;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.Storage;

namespace PmoBot.Development;

public static class DevelopmentServiceCollectionExtensions
{
    /// <summary>Developing project managers: learning events, certifications and PDUs, training plans, mentoring.</summary>
    public static IServiceCollection AddDevelopment(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventsOptions>()
            .Bind(configuration.GetSection(EventsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTable(EventStore.TableName).AddTable(RegistrationStore.TableName).AddTable(EventPostStore.TableName).AddTable(PduLogStore.TableName);
        services.AddSingleton<EventStore>();
        services.AddSingleton<RegistrationStore>();
        services.AddSingleton<EventPostStore>();
        services.AddSingleton<PduLogStore>();
        services.AddSingleton<RegistrationLedger>();
        services.AddSingleton<EventPoster>();
        services.AddSingleton<EventNotices>();
        services.AddSingleton<EventCardUpdater>();
        services.AddHostedService(sp => sp.GetRequiredService<EventCardUpdater>());
        services.AddSingleton<EventReminderSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<EventReminderSweeper>());
        services.AddSingleton<EventOrganiser>();
        services.AddSingleton<EventResponder>();
        services.AddSingleton<EventAttendance>();
        services.AddSingleton<ICommandModule, EventCommands>();
        services.AddSingleton<ICardActionHandler, EventSaveCardAction>();
        services.AddSingleton<ICardActionHandler, EventPostCardAction>();
        services.AddSingleton<ICardActionHandler, EventRegisterCardAction>();
        services.AddSingleton<ICardActionHandler, EventInterestedCardAction>();
        services.AddSingleton<ICardActionHandler, EventCantGoCardAction>();
        services.AddSingleton<ICardActionHandler, EventViewCardAction>();
        services.AddSingleton<ICardActionHandler, EventAttendanceCardAction>();
        services.AddSingleton<IFileOfferSource, EventCsvExport>();
        return services;
    }
}
