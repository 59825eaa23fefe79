using System.Text.Json.Nodes;
using PmoBot.Delivery;
using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Opportunities;

/// <summary>Deal-killers, the leader's override, the review form, the pipeline, the CSV import and a lost deal, over HTTP.</summary>
public sealed class DealKillersOverHttpTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Dictionary<string, string> FormAnswers(string killerLiability, int score)
    {
        var answers = OpportunityQuestionnaire.Questions.Where(OpportunityQuestionnaire.IsDealKiller).ToDictionary(q => "answer_" + q.Id, _ => "No");
        answers["answer_killer-liability"] = killerLiability;
        foreach (var dimension in OpportunityQuestionnaire.Questions.Where(OpportunityQuestionnaire.IsDimension))
        {
            answers["answer_" + dimension.Id] = score.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return answers;
    }

    /// <summary>
    /// Alex of the PMO adds a deal and reviews it on the form with the liability deal-killer answered yes and every
    /// dimension scored <paramref name="score"/>; Isaiah, a leader, opens its result.
    /// </summary>
    private static async Task<(TestPerson Isaiah, string Code, JsonObject Submitted, JsonObject LeaderView)> LiabilityKillerReviewedAsync(EventsHttpRun run, int score)
    {
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (isaiah, _) = await run.PersonAsync("Isaiah", Role.Leader);
        var (_, pattiUser) = await run.PersonAsync("Patti", Role.ProjectManager);
        var (_, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (code, _) = await OpportunitiesOverHttpTests.AddAsync(run, alex, pattiUser, meganUser, "Digital");
        await run.SayAsync(alex, $"opportunity review {code}");
        var form = (await run.SayAsync(alex, "Use a form"))[^1].Card!;
        var submitted = CardOfInvoke(await run.PressAsync(alex, form, "Submit review", inputs: FormAnswers("Yes", score)));
        return (isaiah, code, submitted, Assert.Single(await run.SayAsync(isaiah, $"opportunity result {code}")).Card!);
    }

    [Fact]
    public async Task A_deal_killer_makes_a_no_go_that_only_a_leader_with_a_reason_overrides_and_then_the_deal_can_be_won()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (isaiah, _) = await run.PersonAsync("Isaiah", Role.Leader);
        var (patti, pattiUser) = await run.PersonAsync("Patti", Role.ProjectManager);
        var (_, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (code, _) = await OpportunitiesOverHttpTests.AddAsync(run, alex, pattiUser, meganUser, "Digital");

        Assert.Contains("question 1 of 17", Assert.Single(await run.SayAsync(alex, $"opportunity review {code}")).Text, StringComparison.Ordinal);
        var form = (await run.SayAsync(alex, "Use a form"))[^1].Card!;
        Assert.StartsWith($"Delivery-risk review of {code}", TextsOf(form)[0], StringComparison.Ordinal);
        var missing = FormAnswers("Yes", 5);
        missing["answer_scopeClarity"] = "9";
        var again = CardOfInvoke(await run.PressAsync(alex, form, "Submit review", inputs: missing));
        Assert.Contains(TextsOf(again), t => t.StartsWith("Nothing was submitted: 1 answer needs a look", StringComparison.Ordinal));
        Assert.Empty(await run.Get<OpportunityReviewStore>().ListAsync(code, None));

        var result = CardOfInvoke(await run.PressAsync(alex, again, "Submit review", inputs: FormAnswers("Yes", 5)));
        Assert.Equal($"{code} · Claims portal rebuild: No-go", TextsOf(result)[0]);
        Assert.Contains("- Does the contract ask for unlimited liability?", TextsOf(result));
        // The chat review the form replaced is closed: the next message is a command again.
        Assert.Contains("Open opportunities", TextsOf(Assert.Single(await run.SayAsync(alex, "opportunities")).Card!)[0], StringComparison.Ordinal);

        Assert.Contains("latest review is a no-go", Assert.Single(await run.SayAsync(patti, $"opportunity won {code}")).Text, StringComparison.Ordinal);
        Assert.Contains("**opportunity override** is for Leader", Assert.Single(await run.SayAsync(alex, $"opportunity override {code} The parent company guarantee caps it")).Text, StringComparison.Ordinal);
        Assert.Contains("An override needs its reason", Assert.Single(await run.SayAsync(isaiah, $"opportunity override {code} ok")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Reviews.CheckIn.CheckInHarness.ActionsOf(result), a => a["title"]?.GetValue<string>() == "Override the deal-killers");

        var leaderView = Assert.Single(await run.SayAsync(isaiah, $"opportunity result {code}")).Card!;
        var overridden = CardOfInvoke(await run.PressAsync(isaiah, leaderView, "Override", inputs: new Dictionary<string, string> { [OpportunityReviewCards.ReasonField] = "The parent company guarantee caps our liability" }));
        Assert.Equal($"{code} · Claims portal rebuild: Go", TextsOf(overridden)[0]);
        Assert.Contains(TextsOf(overridden), t => t.StartsWith($"Overridden by {isaiah.Name}", StringComparison.Ordinal) && t.Contains("The parent company guarantee caps our liability", StringComparison.Ordinal));

        // The deal is open and now a go: the pipeline charts it (the chart's fallback is the same figures as a table).
        var pipeline = Assert.Single(await run.SayAsync(isaiah, "pipeline")).Card!;
        var chart = CardCharts.Only(pipeline, "Chart.VerticalBar.Grouped");
        Assert.Equal("Table", CardCharts.NumbersOf(chart)["type"]!.GetValue<string>());
        Assert.Contains("is for PMO, Leader or Admin", Assert.Single(await run.SayAsync(patti, "pipeline")).Text, StringComparison.Ordinal);

        var won = Assert.Single(await run.SayAsync(patti, $"opportunity won {code} {code.Replace("OPP", "PRJ", StringComparison.Ordinal)}")).Card!;
        Assert.Contains(TextsOf(won), t => t.StartsWith($"Won. Project {code.Replace("OPP", "PRJ", StringComparison.Ordinal)} is in the register with 0 risks", StringComparison.Ordinal));

        await AdaptiveCardValidator.AssertAllValidAsync([("form", form), ("form again", again), ("no-go", result), ("leader's view", leaderView), ("overridden", overridden), ("won", won), ("pipeline", pipeline)]);
    }

    [Fact]
    public async Task A_deal_killer_on_a_deal_the_score_alone_makes_a_no_go_offers_no_override_and_a_leader_s_override_is_refused()
    {
        await using var run = await StartAsync();
        var (isaiah, code, submitted, leaderView) = await LiabilityKillerReviewedAsync(run, score: 2);
        Assert.Equal($"{code} · Claims portal rebuild: No-go", TextsOf(submitted)[0]);

        var refused = Assert.Single(await run.SayAsync(isaiah, $"opportunity override {code} The parent company guarantee caps our liability")).Text;

        Assert.DoesNotContain(TextsOf(leaderView), t => t.StartsWith("No-go unless a leader overrides", StringComparison.Ordinal));
        Assert.Contains(TextsOf(leaderView), t => t.Contains("overriding the deal-killers would not change the outcome", StringComparison.Ordinal));
        Assert.DoesNotContain(Reviews.CheckIn.CheckInHarness.ActionsOf(leaderView), a => a["title"]?.GetValue<string>() == "Override the deal-killers");
        Assert.Contains("would not change the outcome", refused, StringComparison.Ordinal);
        Assert.Null((await run.Get<OpportunityReviewStore>().ListAsync(code, None))[0].Override);
        await AdaptiveCardValidator.AssertValidAsync("no-go by score and deal-killer", leaderView);
    }

    [Fact]
    public async Task A_leaders_override_reason_of_pages_is_refused_in_words_and_nothing_changes_while_a_sentence_overrides()
    {
        await using var run = await StartAsync();
        var (isaiah, code, _, leaderView) = await LiabilityKillerReviewedAsync(run, score: 5);
        var reason = "The parent company guarantee caps our liability. " + new string('c', 40_000);

        var refused = await run.PressAsync(isaiah, leaderView, "Override", inputs: new Dictionary<string, string> { [OpportunityReviewCards.ReasonField] = reason });

        Assert.Equal($"That reason is {reason.Length:N0} characters long; keep it to a sentence or two of at most 500 (link the detail). Nothing was changed.", refused["value"]!.GetValue<string>());
        Assert.Null((await run.Get<OpportunityReviewStore>().ListAsync(code, None))[0].Override);
        var overridden = CardOfInvoke(await run.PressAsync(isaiah, leaderView, "Override", inputs: new Dictionary<string, string> { [OpportunityReviewCards.ReasonField] = "The parent company guarantee caps our liability" }));
        Assert.Contains(TextsOf(overridden), t => t.StartsWith($"Overridden by {isaiah.Name}", StringComparison.Ordinal));
        Assert.Equal("The parent company guarantee caps our liability", (await run.Get<OpportunityReviewStore>().ListAsync(code, None))[0].Override!.Reason);
    }

    [Fact]
    public async Task The_pmo_imports_opportunities_from_a_csv_a_pm_may_not_and_a_lost_deal_needs_its_reason_and_reaches_the_pmo_as_a_lesson_candidate()
    {
        await using var run = await StartAsync();
        var (alex, alexUser) = await run.PersonAsync("Alex", Role.Pmo);
        var (patti, pattiUser) = await run.PersonAsync("Patti", Role.ProjectManager);
        var code = "OPP-" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var csv = "code,account,name,business_unit,value,expected_close,delivery_start,sales_owner\n"
            + $"{code},Litware,HR self-service,Operations,300000,{today.AddDays(10):yyyy-MM-dd},{today.AddDays(40):yyyy-MM-dd},{pattiUser.Name}\n";

        await OpportunitiesOverHttpTests.RegisterBusinessUnitAsync(run, pattiUser, "Operations");
        Assert.Contains("only the PMO imports opportunities", Assert.Single(await run.SendFileAsync(patti, "opportunities.csv", csv)).Text, StringComparison.Ordinal);
        Assert.Null(await run.Get<OpportunityRegister>().GetAsync(code, None));
        var report = Assert.Single(await run.SendFileAsync(alex, "opportunities.csv", csv));
        Assert.Equal("opportunities.csv: 1 created, 0 updated, 0 unchanged, 0 failed.", report.Body["summary"]!.GetValue<string>());

        Assert.Contains("Say why in one line", Assert.Single(await run.SayAsync(patti, $"opportunity lost {code}")).Text, StringComparison.Ordinal);
        var lost = Assert.Single(await run.SayAsync(patti, $"opportunity lost {code} Price 25% above the winner")).Card!;
        Assert.Contains(TextsOf(lost), t => t.StartsWith($"Closed {code} as lost. The reason went to the PMO as a lesson candidate", StringComparison.Ordinal));
        var stored = (await run.Get<OpportunityRegister>().GetAsync(code, None))!.Opportunity;
        Assert.Equal((OpportunityStage.Lost, "Price 25% above the winner"), (stored.Stage, stored.StageReason));
        var outbox = run.Get<Outbox>();
        var key = OpportunityCloser.LessonCandidateKey(code);
        var notice = await outbox.FindAsync($"{key}|channel", None) ?? await outbox.FindAsync($"{key}|{alexUser.UserKey}", None);
        Assert.NotNull(notice);
        Assert.Contains("Why: Price 25% above the winner", TextsOf(notice!.Card!));
        Assert.Contains(TextsOf(Assert.Single(await run.SayAsync(patti, $"opportunity lost {code} Price 25% above the winner")).Card!), t => t.StartsWith($"{code} is already lost on ", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertAllValidAsync([("import", report.Card!), ("lost", lost), ("lesson candidate", notice.Card!)]);
    }
}
