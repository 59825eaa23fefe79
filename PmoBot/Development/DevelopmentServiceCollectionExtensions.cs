using PmoBot.Commands;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.Development.Mentoring;
using PmoBot.Development.Training;
using PmoBot.Hosting;
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
        services.AddSingleton<EventOffers>();
        services.AddSingleton<EventPostStore>();
        services.AddSingleton<PduLogStore>();
        services.AddSingleton<RegistrationLedger>();
        services.AddSingleton<EventPoster>();
        services.AddSingleton<EventNotices>();
        services.AddSingleton<EventCardUpdater>();
        services.AddHostedService(sp => sp.GetRequiredService<EventCardUpdater>());
        services.AddSweep<EventReminderSweeper>();
        services.AddSingleton<EventOrganiser>();
        services.AddSingleton<EventResponder>();
        services.AddSingleton<EventAttendance>();
        services.AddTable(EventMeetingStore.TableName);
        services.AddSingleton<EventMeetingStore>();
        services.AddSingleton<EventGraphClient>();
        services.AddSweep<OnlineEventMeetings>();
        services.AddSingleton<ICommandModule, EventCommands>();
        services.AddSingleton<ICardActionHandler, EventSaveCardAction>();
        services.AddSingleton<ICardActionHandler, EventPostCardAction>();
        services.AddSingleton<ICardActionHandler, EventRegisterCardAction>();
        services.AddSingleton<ICardActionHandler, EventInterestedCardAction>();
        services.AddSingleton<ICardActionHandler, EventCantGoCardAction>();
        services.AddSingleton<ICardActionHandler, EventViewCardAction>();
        services.AddSingleton<ICardActionHandler, EventAttendanceCardAction>();
        services.AddSingleton<IFileOfferSource, EventCsvExport>();
        return services.AddCertifications(configuration);
    }

    private static IServiceCollection AddCertifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CertificationsOptions>()
            .Bind(configuration.GetSection(CertificationsOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.ReminderDays.Count > 0 && o.ReminderDays.All(d => d is > 0 and <= 730), "Development:Certifications:ReminderDays must list days from 1 to 730.")
            .ValidateOnStart();
        services.AddTable(CertificationStore.TableName).AddTable(CertificationStore.ExpiryTableName);
        services.AddSingleton<CertificationStore>();
        services.AddSingleton<CertificationLedger>();
        services.AddSingleton<People.IWelcomeNote, CertificationWelcomeNote>();
        services.AddSingleton<ICommandModule, CertificationCommands>();
        services.AddSingleton<ICardActionHandler, CertificationSaveCardAction>();
        services.AddSingleton<ICardActionHandler, PduSaveCardAction>();
        services.AddSweep<CertificationSweeper>();
        return services.AddTraining();
    }

    private static IServiceCollection AddTraining(this IServiceCollection services)
    {
        services.AddTable(TrainingCatalogueStore.TableName).AddTable(DevelopmentPlanStore.TableName);
        services.AddSingleton<TrainingCatalogueStore>();
        services.AddSingleton<DevelopmentPlanStore>();
        services.AddSingleton<TrainingCsvImporter>();
        services.AddSingleton<TrainingCoverage>();
        services.AddSingleton<TrainingSuggestions>();
        services.AddSingleton<ICommandModule, TrainingCommands>();
        services.AddSingleton<IFileUploadHandler, TrainingCsvUpload>();
        return services.AddMentoring();
    }

    private static IServiceCollection AddMentoring(this IServiceCollection services)
    {
        services.AddTable(MentoringStore.PairsTable).AddTable(MentoringStore.CheckInsTable);
        services.AddSingleton<MentoringStore>();
        services.AddSingleton<MentorSuggestions>();
        services.AddSingleton<ICommandModule, MentoringCommands>();
        services.AddSingleton<ICardActionHandler, MentoringPairCardAction>();
        services.AddSingleton<ICardActionHandler, MentoringCheckInCardAction>();
        services.AddSingleton<ICardActionHandler, MentoringEndCardAction>();
        services.AddSingleton<MentoringEnding>();
        services.AddSweep<MentoringSweeper>();
        services.AddSingleton<DevelopmentDemoSeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<DevelopmentDemoSeeder>());
        return services;
    }
}
