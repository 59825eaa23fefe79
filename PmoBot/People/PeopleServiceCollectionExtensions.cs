using PmoBot.Commands;
using PmoBot.Storage;

namespace PmoBot.People;

public static class PeopleServiceCollectionExtensions
{
    public static IServiceCollection AddPeople(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RolesOptions>().Bind(configuration.GetSection(RolesOptions.SectionName)).ValidateOnStart();
        services.AddTable(UserStore.TableName).AddTable(RoleMemberStore.TableName).AddTable(UserLookupStore.TableName);
        services.AddSingleton<UserStore>();
        services.AddSingleton<RoleMemberStore>();
        services.AddSingleton<UserLookupStore>();
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<NameWordBackfill>();
        services.AddHostedService(provider => provider.GetRequiredService<NameWordBackfill>());
        services.AddSingleton<WelcomeNotes>();
        services.AddSingleton<IWelcomeNote, RoleGrantersNote>();
        services.AddSingleton<RoleAdministration>();
        services.AddSingleton<ICommandModule, PeopleCommands>();
        services.AddSingleton<ICardActionHandler, RoleChangeCardAction>();
        return services;
    }
}
