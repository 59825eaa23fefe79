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

    [Fact]
    public async Task A_person_whose_role_is_revoked_is_told_who_removed_it_what_they_can_no_longer_use_and_whom_to_ask_once()
    {
        await using var run = await StartAsync();
        var (patti, _) = await run.PersonAsync("Patti", Role.Pmo);
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        Assert.NotEmpty(await run.SayAsync(alex, "whoami"));
        var chat = TeamsActivities.PersonalConversation(alex).Id;
        var before = run.Connector.Sent.Count(a => a.ConversationId == chat);

        Assert.Equal($"{alex.Name} no longer holds PMO.", Assert.Single(await run.SayAsync(patti, $"role revoke {alex.Name} pmo")).Text);

        var notice = (await run.Connector.WaitForAsync(chat, before + 1))[^1];
        var texts = TextsOf(notice.Card).Take(2).ToList();
        Assert.Equal("You are no longer PMO", texts[0]);
        Assert.StartsWith($"{patti.Name} removed your PMO role in PmoBot. You can no longer use ", texts[1], StringComparison.Ordinal);
        Assert.Contains("**role grant**", texts[1], StringComparison.Ordinal);
        Assert.EndsWith($"If you need it, ask {patti.Name} or another PMO member; type **help** to see what you can still do.", texts[1], StringComparison.Ordinal);
        await Cards.AdaptiveCardValidator.AssertValidAsync("role revoked", notice.Card!);

        // The twin: revoking it again changes nothing and sends nothing more.
        Assert.Equal($"{alex.Name} did not hold PMO; nothing changed.", Assert.Single(await run.SayAsync(patti, $"role revoke {alex.Name} pmo")).Text);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before + 1, run.Connector.Sent.Count(a => a.ConversationId == chat));
    }
}
