using PmoBot.Development.Mentoring;
using PmoBot.People;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Mentoring;

public sealed class MentoringOverHttpTests
{
    [Fact]
    public async Task The_pmo_pairs_two_people_both_get_one_introduction_and_mentoring_lists_the_pair()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (adele, adeleUser) = await run.PersonAsync("Adele", Role.ProjectManager);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        await run.SayAsync(adele, "whoami");
        await run.SayAsync(megan, "whoami");

        var form = Assert.Single(await run.SayAsync(alex, "mentor pair")).Card!;
        var inputs = new Dictionary<string, string>
        {
            [MentoringCards.MentorField] = "Nobody Known",
            [MentoringCards.MenteeField] = meganUser.Name,
            [MentoringCards.AreaField] = "risk",
            [MentoringCards.GoalField] = "Run a risk workshop alone",
        };
        var refused = CardOfInvoke(await run.PressAsync(alex, form, "Pair them", inputs: inputs));
        inputs[MentoringCards.MentorField] = adeleUser.Name;
        var paired = CardOfInvoke(await run.PressAsync(alex, form, "Pair them", inputs: inputs));
        var again = CardOfInvoke(await run.PressAsync(alex, form, "Pair them", inputs: inputs));

        Assert.Contains(new PmoBot.People.PersonSearch.NotFound("Nobody Known").Sentence, TextsOf(refused));
        Assert.Contains($"{adeleUser.Name} → {meganUser.Name} · Risk", TextsOf(paired));
        var meganChat = await run.Connector.WaitForAsync($"a:personal-{megan.AadObjectId}", 2);
        var adeleChat = await run.Connector.WaitForAsync($"a:personal-{adele.AadObjectId}", 2);
        Assert.Contains(meganChat, a => a.Card is { } c && TextsOf(c)[0] == $"Meet your mentor, {adeleUser.Name}");
        Assert.Contains(adeleChat, a => a.Card is { } c && TextsOf(c)[0] == $"Meet your mentee, {meganUser.Name}");
        await Task.Delay(500);
        Assert.Single(run.Connector.Sent, a => a.ConversationId == $"a:personal-{megan.AadObjectId}" && a.Card is { } c && TextsOf(c)[0].StartsWith("Meet your", StringComparison.Ordinal));
        Assert.Contains($"Paired {adeleUser.Name} (mentor) with {meganUser.Name}; both got an introduction.", TextsOf(paired));
        Assert.Contains("This form was already sent: the pair exists and nothing new was created.", TextsOf(again));

        Assert.Contains("is for PMO or Admin", Assert.Single(await run.SayAsync(megan, "mentoring")).Text, StringComparison.Ordinal);
        var overview = Assert.Single(await run.SayAsync(alex, "mentoring")).Card!;
        Assert.Contains($"{adeleUser.Name} → {meganUser.Name} · Risk", TextsOf(overview));
        await AdaptiveCardValidator.AssertAllValidAsync([("pair form", form), ("pair refused", refused), ("paired", paired), ("overview", overview)]);
    }
}
