using PmoBot.Commands;
using PmoBot.Hosting;
using PmoBot.Reviews;
using PmoBot.Storage;

namespace PmoBot.Blockers;

public static class BlockersServiceCollectionExtensions
{
    /// <summary>The issue and decision register: fed by reviews, listed by <c>blockers</c>, changed from owners' cards.</summary>
    public static IServiceCollection AddBlockers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BlockersOptions>()
            .Bind(configuration.GetSection(BlockersOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTable(BlockerStore.TableName);
        services.AddSingleton<BlockerStore>();
        services.AddSingleton<BlockerRegister>();
        services.AddSingleton<IReviewEventsObserver, BlockerReviewObserver>();
        services.AddSingleton<ICommandModule, BlockerCommands>();
        services.AddSingleton<ICardActionHandler, BlockerResolveCardAction>();
        services.AddSingleton<ICardActionHandler, BlockerKeepOpenCardAction>();
        services.AddSingleton<ICardActionHandler, BlockerEscalateCardAction>();
        services.AddSingleton<ICardActionHandler, BlockerHelpCardAction>();
        services.AddSingleton<ICardActionHandler, BlockerReassignCardAction>();
        services.AddSweep<BlockerReminderSweeper>();
        return services;
    }
}
