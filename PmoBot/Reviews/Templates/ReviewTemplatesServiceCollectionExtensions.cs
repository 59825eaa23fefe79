using Azure.Data.Tables;
using PmoBot.Commands;
using PmoBot.Storage;

namespace PmoBot.Reviews.Templates;

public static class ReviewTemplatesServiceCollectionExtensions
{
    /// <summary>The review questionnaire: its table and store, <c>review template</c> commands, the Publish button and .json uploads.</summary>
    public static IServiceCollection AddReviewTemplates(this IServiceCollection services)
    {
        services.AddTable(ReviewTemplateStore.TableName);
        services.AddSingleton(sp => new ReviewTemplateStore(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<TimeProvider>(), ReviewTemplateStore.TableName, RegisterProjectStages.From(sp)));
        services.AddSingleton<ReviewTemplatePublisher>();
        services.AddSingleton<ICommandModule, ReviewTemplateCommands>();
        services.AddSingleton<ICardActionHandler, ReviewTemplatePublishCardAction>();
        services.AddSingleton<IFileUploadHandler, ReviewTemplateUpload>();
        return services;
    }
}
