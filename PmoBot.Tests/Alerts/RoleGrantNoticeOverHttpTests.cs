using PmoBot.Alerts;
using PmoBot.People;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Alerts;

/// <summary>Someone given a role hears it in their personal chat, over real HTTP as Teams delivers it.</summary>
public sealed class RoleGrantNoticeOverHttpTests
{
    [Fact]
    public async Task A_person_given_a_role_is_told_who_gave_it_once_and_a_grant_that_changes_nothing_tells_nobody()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var nestor = TestPerson.New("Nestor");
        Assert.NotEmpty(await run.SayAsync(nestor, "whoami"));
        var chat = TeamsActivities.PersonalConversation(nestor).Id;
        var before = run.Connector.Sent.Count(a => a.ConversationId == chat);

        Assert.Equal($"{nestor.Name} is now Project manager.", Assert.Single(await run.SayAsync(alex, $"role grant {nestor.Name} pm")).Text);

        var notice = (await run.Connector.WaitForAsync(chat, before + 1))[^1];
        Assert.Equal(["You are now Project manager", $"{alex.Name} gave you the Project manager role in PmoBot. Type **help** to see what you can do now."], TextsOf(notice.Card).Take(2));
        await Cards.AdaptiveCardValidator.AssertValidAsync("role granted", notice.Card!);

        // The twin: granting it again changes nothing and sends nothing more.
        Assert.Equal($"{nestor.Name} already holds Project manager; nothing changed.", Assert.Single(await run.SayAsync(alex, $"role grant {nestor.Name} pm")).Text);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before + 1, run.Connector.Sent.Count(a => a.ConversationId == chat));
    }
}
