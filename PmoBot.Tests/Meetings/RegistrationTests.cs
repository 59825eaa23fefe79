using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Graph;
using PmoBot.Lessons;
using PmoBot.Meetings;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Meetings;

/// <summary><c>AddLessons</c> and <c>AddMeetings</c> next to the features they build on, as Program.cs will register them.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void Lessons_and_meetings_resolve_with_their_commands_card_action_and_table()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteStorage.ConnectionString,
        }).Build();
        // Meetings send a booking that ends after the answer through the outbox.
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddSingleton<IConfiguration>(configuration).AddSingleton(Moq.Mock.Of<IConversationSender>());
        services.AddStorage(configuration).AddConversations().AddGraph(configuration).AddDelivery(configuration).AddPeople(configuration).AddProjects(configuration).AddLessons().AddMeetings().AddCommands();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<OneMeetingPerProjectBooker>(provider.GetRequiredService<IReviewMeetingBooker>());
        Assert.False(provider.GetRequiredService<GraphClientAccessor>().IsConfigured);
        Assert.IsType<LessonAdvisor>(provider.GetRequiredService<ILessonAdvisor>());
        Assert.NotNull(provider.GetRequiredService<DemoLessonSeeder>());
        var commands = provider.GetRequiredService<CommandRouter>().Commands.Select(c => c.Name).ToList();
        Assert.Contains("meeting", commands);
        Assert.Contains("lesson add", commands);
        Assert.Contains("lessons", commands);
        Assert.Contains(provider.GetServices<ICardActionHandler>(), h => h.Verb == LessonCards.SaveVerb);
        Assert.Contains(provider.GetServices<TableRegistration>(), t => t.TableName == LessonStore.TableName);
    }
}
