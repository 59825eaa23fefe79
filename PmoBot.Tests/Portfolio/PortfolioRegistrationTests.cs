using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Risks;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;

namespace PmoBot.Tests.Portfolio;

public sealed class PortfolioRegistrationTests
{
    [Fact]
    public async Task AddPortfolio_wires_the_commands_the_refresh_and_the_lookup_and_reads_the_leaders()
    {
        var leader = Guid.NewGuid();
        await using var provider = await ProviderAsync(new() { [$"Portfolio:Leaders:{leader}:0"] = "Digital", ["Portfolio:Leaders:isaiah@contoso.example:0"] = "Retail" });
        var router = new CommandRouter(provider.GetServices<ICommandModule>());
        var scope = provider.GetRequiredService<PortfolioScope>();
        var person = new PmoUser(leader.ToString().ToUpperInvariant(), "Lee", null, null, null, new HashSet<Role> { Role.Leader }, false, null);
        var byEmail = person with { UserKey = Guid.NewGuid().ToString(), Email = "Isaiah@Contoso.example" };

        Assert.Equal(["portfolio", "status", "risks", "kpis", "my projects"], provider.GetServices<ICommandModule>().Single().Commands.Select(c => c.Name));
        Assert.Equal("my projects", router.Match("MY PROJECTS page 2")!.Value.Command.Name);
        Assert.Equal(StatusCard.RefreshVerb, Assert.Single(provider.GetServices<ICardActionHandler>()).Verb);
        Assert.IsType<ProjectStatusLookup>(provider.GetRequiredService<IProjectStatusLookup>());
        Assert.IsType<PortfolioWelcomeNote>(Assert.Single(provider.GetServices<IWelcomeNote>()));
        Assert.Same(scope, provider.GetRequiredService<IProjectVisibility>());
        Assert.Equal(["Digital"], scope.For(person).BusinessUnits);
        Assert.Equal(["Retail"], scope.For(byEmail).BusinessUnits);
        Assert.True(scope.For(person with { UserKey = Guid.NewGuid().ToString() }).Everything);
        Assert.True(scope.For(new PmoUser(person.UserKey, "Lee", null, null, null, new HashSet<Role> { Role.Leader, Role.Pmo }, false, null)).Everything);
        Assert.True(scope.For(new PmoUser(person.UserKey, "Lee", null, null, null, new HashSet<Role> { Role.Leader }, IsConfiguredAdmin: true, null)).Everything);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_scope_is_the_project_visibility_whether_projects_are_added_before_or_after(bool projectsFirst)
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        _ = projectsFirst
            ? services.AddProjects(configuration).AddPortfolio(configuration)
            : services.AddPortfolio(configuration).AddProjects(configuration);

        Assert.Single(services, d => d.ServiceType == typeof(IProjectVisibility));
        using var provider = services.BuildServiceProvider();
        Assert.Same(provider.GetRequiredService<PortfolioScope>(), provider.GetRequiredService<IProjectVisibility>());
    }

    [Fact]
    public async Task The_app_limits_every_project_read_to_the_business_units_configured_for_a_leader()
    {
        var leader = new PmoUser(Guid.NewGuid().ToString(), "Lee", null, null, null, new HashSet<Role> { Role.Leader }, false, null);
        await using var server = new PmoBotServer(new Dictionary<string, string?> { [$"Portfolio:Leaders:{leader.UserKey}:0"] = "Digital" });

        var view = server.Services.GetRequiredService<IProjectVisibility>().ViewOf(leader);

        Assert.False(view.Everything);
        Assert.True(view.CanSee(ProjectsHarness.Valid(ProjectsHarness.NewCode(), leader with { UserKey = Guid.NewGuid().ToString() }, businessUnit: "Digital")));
        Assert.False(view.CanSee(ProjectsHarness.Valid(ProjectsHarness.NewCode(), leader with { UserKey = Guid.NewGuid().ToString() }, businessUnit: "Retail")));
    }

    [Theory]
    [InlineData("Portfolio:Leaders:not-a-person:0", "Digital", "Portfolio:Leaders:not-a-person must be named by the leader's Entra object id (a GUID) or e-mail address.")]
    [InlineData("Portfolio:Leaders:lee@contoso.example:0", " ", "Portfolio:Leaders:lee@contoso.example must list at least one business unit")]
    public async Task Misconfigured_leaders_stop_the_start_naming_the_key(string key, string value, string message)
    {
        await using var provider = await ProviderAsync(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PortfolioOptions>>().Value);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static async Task<ServiceProvider> ProviderAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(await AzuriteStorage.WithTablesAsync(ProjectStore.TableName, ProjectsByManagerStore.TableName, LatestStatusStore.TableName, LoggedRiskStore.TableName, WarningStore.TableName))
            .AddSingleton<ProjectStore>()
            .AddSingleton<ProjectsByManagerStore>()
            .AddSingleton<ProjectRegister>()
            .AddSingleton<LatestStatusStore>()
            .AddSingleton(provider => new LoggedRiskStore(provider.GetRequiredService<Azure.Data.Tables.TableServiceClient>()))
            .AddSingleton(provider => new WarningStore(provider.GetRequiredService<Azure.Data.Tables.TableServiceClient>()))
            .AddSingleton(new WarningRules(new WarningsOptions()))
            .AddPortfolio(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
