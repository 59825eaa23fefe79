using PmoBot.Commands;
using PmoBot.Development;
using PmoBot.Hosting;
using PmoBot.Projects;
using PmoBot.Storage;

namespace PmoBot.Opportunities;

public static class OpportunitiesServiceCollectionExtensions
{
    /// <summary>
    /// Opportunities in the sales cycle: the pipeline register, its CSV import (chat and CLI), the delivery-risk review,
    /// the won handover and the close-date reminders. Needs <c>AddProjects</c>, <c>AddReviews</c>, <c>AddRisks</c>,
    /// <c>AddLessons</c>, <c>AddWarnings</c>, <c>AddAlerts</c> and the outbox.
    /// </summary>
    public static IServiceCollection AddOpportunities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OpportunitiesOptions>()
            .Bind(configuration.GetSection(OpportunitiesOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTable(OpportunityStore.TableName)
            .AddTable(OpportunityReviewStore.TableName)
            .AddTable(OpportunityTemplates.TableName)
            .AddTable(OpportunityTemplates.SessionsTableName);
        services.AddSingleton<OpportunityStore>();
        services.AddSingleton<OpportunityReviewStore>();
        services.AddSingleton<OpportunityTemplates>();
        services.AddSingleton<OpportunityRegister>();
        services.AddSingleton<OpportunityAccess>();
        services.AddSingleton<OpportunitySearch>();
        services.AddSingleton<OpportunityInputReader>();
        services.AddSingleton<OpportunityCsvImporter>();
        services.AddSingleton<ICsvImportTarget>(sp => sp.GetRequiredService<OpportunityCsvImporter>());
        services.AddSingleton<OpportunityCloser>();
        services.AddSingleton<OpportunityLessons>();
        services.AddSingleton<OpportunityReviewer>();
        services.AddSingleton<OpportunityHandover>();
        services.AddSingleton<IConversationFlow, OpportunityReviewFlow>();
        services.AddSingleton<OpportunityCommands>();
        services.AddSingleton<ICommandModule>(sp => sp.GetRequiredService<OpportunityCommands>());
        services.AddSingleton<ICommandModule, OpportunityReviewCommands>();
        services.AddSingleton<ICardActionHandler, OpportunitySaveCardAction>();
        services.AddSingleton<ICardActionHandler, OpportunityCloseCardAction>();
        services.AddSingleton<ICardActionHandler, OpportunityWonCardAction>();
        services.AddSingleton<ICardActionHandler, OpportunityReviewSubmitCardAction>();
        services.AddSingleton<ICardActionHandler, OpportunityOverrideCardAction>();
        services.AddSingleton<ICardActionHandler, OpportunityViewCardAction>();
        services.AddSingleton<ICardActionHandler, OpportunityResultViewCardAction>();
        services.AddSingleton<IFileUploadHandler, OpportunityCsvUpload>();
        services.AddSweep<OpportunityReminderSweeper>();
        services.AddSingleton<ICommandModule, PipelineCommands>();
        services.AddSingleton<ICommandModule, OpportunityQuestionnaireCommands>();
        services.AddSingleton<IFileUploadHandler, OpportunityQuestionnaireUpload>();
        services.AddSingleton<OpportunitiesDemoSeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<OpportunitiesDemoSeeder>());
        return services;
    }
}
