using System.Text.Json.Nodes;
using PmoBot.Development.Mentoring;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Mentoring;

public sealed class MentoringOverHttpTests
{
    [Fact]
    public async Task The_pmo_pairs_two_people_both_get_one_introduction_and_mentoring_lists_the_pair()
    {
        await using var run = await StartAsync();
        var (alex, adele, adeleUser, megan, meganUser) = await PeopleAsync(run);

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

    [Fact]
    public async Task Pairing_the_same_mentor_and_mentee_again_is_refused_and_the_pmo_ends_a_pair_telling_both_after_which_they_can_be_paired_again()
    {
        await using var run = await StartAsync();
        var (alex, adele, adeleUser, megan, meganUser) = await PeopleAsync(run);
        var inputs = new Dictionary<string, string>
        {
            [MentoringCards.MentorField] = adeleUser.Name,
            [MentoringCards.MenteeField] = meganUser.Name,
            [MentoringCards.AreaField] = "risk",
            [MentoringCards.GoalField] = "Run a risk workshop alone",
        };
        async Task<JsonObject> PairAsync(string area)
        {
            var form = Assert.Single(await run.SayAsync(alex, "mentor pair")).Card!;
            return await run.PressAsync(alex, form, "Pair them", inputs: new Dictionary<string, string>(inputs) { [MentoringCards.AreaField] = area });
        }

        string Title(string area) => $"{adeleUser.Name} → {meganUser.Name} · {area}";
        int Listed(JsonObject overview) => TextsOf(overview).Count(t => t.StartsWith($"{adeleUser.Name} → {meganUser.Name}", StringComparison.Ordinal));

        var paired = CardOfInvoke(await PairAsync("risk"));
        var sameAgain = CardOfInvoke(await PairAsync("risk"));
        var otherTopic = CardOfInvoke(await PairAsync("cost"));

        Assert.Contains(Title("Risk"), TextsOf(paired));
        Assert.Contains(TextsOf(sameAgain), t => t.StartsWith($"{adeleUser.Name} is already {meganUser.Name}'s mentor, since ", StringComparison.Ordinal) && t.Contains($"mentor end {meganUser.Name}", StringComparison.Ordinal));
        Assert.Contains("Nobody was paired yet: please fix the fields marked below.", TextsOf(otherTopic));
        Assert.Contains(TextsOf(otherTopic), t => t.StartsWith($"{adeleUser.Name} is already {meganUser.Name}'s mentor", StringComparison.Ordinal));
        Assert.Equal(1, Listed(Assert.Single(await run.SayAsync(alex, "mentoring")).Card!));
        await Task.Delay(500);
        Assert.Single(run.Connector.Sent, a => a.ConversationId == $"a:personal-{megan.AadObjectId}" && a.Card is { } c && TextsOf(c)[0].StartsWith("Meet your", StringComparison.Ordinal));
        Assert.Contains("mentor end", (await run.SayAsync(alex, "help"))[0].Body.ToJsonString(), StringComparison.Ordinal);

        var ended = Assert.Single(await run.SayAsync(alex, $"mentor end {meganUser.Name}")).Text;
        Assert.Equal($"Ended {Title("Risk")}: no more monthly check-ins; {adeleUser.Name} and {meganUser.Name} were told.", ended);
        var told = await run.WaitForDeliveryAsync(MentoringEnding.EndedKey(PairIdOf(paired), MentoringSide.Mentee));
        Assert.NotNull(told.SentActivityId);
        Assert.NotNull((await run.WaitForDeliveryAsync(MentoringEnding.EndedKey(PairIdOf(paired), MentoringSide.Mentor))).SentActivityId);
        Assert.Equal(0, Listed(Assert.Single(await run.SayAsync(alex, "mentoring")).Card!));
        Assert.Equal($"{meganUser.Name} has no active mentoring pair as mentee; nothing was ended (**mentoring** lists the pairs).", Assert.Single(await run.SayAsync(alex, $"mentor end {meganUser.Name}")).Text);

        // Twin: once ended, they may be paired again (another topic), and the End button on the overview ends that pair.
        var again = CardOfInvoke(await PairAsync("cost"));
        Assert.Contains(Title("Cost"), TextsOf(again));
        var overview = Assert.Single(await run.SayAsync(alex, "mentoring")).Card!;
        Assert.Equal(1, Listed(overview));
        var end = ButtonFor(overview, PairIdOf(again));
        var byButton = await run.ExecuteAsync(alex, MentoringCards.EndVerb, end);
        var twice = await run.ExecuteAsync(alex, MentoringCards.EndVerb, end);
        Assert.Equal($"Ended {Title("Cost")}: no more monthly check-ins; {adeleUser.Name} and {meganUser.Name} were told.", byButton["value"]!.GetValue<string>());
        Assert.StartsWith($"The pair {Title("Cost")} had already ended on ", twice["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("This action is for ", (await run.ExecuteAsync(megan, MentoringCards.EndVerb, end))["value"]!.GetValue<string>(), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertAllValidAsync([("refused pair", sameAgain), ("overview with end buttons", overview)]);
    }

    /// <summary>Alex of the PMO, and Adele and Megan (PMs) who have messaged PmoBot.</summary>
    [Fact]
    public async Task Asking_for_mentors_once_paired_names_the_mentor_now_and_does_not_suggest_them_again()
    {
        await using var run = await StartAsync();
        var (alex, _, adeleUser, megan, meganUser) = await PeopleAsync(run);
        var before = Assert.Single(await run.SayAsync(megan, "mentor suggest")).Card!;
        var inputs = new Dictionary<string, string>
        {
            [MentoringCards.MentorField] = adeleUser.Name,
            [MentoringCards.MenteeField] = meganUser.Name,
            [MentoringCards.AreaField] = "risk",
            [MentoringCards.GoalField] = "Run a risk workshop alone",
        };
        CardOfInvoke(await run.PressAsync(alex, Assert.Single(await run.SayAsync(alex, "mentor pair")).Card!, "Pair them", inputs: inputs));

        var own = Assert.Single(await run.SayAsync(megan, "mentor suggest")).Card!;
        var pmo = Assert.Single(await run.SayAsync(alex, $"mentor suggest {meganUser.Name}")).Card!;

        Assert.DoesNotContain(TextsOf(before), t => t.Contains("mentor now", StringComparison.Ordinal));
        Assert.Contains($"Your mentor now: {adeleUser.Name} (not listed again).", TextsOf(own));
        Assert.Contains($"{meganUser.Name}'s mentor now: {adeleUser.Name} (not listed again).", TextsOf(pmo));
        Assert.DoesNotContain(Facts(own), f => f == adeleUser.Name);
        await AdaptiveCardValidator.AssertAllValidAsync([("suggested with a mentor now", own), ("the PMO's view", pmo)]);

        static IEnumerable<string> Facts(JsonNode? node) => node switch
        {
            JsonObject o when o["type"]?.GetValue<string>() == "FactSet" => o["facts"]!.AsArray().Select(f => f!["title"]!.GetValue<string>()),
            JsonObject o => o.SelectMany(p => Facts(p.Value)),
            JsonArray a => a.SelectMany(Facts),
            _ => [],
        };
    }

    private static async Task<(TestPerson Alex, TestPerson Adele, PmoUser AdeleUser, TestPerson Megan, PmoUser MeganUser)> PeopleAsync(EventsHttpRun run)
    {
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (adele, adeleUser) = await run.PersonAsync("Adele", Role.ProjectManager);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        await run.SayAsync(adele, "whoami");
        await run.SayAsync(megan, "whoami");
        return (alex, adele, adeleUser, megan, meganUser);
    }

    private static IEnumerable<JsonObject> EndButtons(JsonNode? node) => node switch
    {
        JsonObject o when o["verb"]?.GetValue<string>() == MentoringCards.EndVerb => [o],
        JsonObject o => o.SelectMany(p => EndButtons(p.Value)),
        JsonArray a => a.SelectMany(EndButtons),
        _ => [],
    };

    private static string PairIdOf(JsonObject card) => EndButtons(card).First()["data"]![MentoringCards.PairField]!.GetValue<string>();

    private static JsonObject ButtonFor(JsonObject card, string pairId) =>
        EndButtons(card).First(a => a["data"]![MentoringCards.PairField]!.GetValue<string>() == pairId)["data"]!.DeepClone().AsObject();
}
