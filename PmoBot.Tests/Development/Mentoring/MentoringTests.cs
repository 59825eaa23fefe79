using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Development.Certifications;
using PmoBot.Development.Mentoring;
using PmoBot.Development.Training;
using PmoBot.People;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Mentoring;

/// <summary>Monthly check-ins on a fake clock, the answers and what counts as missed, and the suggested mentors.</summary>
public sealed class MentoringTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Both_sides_are_prompted_each_month_at_nine_local_answers_go_to_the_record_and_a_silent_side_is_missed()
    {
        var start = new DateTimeOffset(2021, 1, 15, 12, 0, 0, TimeSpan.Zero);
        var h = await DevelopmentHarness.CreateAsync(start);
        var adele = await h.PersonAsync("Adele", "Asia/Kolkata", Role.ProjectManager);
        var megan = await h.PersonAsync("Megan", "America/New_York", Role.ProjectManager);
        var store = h.Get<MentoringStore>();
        var pair = new MentoringPair(MentoringPairCardAction.IdFor(Guid.NewGuid().ToString()), adele.UserKey, adele.Name, megan.UserKey, megan.Name, "risk", "Run a risk workshop alone", new DateOnly(2021, 1, 15), true, "Alex", start);
        Assert.True(await store.AddAsync(pair, None));
        var sweeper = h.Get<MentoringSweeper>();

        async Task<bool> PromptedAsync(int month, MentoringSide side) => await h.Deliveries.GetAsync(MentoringSweeper.CheckInKey(pair.Id, month, side), None) is not null;

        h.Time.SetUtcNow(new DateTimeOffset(2021, 2, 15, 3, 0, 0, TimeSpan.Zero)); // 08:30 in Kolkata, 22:00 the day before in New York
        await sweeper.SweepOnceAsync(None);
        Assert.False(await PromptedAsync(1, MentoringSide.Mentor));
        h.Time.SetUtcNow(new DateTimeOffset(2021, 2, 15, 3, 30, 0, TimeSpan.Zero)); // 09:00 in Kolkata
        await sweeper.SweepOnceAsync(None);
        Assert.True(await PromptedAsync(1, MentoringSide.Mentor));
        Assert.False(await PromptedAsync(1, MentoringSide.Mentee));
        h.Time.SetUtcNow(new DateTimeOffset(2021, 2, 15, 14, 0, 0, TimeSpan.Zero)); // 09:00 in New York
        await sweeper.SweepOnceAsync(None);
        Assert.True(await PromptedAsync(1, MentoringSide.Mentee));

        var prompt = (await h.Deliveries.GetAsync(MentoringSweeper.CheckInKey(pair.Id, 1, MentoringSide.Mentee), None))!.Card!;
        var send = Reviews.CheckIn.CheckInHarness.ActionsOf(prompt).Single();
        var router = h.Get<CardActionRouter>();
        CardActionRequest Answer(PmoUser who, string met) =>
            new(who, JsonNode.Parse(send["data"]!.ToJsonString())!.AsObject().Merge(MentoringCards.MetField, met).Merge(MentoringCards.NotesField, "Drafted the workshop agenda"), ConversationKind.Personal);

        var wrongPerson = await router.RouteAsync(MentoringCards.CheckInVerb, Answer(adele, "yes"), None);
        var saved = await router.RouteAsync(MentoringCards.CheckInVerb, Answer(megan, "yes"), None);

        Assert.Equal($"This check-in is {megan.Name}'s to answer; nothing was saved.", wrongPerson.Text);
        Assert.Contains("Thanks: saved to the pair's record. You can update it here.", TextsOf(saved.Card!));
        var record = Assert.Single(await store.ListCheckInsAsync(pair.Id, None));
        Assert.Equal((1, MentoringSide.Mentee, true, "Drafted the workshop agenda"), (record.Month, record.Side, record.Met, record.Notes));

        // A week after it fell due, the mentor who never answered has missed month 1; the mentee has not.
        var missed = MentoringCommands.Missed(pair, await store.ListCheckInsAsync(pair.Id, None), new DateOnly(2021, 2, 22));
        Assert.Equal([$"month 1: {adele.Name}"], missed);
        Assert.Empty(MentoringCommands.Missed(pair, [], new DateOnly(2021, 2, 21)));
        await AdaptiveCardValidator.AssertAllValidAsync([("check-in prompt", prompt), ("check-in saved", saved.Card!), ("introduction", MentoringCards.Introduction(pair, MentoringSide.Mentee))]);
    }

    [Fact]
    public async Task An_ended_pair_gets_no_more_check_ins_and_its_old_card_saves_nothing_while_an_active_pair_still_does()
    {
        var h = await DevelopmentHarness.CreateAsync(new DateTimeOffset(2021, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var (alex, adele) = (await h.PersonAsync("Alex", "Europe/London", Role.Pmo), await h.PersonAsync("Adele", "Europe/London", Role.ProjectManager));
        var (megan, nestor) = (await h.PersonAsync("Megan", "Europe/London", Role.ProjectManager), await h.PersonAsync("Nestor", "Europe/London"));
        var store = h.Get<MentoringStore>();
        MentoringPair Pair(PmoUser mentee) => new(MentoringPairCardAction.IdFor(Guid.NewGuid().ToString()), adele.UserKey, adele.Name, mentee.UserKey, mentee.Name, "risk", "Run a risk workshop alone", new DateOnly(2021, 1, 15), true, alex.Name, h.Time.GetUtcNow());
        var ending = Pair(megan);
        var staying = Pair(nestor);
        foreach (var pair in new[] { ending, staying })
        {
            Assert.True(await store.AddAsync(pair, None));
            Assert.Null(await store.ClaimAsync(pair, None));
        }

        var oldCard = MentoringCards.CheckIn(ending, 1, MentoringSide.Mentee);
        var reply = await h.Get<MentoringEnding>().EndAsync(ending.Id, alex, None);
        h.Time.SetUtcNow(new DateTimeOffset(2021, 2, 15, 10, 0, 0, TimeSpan.Zero));
        await h.Get<MentoringSweeper>().SweepOnceAsync(None);

        Assert.Equal($"Ended {adele.Name} → {megan.Name} · Risk: no more monthly check-ins; {adele.Name} and {megan.Name} were told.", reply.Text);
        Assert.NotNull(await h.Deliveries.GetAsync(MentoringEnding.EndedKey(ending.Id, MentoringSide.Mentee), None));
        Assert.Null(await h.Deliveries.GetAsync(MentoringSweeper.CheckInKey(ending.Id, 1, MentoringSide.Mentee), None));
        Assert.Null(await h.Deliveries.GetAsync(MentoringSweeper.CheckInKey(ending.Id, 1, MentoringSide.Mentor), None));
        Assert.NotNull(await h.Deliveries.GetAsync(MentoringSweeper.CheckInKey(staying.Id, 1, MentoringSide.Mentee), None));
        var ended = await store.GetAsync(ending.Id, None);
        Assert.Equal((false, (DateOnly?)new DateOnly(2021, 1, 15), alex.Name), (ended!.Active, ended.EndedOn, ended.EndedBy));
        var send = Reviews.CheckIn.CheckInHarness.ActionsOf(oldCard).Single();
        var answer = await h.Get<CardActionRouter>().RouteAsync(MentoringCards.CheckInVerb, new CardActionRequest(megan, JsonNode.Parse(send["data"]!.ToJsonString())!.AsObject().Merge(MentoringCards.MetField, "yes"), ConversationKind.Personal), None);
        Assert.Equal("The PMO ended this mentoring pair on 15 Jan 2021; nothing was saved.", answer.Text);
        Assert.Empty(await store.ListCheckInsAsync(ending.Id, None));

        // Once ended, the same mentor and mentee may be paired again; while active, not twice.
        var anew = Pair(megan);
        Assert.True(await store.AddAsync(anew, None));
        Assert.Null(await store.ClaimAsync(anew, None));
        Assert.Equal(staying.Id, (await store.ClaimAsync(Pair(nestor), None))?.Id);
    }

    [Fact]
    public async Task Suggested_mentors_are_trained_where_the_pm_is_weak_ranked_by_credentials_too()
    {
        var h = await DevelopmentHarness.CreateAsync(DateTimeOffset.UtcNow);
        var catalogue = h.Get<TrainingCatalogueStore>();
        var id = $"TR-P{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        await catalogue.UpsertAsync([new Programme(id, "Contracts for PMs", "procurement", ProgrammeLevel.Practitioner, ProgrammeFormat.Online, 8, null, null, PmoBot.Development.PduSplit.None)], None);
        var mentee = await h.PersonAsync("Mentee", "Europe/London", Role.ProjectManager);
        var certified = await h.PersonAsync("Certified", "Europe/London", Role.ProjectManager);
        var trained = await h.PersonAsync("Trained", "Europe/London", Role.Pmo);
        var neither = await h.PersonAsync("Neither", "Europe/London", Role.ProjectManager);
        var plans = h.Get<DevelopmentPlanStore>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var person in new[] { certified, trained })
        {
            await plans.SaveAsync(new PlanItem(person.UserKey, person.Name, id, today, PlanStatus.Done, DateTimeOffset.UtcNow), None);
        }

        await h.Get<CertificationStore>().SaveAsync(new Certification(certified.UserKey, certified.Name, "PMP", "PMP", null, today.AddYears(-1), today.AddYears(2), DateTimeOffset.UtcNow), None);
        await h.Get<CertificationStore>().SaveAsync(new Certification(neither.UserKey, neither.Name, "PMP", "PMP", null, today.AddYears(-1), today.AddYears(2), DateTimeOffset.UtcNow), None);

        // Every candidate (other tests' people share the storage): this test's three are ranked among them.
        var suggested = await h.Get<MentorSuggestions>().ForAsync(mentee, "procurement", mentee, None, take: int.MaxValue);

        var mine = suggested.Where(c => c.UserKey == certified.UserKey || c.UserKey == trained.UserKey || c.UserKey == neither.UserKey).ToList();
        Assert.Equal([certified.UserKey, trained.UserKey], mine.Select(c => c.UserKey));
        Assert.Equal(["trained in Procurement", "holds PMP"], mine[0].Reasons);
        Assert.Equal(["trained in Procurement"], mine[1].Reasons);
        var besidesTheMentorNow = await h.Get<MentorSuggestions>().ForAsync(mentee, "procurement", mentee, None, take: int.MaxValue, exclude: new HashSet<string>([certified.UserKey], StringComparer.Ordinal));
        Assert.DoesNotContain(besidesTheMentorNow, c => c.UserKey == certified.UserKey);
        Assert.Contains(besidesTheMentorNow, c => c.UserKey == trained.UserKey);
        await AdaptiveCardValidator.AssertValidAsync("suggested mentors", MentoringCards.Suggested(mentee.Name, "procurement", suggested.Take(MentorSuggestions.MaxSuggested).ToList(), mayPair: true));
    }

    [Fact]
    public void With_the_only_strong_person_already_the_mentor_the_card_says_nobody_else_yet_where_with_no_mentor_it_says_nobody_yet()
    {
        var withMentor = TextsOf(MentoringCards.Suggested("Megan", "cost", [], mayPair: false, forSelf: true, currentMentors: ["Patti"]));
        var without = TextsOf(MentoringCards.Suggested("Megan", "cost", [], mayPair: false, forSelf: true));

        Assert.Contains("Your mentor now: Patti (not listed again).", withMentor);
        Assert.Contains(withMentor, t => t.StartsWith("Nobody else yet: no one else with a role", StringComparison.Ordinal));
        Assert.Contains(without, t => t.StartsWith("Nobody yet: no one with a role", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_credential_expiring_on_the_reader_s_today_still_ranks_a_mentor_while_utc_is_on_the_next_day()
    {
        // 02:00 UTC on 1 Dec 2026 is still 30 Nov (18:00) in Los Angeles: a PMP expiring on 30 Nov is current there today.
        var h = await DevelopmentHarness.CreateAsync(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        var catalogue = h.Get<TrainingCatalogueStore>();
        var id = $"TR-P{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        await catalogue.UpsertAsync([new Programme(id, "Contracts for PMs", "procurement", ProgrammeLevel.Practitioner, ProgrammeFormat.Online, 8, null, null, PmoBot.Development.PduSplit.None)], None);
        var mentee = await h.PersonAsync("Mentee", "America/Los_Angeles", Role.ProjectManager);
        var certified = await h.PersonAsync("Certified", "Europe/London", Role.ProjectManager);
        var expiresOn = new DateOnly(2026, 11, 30);
        await h.Get<DevelopmentPlanStore>().SaveAsync(new PlanItem(certified.UserKey, certified.Name, id, expiresOn, PlanStatus.Done, h.Time.GetUtcNow()), None);
        await h.Get<CertificationStore>().SaveAsync(new Certification(certified.UserKey, certified.Name, "PMP", "PMP", null, expiresOn.AddYears(-3), expiresOn, h.Time.GetUtcNow()), None);

        var suggested = await h.Get<MentorSuggestions>().ForAsync(mentee, "procurement", mentee, None, take: int.MaxValue);

        Assert.Equal(["trained in Procurement", "holds PMP"], suggested.Single(c => c.UserKey == certified.UserKey).Reasons);
    }

    [Fact]
    public async Task A_pm_asking_for_mentors_is_told_the_pmo_pairs_them_and_only_the_pmo_gets_the_pair_button()
    {
        await using var run = await PmoBot.Tests.Development.Events.EventsHttpRun.StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);

        var own = (await run.SayAsync(megan, "mentor suggest"))[^1].Card!;
        var pmo = (await run.SayAsync(alex, $"mentor suggest {meganUser.Name}"))[^1].Card!;

        Assert.Equal($"Mentors for {meganUser.Name}", TextsOf(own)[0]);
        Assert.Contains("The PMO pairs mentors and mentees: tell them whom you would like, and they set it up.", TextsOf(own));
        Assert.Contains("People strong where you are weak: trained in the area, certified, running green projects.", TextsOf(own));
        Assert.Contains($"People strong where {meganUser.Name} is weak: trained in the area, certified, running green projects.", TextsOf(pmo));
        Assert.Null(own["actions"]);
        // Twin: the PMO asking about the same PM may pair them from the card.
        Assert.Equal($"Mentors for {meganUser.Name}", TextsOf(pmo)[0]);
        Assert.Equal("Pair mentor and mentee", Assert.Single(pmo["actions"]!.AsArray())!["title"]!.GetValue<string>());
        await AdaptiveCardValidator.AssertValidAsync("suggested mentors for a PM", own);
    }

    [Fact]
    public async Task A_pm_asking_for_mentors_in_an_unknown_area_is_told_it_is_not_a_knowledge_area_and_the_areas()
    {
        await using var run = await PmoBot.Tests.Development.Events.EventsHttpRun.StartAsync();
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);

        var cooking = Assert.Single(await run.SayAsync(megan, "mentor suggest me cooking"));
        var risk = Assert.Single(await run.SayAsync(megan, "mentor suggest risk"));

        Assert.StartsWith($"\"cooking\" is not a knowledge area ({PmoBot.Development.KnowledgeAreas.Choices}). You may ask for your own mentors", cooking.Text, StringComparison.Ordinal);
        Assert.Contains("integration, scope, schedule", cooking.Text, StringComparison.Ordinal);
        Assert.Null(cooking.Card);
        // Twin: a known area is answered with the card.
        Assert.Equal($"Mentors for {meganUser.Name} · Risk", TextsOf(risk.Card!)[0]);
    }
}

internal static class JsonObjectMerge
{
    public static JsonObject Merge(this JsonObject data, string name, string value)
    {
        data[name] = value;
        return data;
    }
}
