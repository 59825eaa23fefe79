using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using PmoBot.Alerts;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Graph;
using PmoBot.Lessons;
using PmoBot.Meetings;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;

namespace PmoBot.Tests.Warnings;

public sealed class WarningsRegistrationTests
{
    [Fact]
    public async Task AddWarnings_wires_the_table_observer_sweeper_command_and_card_actions()
    {
        await using var provider = Build([]);

        Assert.Contains(WarningStore.TableName, provider.GetServices<TableRegistration>().Select(t => t.TableName));
        Assert.Contains(provider.GetServices<IReviewEventsObserver>(), o => o is WarningReviewObserver);
        Assert.Contains(provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is PmoBot.Hosting.PeriodicSweep<WarningSweeper>);
        var router = provider.GetRequiredService<CommandRouter>();
        Assert.Equal("warnings", router.Match("warnings PRJ-1 page 2")!.Value.Command.Name);
        Assert.Equal(
            [WarningCards.AcknowledgeVerb, WarningCards.AssignVerb, WarningCards.MeetingVerb, WarningCards.SnoozeVerb, WarningCards.CloseVerb],
            provider.GetServices<ICardActionHandler>().Select(h => h.Verb).Where(v => v.StartsWith("warning.", StringComparison.Ordinal)));
        Assert.Equal(0.90m, provider.GetRequiredService<WarningRules>().Options.CpiThreshold);
        Assert.NotNull(provider.GetRequiredService<ManualWarnings>());
    }

    [Fact]
    public async Task Thresholds_come_from_the_warnings_section_and_a_bad_one_is_named()
    {
        await using var tuned = Build(new() { ["Warnings:CpiThreshold"] = "0.95", ["Warnings:MilestoneSlipDays"] = "7" });
        await using var bad = Build(new() { ["Warnings:SpiCritical"] = "0.95" });

        Assert.Equal(7, tuned.GetRequiredService<WarningRules>().Options.MilestoneSlipDays);
        Assert.Equal(0.95m, tuned.GetRequiredService<WarningRules>().Options.CpiThreshold);
        var error = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<WarningsOptions>>().Value);
        Assert.Contains("Warnings:SpiCritical", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Storage:ConnectionString"] = AzuriteStorage.ConnectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Mock.Of<ILessonAdvisor>())
            .AddSingleton(Mock.Of<IReviewMeetingBooker>())
            .AddSingleton(Mock.Of<IConversationSender>());
        services.AddStorage(configuration)
            .AddConversations()
            .AddGraph(configuration)
            .AddDelivery(configuration)
            .AddPeople(configuration)
            .AddProjects(configuration)
            .AddAlerts()
            .AddReviews(configuration)
            .AddWarnings(configuration)
            .AddCommands();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
