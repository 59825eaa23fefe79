using Azure.Data.Tables;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Lessons;
using PmoBot.Reviews;
using PmoBot.Storage;

namespace PmoBot.Processes;

public static class ProcessesServiceCollectionExtensions
{
    /// <summary>
    /// Improving project processes: the process library and its versions, rollouts with acknowledgement (and the worker
    /// that sends their cards and reminders), and read receipts. Needs People, Projects, Conversations, Delivery and Alerts.
    /// </summary>
    public static IServiceCollection AddProcesses(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProcessesOptions>()
            .Bind(configuration.GetSection(ProcessesOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTable(ProcessStore.TableName).AddTable(RolloutStore.TableName).AddTable(ComplianceStore.TableName).AddTable(SuggestionStore.TableName);
        services.AddSingleton(sp => new ProcessStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton(sp => new RolloutStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton(sp => new ComplianceStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<ComplianceReader>();
        services.AddSingleton(sp => new SuggestionStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<SuggestionBox>();
        services.AddSingleton<IFileOfferSource, RolloutCsvExport>();
        services.AddSingleton<SuggestionForm>();
        services.AddSingleton<ILessonObserver, LessonProposals>();
        services.AddSingleton<ComplianceRecorder>();
        services.AddSingleton<IReviewEventsObserver>(sp => sp.GetRequiredService<ComplianceRecorder>());
        services.AddSingleton<ProcessLibrary>();
        services.AddSingleton<ProcessInputReader>();
        services.AddSingleton<ProcessPublisher>();
        services.AddSingleton<AnnouncementChannels>();
        services.AddSingleton<RolloutAudienceResolver>();
        services.AddSingleton<RolloutStarter>();
        services.AddSingleton<ComplianceTemplatePublisher>();
        services.AddSingleton<RolloutRounds>();
        services.AddSingleton<RolloutWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutWorker>());
        services.AddSingleton<Acknowledgements>();
        services.AddSingleton<IReadReceiptObserver>(sp => sp.GetRequiredService<Acknowledgements>());
        services.AddSingleton<IRolloutSignal, RolloutSignal>();
        services.AddSingleton<PendingAcknowledgements>();
        services.AddSingleton<People.IWelcomeNote, RolloutWelcomeNote>();
        services.AddSingleton<ICommandModule, ProcessCommands>();
        services.AddSingleton<ICommandModule, RolloutCommands>();
        services.AddSingleton<ICommandModule, ComplianceCommands>();
        services.AddSingleton<ICommandModule, SuggestionCommands>();
        foreach (var (verb, state) in new[] { (SuggestionCards.AcceptVerb, SuggestionState.Accepted), (SuggestionCards.RejectVerb, SuggestionState.Rejected), (SuggestionCards.MergeVerb, SuggestionState.Merged), (SuggestionCards.DoneVerb, SuggestionState.Done) })
        {
            services.AddSingleton<ICardActionHandler>(sp => new SuggestionTriageCardAction(sp.GetRequiredService<SuggestionBox>(), verb, state));
        }

        foreach (var add in new[] { true, false })
        {
            services.AddSingleton<ICardActionHandler>(sp => ActivatorUtilities.CreateInstance<LessonSuggestionCardAction>(sp, add));
        }

        services.AddSingleton<ICardActionHandler, ProcessSaveCardAction>();
        services.AddSingleton<ICardActionHandler, VersionPublishCardAction>();
        services.AddSingleton<ICardActionHandler, AcknowledgeCardAction>();
        return services;
    }
}
