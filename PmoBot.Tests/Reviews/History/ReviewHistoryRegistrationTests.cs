using Microsoft.Extensions.DependencyInjection;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Reviews.History.ReviewHistoryHarness;

namespace PmoBot.Tests.Reviews.History;

public sealed class ReviewHistoryRegistrationTests
{
    [Fact]
    public async Task AddReviewHistory_declares_its_tables_and_wires_the_service_and_its_commands()
    {
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(await AzuriteStorage.WithTablesAsync(ProjectStore.TableName, ProjectsByManagerStore.TableName, ReviewHistoryStore.TableName, LatestStatusStore.TableName, MissedReviewStore.TableName))
            .AddSingleton<ProjectStore>()
            .AddSingleton<ProjectsByManagerStore>()
            .AddSingleton<ProjectRegister>()
            .AddSingleton<IProjectVisibility, RoleProjectVisibility>()
            .AddReviewHistory();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var project = NewProject();

        await provider.GetRequiredService<ReviewHistory>().SubmitAsync(Submission(project, Week10, Answers(Rag.Green, 10, 1_000)), None);
        var router = new CommandRouter(provider.GetServices<ICommandModule>());

        Assert.Equal(
            [ReviewHistoryStore.TableName, LatestStatusStore.TableName, MissedReviewStore.TableName],
            provider.GetServices<TableRegistration>().Select(t => t.TableName));
        Assert.Equal(Rag.Green, (await provider.GetRequiredService<LatestStatusStore>().GetAsync(project.Code, None))!.Overall);
        Assert.Equal(("review history", "PRJ-1 4"), (router.Match("review history PRJ-1 4")!.Value.Command.Name, router.Match("review history PRJ-1 4")!.Value.Arguments));
        Assert.Equal("overdue", router.Match("overdue 2")!.Value.Command.Name);
        Assert.Equal(ProjectAccess.PortfolioRoles, router.Match("overdue")!.Value.Command.AllowedRoles);
        Assert.True(router.Match("review history PRJ-1")!.Value.Command.IsAllowedFor(Manager()));
    }
}
