using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.Schedule;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Reviews.Schedule;

public sealed class ReviewScheduleRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings[$"{StorageOptions.SectionName}:ConnectionString"] = AzuriteStorage.ConnectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddStorage(configuration)
            .AddPeople(configuration)
            .AddProjects(configuration)
            .AddCommands()
            .AddReviewSchedule(configuration)
            .BuildServiceProvider();
    }

    [Fact]
    public void The_feature_registers_its_tables_commands_and_sweeper_and_binds_the_reviews_section()
    {
        using var provider = Build(new() { ["Reviews:DefaultDay"] = "Tuesday", ["Reviews:DefaultHour"] = "10", ["Reviews:SweepInterval"] = "00:01:00" });

        var settings = provider.GetRequiredService<IOptions<ReviewsOptions>>().Value;
        Assert.Equal((DayOfWeek.Tuesday, 10, TimeSpan.FromMinutes(1)), (settings.DefaultDay, settings.DefaultHour, settings.SweepInterval));
        Assert.Contains(provider.GetServices<IHostedService>(), service => ReferenceEquals(service, provider.GetRequiredService<ReviewSweeper>()));
        Assert.Superset(
            new HashSet<string> { ReviewScheduleStore.TableName, ReviewDueIndex.TableName },
            provider.GetServices<TableRegistration>().Select(t => t.TableName).ToHashSet());
        var router = provider.GetRequiredService<CommandRouter>();
        Assert.Equal(("review schedule", "friday 14"), router.Match("review schedule friday 14") is { } schedule ? (schedule.Command.Name, schedule.Arguments) : default);
        Assert.Equal(("review schedule default", "mon 9"), router.Match("review schedule default mon 9") is { } byDefault ? (byDefault.Command.Name, byDefault.Arguments) : default);
        Assert.Null(provider.GetService<IReviewDueHandler>());
    }

    [Theory]
    [InlineData("Reviews:DefaultHour", "24", "Reviews:DefaultHour must be an hour from 0 to 23.")]
    [InlineData("Reviews:DeadlineAfter", "12:00:00", "Reviews:ReminderAfter must be positive and shorter than Reviews:DeadlineAfter")]
    [InlineData("Reviews:SweepInterval", "01:00:00", "Reviews:SweepInterval must be between 1 second and 15 minutes.")]
    public void An_invalid_reviews_setting_stops_start_up_naming_the_key(string key, string value, string message)
    {
        using var provider = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
