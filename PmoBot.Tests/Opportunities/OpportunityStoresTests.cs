using System.Text;
using PmoBot.Lessons;
using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Opportunities;

/// <summary>The pipeline's tables on Azurite: ETag-guarded changes, the review history, the CSV import, visibility and lesson matching.</summary>
public sealed class OpportunityStoresTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task An_opportunity_round_trips_and_an_edit_from_a_stale_version_is_refused_while_the_fresh_one_is_saved()
    {
        var h = await OpportunityHarness.CreateAsync();
        var patti = await h.Projects.PersonAsync("Patti", Role.ProjectManager);
        var o = OpportunityHarness.Valid("OPP-1", patti) with { Notes = new HandoverNotes("Claims take 30 days", "Portal", "30/70", "Data clean", "https://contoso.example/p") };

        var created = Assert.IsType<OpportunitySaveResult.Saved>(await h.Register.CreateAsync(o, "Alex", None));
        Assert.True(created.Created);
        Assert.Equal(o, (await h.Register.GetAsync("opp-1", None))!.Opportunity);
        Assert.IsType<OpportunitySaveResult.AlreadyExists>(await h.Register.CreateAsync(o, "Alex", None));

        var first = Assert.IsType<OpportunitySaveResult.Saved>(await h.Register.UpdateAsync(o with { Value = 900_000m }, created.Opportunity.ETag, "Alex", None));
        var stale = await h.Register.UpdateAsync(o with { Value = 1m }, created.Opportunity.ETag, "Bea", None);
        Assert.Equal(900_000m, Assert.IsType<OpportunitySaveResult.Conflict>(stale).Latest.Opportunity.Value);
        Assert.IsType<OpportunitySaveResult.Saved>(await h.Register.UpdateAsync(o with { Value = 950_000m }, first.Opportunity.ETag, "Bea", None));
        Assert.IsType<OpportunitySaveResult.Unchanged>(await h.Register.UpdateAsync(o with { Value = 950_000m }, (await h.Register.GetAsync("OPP-1", None))!.ETag, "Bea", None));
        Assert.Equal((950_000m, "Bea"), ((await h.Register.GetAsync("OPP-1", None))!.Opportunity.Value, (await h.Register.GetAsync("OPP-1", None))!.LastChange.By));
    }

    [Fact]
    public async Task A_deal_s_closing_is_stamped_once_kept_through_later_changes_and_cleared_when_a_win_is_given_back()
    {
        var h = await OpportunityHarness.CreateAsync();
        var patti = await h.Projects.PersonAsync("Patti", Role.ProjectManager);
        var code = ProjectsHarness.NewCode();
        await h.Register.CreateAsync(OpportunityHarness.Valid(code, patti), "Alex", None);
        Assert.Null((await h.Register.GetAsync(code, None))!.Closed);

        var closedAt = h.Projects.People.Time.GetUtcNow();
        await h.Register.ChangeAsync(code, c => c!.Opportunity with { Stage = OpportunityStage.Won, ProjectCode = code }, "Alex", None);
        h.Projects.People.Time.Advance(TimeSpan.FromDays(3));
        await h.Register.ChangeAsync(code, c => c!.Opportunity with { Sponsor = "Isaiah" }, "Bea", None);
        var won = (await h.Register.GetAsync(code, None))!;

        Assert.Equal(new ChangeStamp("Alex", closedAt), won.Closed);
        Assert.Equal("Bea", won.LastChange.By);
        await h.Register.ChangeAsync(code, c => c!.Opportunity with { Stage = OpportunityStage.Negotiate, ProjectCode = null }, "Alex", None);
        Assert.Null((await h.Register.GetAsync(code, None))!.Closed);
    }

    [Fact]
    public async Task Reviews_are_kept_per_opportunity_newest_first_each_with_its_version_a_repeat_is_stored_once_and_an_override_is_kept()
    {
        var h = await OpportunityHarness.CreateAsync();
        var code = ProjectsHarness.NewCode();
        var at = DateTimeOffset.UtcNow;
        var first = new OpportunityReview(code, "r1", OpportunityStage.Qualify, 1, ReviewAnswers.Empty.With("scopeClarity", "2"), 55, Band.Conditional, [], null, "k", "Alex", at.AddDays(-30));
        var second = new OpportunityReview(code, "r2", OpportunityStage.Negotiate, 2, ReviewAnswers.Empty.With("scopeClarity", "4").With("killer-liability", "Yes"), 74, Band.Go, ["killer-liability"], null, "k", "Alex", at);

        Assert.True(await h.Reviews.AddAsync(first, None));
        Assert.True(await h.Reviews.AddAsync(second, None));
        Assert.False(await h.Reviews.AddAsync(second with { Score = 1 }, None));

        var history = await h.Reviews.ListAsync(code, None);
        Assert.Equal(["r2", "r1"], history.Select(r => r.Id));
        Assert.Equal((2, 74m, Band.NoGo, "4"), (history[0].TemplateVersion, history[0].Score, history[0].Band, history[0].Answers.Text("scopeClarity")));
        Assert.Equal((1, Band.Conditional), (history[1].TemplateVersion, history[1].Band));

        var overridden = await h.Reviews.SetOverrideAsync(code, "r2", new DealKillerOverride("lk", "Isaiah", "Liability capped by guarantee", at), None);
        Assert.Equal(Band.Go, overridden!.Band);
        Assert.Equal("Isaiah", (await h.Reviews.GetAsync(code, "r2", None))!.Override!.LeaderName);
        Assert.Null(await h.Reviews.SetOverrideAsync(code, "nope", new DealKillerOverride("lk", "Isaiah", "x", at), None));
    }

    [Fact]
    public async Task A_leader_limited_to_a_business_unit_sees_its_deals_and_the_ones_they_are_named_on_and_nothing_else()
    {
        var h = await OpportunityHarness.CreateAsync();
        var patti = await h.Projects.PersonAsync("Patti", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var other = ProjectsHarness.NewBusinessUnit();
        var leader = await h.Projects.LeaderLimitedToAsync(unit);
        var pmo = await h.Projects.PersonAsync("Alex", Role.Pmo);
        await h.Register.CreateAsync(OpportunityHarness.Valid("OPP-10", patti, businessUnit: unit), "Alex", None);
        await h.Register.CreateAsync(OpportunityHarness.Valid("OPP-11", patti, businessUnit: other), "Alex", None);
        await h.Register.CreateAsync(OpportunityHarness.Valid("OPP-12", leader, businessUnit: other), "Alex", None);

        Assert.Equal(["OPP-10", "OPP-12"], (await h.Register.ListVisibleAsync(h.Access.ViewOf(leader), None)).Select(o => o.Code));
        Assert.Equal(["OPP-10", "OPP-11", "OPP-12"], (await h.Register.ListVisibleAsync(h.Access.ViewOf(pmo), None)).Select(o => o.Code));
        Assert.Equal(["OPP-10", "OPP-11"], (await h.Register.ListVisibleAsync(h.Access.ViewOf(patti), None)).Select(o => o.Code));
        Assert.Contains("either it doesn't exist or it isn't one you may see", h.Access.ViewOf(leader).NotVisible("OPP-11"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_import_reports_bad_rows_by_line_imports_the_rest_and_a_second_import_changes_nothing()
    {
        var h = await OpportunityHarness.CreateAsync();
        var patti = await h.Projects.PersonAsync("Patti", Role.ProjectManager);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (close, start) = (ProjectText.TypedDate(today.AddDays(10)), ProjectText.TypedDate(today.AddDays(30)));
        await h.Projects.Register.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), patti), "t", None);
        var csv = $"code,account,name,business_unit,value,currency,contract_type,stage,expected_close,delivery_start,sales_owner\n"
            + $"OPP-21,Fabrikam,Claims portal,Digital,\"850,000\",EUR,fixed price,propose,{close},{start},{patti.Name}\n"
            + $"OPP-22,Contoso,CRM roll-out,Retail,120000,EUR,time and materials,negotiate,{start},{close},{patti.Name}\n"
            + $"OPP-23,Contoso,Data lake,Retail,0,EUR,retainer,won,{close},{start},Nobody Known\n"
            + $"OPP-21,Fabrikam,Twice,Digital,1,EUR,,,{close},{start},{patti.Name}\n";

        var report = await ImportAsync(h, csv);
        Assert.Equal((1, 0, 0, 3), (report.Created, report.Updated, report.Unchanged, report.Failed));
        Assert.Equal([3, 4, 5], report.Errors.Select(e => e.Line));
        Assert.Contains("is before the expected close", report.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("The contract type \"retainer\" is not one of", report.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("Sales owner \"Nobody Known\"", report.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("already on line 2", report.Errors[2].Reason, StringComparison.Ordinal);
        var imported = (await h.Register.GetAsync("OPP-21", None))!.Opportunity;
        Assert.Equal((850_000m, ContractType.FixedPrice, OpportunityStage.Propose, patti.UserKey), (imported.Value, imported.ContractType, imported.Stage, imported.SalesOwner.UserKey));

        var again = await ImportAsync(h, csv);
        Assert.Equal((0, 0, 1, 3), (again.Created, again.Updated, again.Unchanged, again.Failed));
        Assert.StartsWith("Line 1 (the header): Unknown columns: \"pm\"", (await ImportAsync(h, "code,pm\nOPP-1,x\n")).FileError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lessons_match_a_deal_by_business_unit_contract_type_and_risk_category_and_bring_their_projects_warnings_but_unrelated_ones_stay_out()
    {
        var h = await OpportunityHarness.CreateAsync();
        var megan = await h.Projects.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var (sameUnit, fixedPrice, unrelated) = (ProjectsHarness.NewCode(), ProjectsHarness.NewCode(), ProjectsHarness.NewCode());
        await h.Projects.Register.CreateAsync(ProjectsHarness.Valid(sameUnit, megan, businessUnit: unit), "t", None);
        await h.Projects.Register.CreateAsync(ProjectsHarness.Valid(fixedPrice, megan, businessUnit: ProjectsHarness.NewBusinessUnit()), "t", None);
        await h.Projects.Register.CreateAsync(ProjectsHarness.Valid(unrelated, megan, businessUnit: ProjectsHarness.NewBusinessUnit()), "t", None);
        var won = OpportunityHarness.Valid("OPP-30", megan, businessUnit: "Elsewhere") with { Stage = OpportunityStage.Won, ProjectCode = fixedPrice };
        await h.Register.CreateAsync(won, "t", None);
        var at = DateTimeOffset.UtcNow;
        await h.LessonStore.AddAsync(new Lesson("LL-UNIT", "Unit lesson", "Stakeholders changed", sameUnit, LessonCategories.Stakeholder, "Map stakeholders", ["Weekly sponsor call"], "t", at), None);
        await h.LessonStore.AddAsync(new Lesson("LL-FIXED", "Fixed price lesson", "Overran", fixedPrice, LessonCategories.Stakeholder, "Price the risk", [], "t", at), None);
        await h.LessonStore.AddAsync(new Lesson("LL-SCOPE", "Scope lesson", "Creep", null, "scope", "Sign acceptance criteria", ["Change board"], "t", at), None);
        await h.LessonStore.AddAsync(new Lesson("LL-OTHER", "Unrelated", "Printer jam", unrelated, LessonCategories.Stakeholder, "Buy toner", [], "t", at), None);

        var deal = OpportunityHarness.Valid("OPP-31", megan, businessUnit: unit);
        var review = new OpportunityReview("OPP-31", "r", OpportunityStage.Propose, 1, ReviewAnswers.Empty.With("scopeClarity", "2"), 60, Band.Conditional, [], null, "k", "Alex", at);
        var matched = await h.Lessons.MatchAsync(deal, review, [new DimensionScore("scopeClarity", "Scope clarity", 2, 15)], None);

        Assert.Equal(["LL-FIXED", "LL-SCOPE", "LL-UNIT"], matched.Select(m => m.Lesson.Id).Order(StringComparer.Ordinal));
        Assert.Contains(matched, m => m.Lesson.Id == "LL-UNIT" && m.Why.Contains($"same business unit ({unit})"));
        Assert.Contains(matched, m => m.Lesson.Id == "LL-FIXED" && m.Why.Contains("same contract type (fixed price)"));
        Assert.Contains(matched, m => m.Lesson.Id == "LL-SCOPE" && m.Why.Contains("risk category scope"));
        Assert.DoesNotContain(matched, m => m.Lesson.Id == "LL-OTHER");
    }

    [Fact]
    public async Task The_pmo_publishes_a_new_questionnaire_version_with_other_weights_reviews_score_by_the_version_they_answered_and_one_without_weights_is_refused()
    {
        var table = "OppTpl" + Guid.NewGuid().ToString("N")[..10];
        var store = new ReviewTemplateStore(await AzuriteStorage.WithTablesAsync(table), TimeProvider.System, table, defaultQuestions: OpportunityQuestionnaire.Questions);
        var publisher = new ReviewTemplatePublisher(store, OpportunityQuestionnaire.Problems);
        var v1 = await store.GetCurrentAsync(None);
        Assert.Equal(1, v1.Version);

        var unweighted = ReviewTemplateJson.Serialize([.. OpportunityQuestionnaire.Questions.Select(q => q with { Weight = null })]);
        var refused = Assert.IsType<TemplatePublishResult.Invalid>(await publisher.PublishAsync(unweighted, "Alex", null, None));
        Assert.Contains("at least one scored dimension", Assert.Single(refused.Errors), StringComparison.Ordinal);

        // Version 2 weighs scope clarity 55 instead of 15 (the other nine keep theirs: 85 + 55 = 140).
        var heavierScope = ReviewTemplateJson.Serialize([.. OpportunityQuestionnaire.Questions.Select(q => q.Id == "scopeClarity" ? q with { Weight = 55 } : q)]);
        var v2 = Assert.IsType<TemplatePublishResult.Published>(await publisher.PublishAsync(heavierScope, "Alex", null, None)).Template;
        Assert.Equal(2, v2.Version);
        Assert.Equal(55m, v2.Find("scopeClarity")!.Weight);
        Assert.Equal(15m, (await store.GetAsync(1, None))!.Find("scopeClarity")!.Weight);

        var answers = ReviewAnswers.Empty;
        foreach (var dimension in OpportunityQuestionnaire.Dimensions(v1))
        {
            answers = answers.With(dimension.Id, dimension.Id == "scopeClarity" ? "1" : "5");
        }

        // v1: (85·5 + 15·1) / 500 = 440/500 = 88. v2: (85·5 + 55·1) / 700 = 480/700 = 68.6.
        var thresholds = new OpportunitiesOptions().Thresholds;
        Assert.Equal((88m, Band.Go), (Scorecard.Of((await store.GetAsync(1, None))!, answers, thresholds).Score, Scorecard.Of((await store.GetAsync(1, None))!, answers, thresholds).ScoreBand));
        Assert.Equal((68.6m, Band.Conditional), (Scorecard.Of(v2, answers, thresholds).Score, Scorecard.Of(v2, answers, thresholds).ScoreBand));
        Assert.IsType<TemplatePublishResult.Unchanged>(await publisher.PublishAsync(heavierScope, "Alex", null, None));

        // The card says whose version it is: PmoBot's own until the PMO publishes one.
        var viewer = new PmoBot.People.PmoUser("alex", "Alex", null, null, "Europe/London", new HashSet<PmoBot.People.Role> { PmoBot.People.Role.Pmo }, false, null);
        Assert.Contains(PmoBot.Tests.Teams.BotHarness.TextsOf(OpportunityQuestionnaireCommands.Card(v1, thresholds, viewer)), t => t.StartsWith("PmoBot's built-in questionnaire: the PMO has not published its own yet.", StringComparison.Ordinal));
        Assert.Contains(PmoBot.Tests.Teams.BotHarness.TextsOf(OpportunityQuestionnaireCommands.Card(v2, thresholds, viewer)), t => t.StartsWith("Published by Alex, ", StringComparison.Ordinal));
    }

    private static async Task<ProjectImportReport> ImportAsync(OpportunityHarness h, string csv)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await h.Importer.ImportAsync(stream, "PMO", None);
    }
}
