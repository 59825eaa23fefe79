using PmoBot.Commands;
using PmoBot.Storage;

namespace PmoBot.Lessons;

public static class LessonsServiceCollectionExtensions
{
    /// <summary>Lessons learned: the store, the advisor warnings ask, the commands and the form's Save button, and the demo seeder.</summary>
    public static IServiceCollection AddLessons(this IServiceCollection services)
    {
        services.AddTable(LessonStore.TableName);
        services.AddSingleton(sp => new LessonStore(sp.GetRequiredService<Azure.Data.Tables.TableServiceClient>()));
        services.AddSingleton<ILessonAdvisor, LessonAdvisor>();
        services.AddSingleton<LessonInputReader>();
        services.AddSingleton<DemoLessonSeeder>();
        services.AddSingleton<ICommandModule, LessonCommands>();
        services.AddSingleton<ICardActionHandler, LessonSaveCardAction>();
        return services;
    }
}
