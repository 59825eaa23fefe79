using System.Text.Json.Nodes;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using static PmoBot.Tests.Portfolio.PortfolioHarness;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Portfolio;

public sealed class StatusCardTests
{
    public static readonly IReadOnlyList<string> NotVisibleTexts =
    [
        "Project status",
        "You can't see this project's status: it is not one of the projects you may see, or it no longer exists. Type **status** with a project of yours.",
    ];

    [Fact]
    public async Task Status_shows_rag_per_dimension_with_trend_kpis_milestone_ranked_risks_decisions_and_the_last_review()
    {
        var harness = await CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.ProjectAsync(megan, ProjectsHarness.NewBusinessUnit());
        await harness.ReviewAsync(project, WithDimensions(Answers(Rag.Green, 20, 200_000), Rag.Green, Rag.Green, Rag.Green, Rag.Green, Rag.Red, Rag.Green), ThisWeek.Previous);
        var answers = WithDimensions(Answers(Rag.Amber, 30, 400_000, 1_300_000, "Vendor is two weeks late"), Rag.Green, Rag.Red, Rag.Amber, Rag.Green, Rag.Amber)
            .With(WellKnownQuestions.NextMilestone, "Go-live")
            .With(WellKnownQuestions.NextMilestoneDate, "2026-10-20")
            .With(WellKnownQuestions.TopRisks, ReviewAnswers.Canonical([new RiskEntry("Key person leaves", RiskLevel.Low, RiskLevel.High), new RiskEntry("Vendor late", RiskLevel.High, RiskLevel.Medium)]))
            .With(WellKnownQuestions.Decisions, "Approve the second vendor");
        await harness.ReviewAsync(project, answers);
        await harness.LogRiskAsync(project, "Data migration fails", RiskLevel.High, RiskLevel.High, "Pat Owner");

        var card = (await harness.SayAsync(megan, $"/STATUS {project.Code.ToLowerInvariant()}", ConversationKind.Channel)).Card!;

        var texts = TextsOf(card);
        Assert.Equal($"{project.Code} · {project.Name}", texts[0]);
        Assert.Equal($"{project.BusinessUnit} · PM {megan.Name} · Execution · Active", texts[1]);
        Assert.Equal("Overall 🟠 Amber ↓ worse (was Green)", texts[2]);
        Assert.Equal("Vendor is two weeks late", texts[3]);
        Assert.Contains("Approve the second vendor", texts);
        Assert.Contains($"Last review 2026-W10 (2 Mar), submitted by {megan.Name} on 4 Mar 2026 12:00 ({UserTimeZones.Resolve(megan.TimeZone).Id}).", texts);

        // Reviewed on 2026-03-06: PV 174,666.67, EV 360,000, SPI 2.06; CPI 360,000 / 400,000 = 0.90; EAC 1,200,000 / 0.9.
        Assert.Equal(
            [
                ("Scope", "🟢 Green → same"),
                ("Schedule", "🔴 Red ↓ worse (was Green)"),
                ("Cost", "🟠 Amber ↓ worse (was Green)"),
                ("Quality", "🟢 Green → same"),
                ("Risk", "🟠 Amber ↑ better (was Red)"),
                ("Stakeholders", "not given"),
                ("Percent complete", "30%"),
                ("SPI", "2.06"),
                ("CPI", "0.90"),
                ("EAC (BAC / CPI)", "1,330,000 EUR vs budget 1,200,000 EUR"),
                ("PM's EAC", "1,300,000 EUR"),
                ("Next milestone", "Go-live, forecast 20 Oct 2026"),
                ("9 · High / High", "Data migration fails · owner Pat Owner (logged)"),
                ("6 · High / Medium", $"Vendor late · PM {megan.Name}"),
                ("3 · Low / High", $"Key person leaves · PM {megan.Name}"),
            ],
            FactsOf(card));
        Assert.Equal(JsonNode.Parse("""{"action":{"type":"Action.Execute","verb":"status.refresh","data":{"verb":"status.refresh","code":"CODE"}}}""".Replace("CODE", project.Code, StringComparison.Ordinal)), card["refresh"], JsonNode.DeepEquals);
        Assert.Equal([$"review history {project.Code}", $"project {project.Code}"], ButtonsOf(card));
        await AdaptiveCardValidator.AssertValidAsync("status", card);
    }

    [Fact]
    public async Task A_project_without_a_review_says_no_review_yet_and_shows_the_registers_next_milestone()
    {
        var harness = await CreateAsync();
        var leader = await harness.PersonAsync("Isaiah", Role.Leader);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.ProjectAsync(megan, ProjectsHarness.NewBusinessUnit());
        await harness.MissAsync(project, ThisWeek);

        var card = (await harness.SayAsync(leader, $"status {project.Code}")).Card!;

        Assert.Contains($"Overall: no review yet. The first weekly review {megan.Name} submits fills this card in.", TextsOf(card));
        Assert.Equal([("Budget at completion", "1,200,000 EUR"), ("Next milestone", "Go-live, forecast 15 Oct 2026, baseline 30 Sep 2026 (register)")], FactsOf(card));
        Assert.Contains("Missed reviews since the last one submitted: 1, the latest 2026-W10.", TextsOf(card));
        Assert.Contains("None reported in the latest review or logged.", TextsOf(card));
        await AdaptiveCardValidator.AssertValidAsync("status without review", card);
    }

    [Fact]
    public async Task A_pm_sees_their_own_and_deputised_projects_and_gets_the_same_words_for_anothers_project_as_for_an_unknown_one()
    {
        var harness = await CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var lynne = await harness.PersonAsync("Lynne", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var own = await harness.ProjectAsync(megan, unit);
        var deputised = await harness.ProjectAsync(adele, unit, change: p => p with { Deputy = new ProjectPerson(lynne.UserKey, lynne.Name) });
        var others = await harness.ProjectAsync(adele, unit);
        var unknown = ProjectsHarness.NewCode();

        var ownCard = (await harness.SayAsync(megan, $"status {own.Code}")).Card!;
        var deputyCard = (await harness.SayAsync(lynne, $"status {deputised.Code}", ConversationKind.GroupChat)).Card!;
        var refused = (await harness.SayAsync(megan, $"status {others.Code}")).Card!;
        var refusedDeputised = (await harness.SayAsync(megan, $"status {deputised.Code}")).Card!;
        var unknownAnswer = (await harness.SayAsync(megan, $"status {unknown}")).Card!;
        var byName = (await harness.SayAsync(megan, $"status {others.Name}")).Card!;

        Assert.Equal($"{own.Code} · {own.Name}", TextsOf(ownCard)[0]);
        Assert.Equal($"{deputised.Code} · {deputised.Name}", TextsOf(deputyCard)[0]);

        // Megan sees one project, so the closest one suggested is the same whatever she typed.
        var expected = TextsOf(unknownAnswer).Select(t => t.Replace(unknown, "X", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected, TextsOf(refused).Select(t => t.Replace(others.Code, "X", StringComparison.Ordinal)));
        Assert.Equal(expected, TextsOf(refusedDeputised).Select(t => t.Replace(deputised.Code, "X", StringComparison.Ordinal)));
        Assert.Equal(
            $"I can't show you {others.Code} — either it doesn't exist or it isn't one of your projects. Type **projects** to see yours.",
            TextsOf(refused)[1]);
        Assert.Empty(ButtonsOf(refused));
        Assert.StartsWith($"I can't show you \"{others.Name}\"", TextsOf(byName)[1], StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertAllValidAsync([("own", ownCard), ("refused", refused)]);
    }

    [Fact]
    public async Task The_refresh_rebuilds_the_card_for_who_may_see_it_and_tells_anyone_else_nothing()
    {
        var harness = await CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var nobody = await harness.PersonAsync("Nestor");
        var project = await harness.ProjectAsync(megan, ProjectsHarness.NewBusinessUnit());
        var inserted = (await harness.SayAsync(pmo, $"status {project.Code}")).Card!;
        await harness.ReviewAsync(project, Answers(Rag.Red, 30, 400_000, summary: "Now red"));

        var forMegan = (await harness.RefreshAsync(megan, inserted)).Card!;
        var forAdele = (await harness.RefreshAsync(adele, inserted)).Card!;
        var forNobody = (await harness.RefreshAsync(nobody, inserted)).Card!;

        Assert.Contains("Overall: no review yet. The first weekly review " + megan.Name + " submits fills this card in.", TextsOf(inserted));
        Assert.Equal("Overall 🔴 Red", TextsOf(forMegan)[2]);
        Assert.Equal(NotVisibleTexts, TextsOf(forAdele));
        Assert.Equal(NotVisibleTexts, TextsOf(forNobody));
        Assert.Equal(inserted["refresh"], forAdele["refresh"], JsonNode.DeepEquals);
        await AdaptiveCardValidator.AssertAllValidAsync([("refreshed", forMegan), ("refused refresh", forAdele)]);
    }

    [Fact]
    public async Task An_ambiguous_name_offers_the_matches_as_buttons_five_a_page_and_no_match_suggests_the_closest()
    {
        var harness = await CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var word = $"Orion{Guid.NewGuid().ToString("N")[..6]}";
        var projects = new List<Project>();
        for (var i = 1; i <= 7; i++)
        {
            projects.Add(await harness.ProjectAsync(megan, unit, $"{word} phase {i}"));
        }

        var codes = projects.Select(p => p.Code).Order(ProjectText.CodeOrder).ToList();

        var first = (await harness.SayAsync(megan, $"status {word.ToUpperInvariant()}")).Card!;
        var second = (await harness.SayAsync(megan, ButtonsOf(first)[^1])).Card!;
        var single = (await harness.SayAsync(megan, $"status phase 3")).Card!;
        var none = (await harness.SayAsync(megan, $"status {word} phase 9")).Card!;

        Assert.Equal($"Which project? 7 match \"{word.ToUpperInvariant()}\"", TextsOf(first)[0]);
        Assert.Equal([.. codes.Take(5).Select(c => $"status {c}"), $"status {word.ToUpperInvariant()} page 2"], ButtonsOf(first));
        Assert.Equal($"{codes[0]} {projects.Single(p => p.Code == codes[0]).Name}", first["actions"]![0]!["title"]!.GetValue<string>());
        Assert.Equal(codes.Skip(5).Select(c => $"status {c}"), ButtonsOf(second));
        Assert.Equal($"{projects[2].Code} · {projects[2].Name}", TextsOf(single)[0]);
        // Every "phase n" is one edit away from "phase 9": the tie goes to the first code.
        var closest = projects.Single(p => p.Code == codes[0]);
        Assert.Equal($"status {closest.Code}", Assert.Single(ButtonsOf(none)));
        Assert.EndsWith($"The closest you can see is {closest.Code} {closest.Name}.", TextsOf(none)[1], StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertAllValidAsync([("matches page 1", first), ("matches page 2", second), ("closest", none)]);
    }

    [Fact]
    public async Task A_code_that_matches_no_project_says_there_is_none_and_suggests_only_a_code_one_edit_away()
    {
        var harness = await CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.ProjectAsync(megan, ProjectsHarness.NewBusinessUnit());
        var unknown = ProjectsHarness.NewCode(999);
        var typo = project.Code[..^1] + (project.Code[^1] == '9' ? '8' : '9');

        var found = (await harness.SayAsync(pmo, $"status {project.Code}")).Card!;
        var missing = (await harness.SayAsync(pmo, $"status {unknown}")).Card!;
        var near = (await harness.SayAsync(pmo, $"status {typo}")).Card!;

        Assert.Equal($"{project.Code} · {project.Name}", TextsOf(found)[0]);
        Assert.Equal($"There is no project {unknown}. Type **projects** to see the register.", TextsOf(missing)[1]);
        Assert.Empty(ButtonsOf(missing));
        Assert.Equal($"There is no project {typo}. Type **projects** to see the register. The closest you can see is {project.Code} {project.Name}.", TextsOf(near)[1]);
        Assert.Equal($"status {project.Code}", Assert.Single(ButtonsOf(near)));
        await AdaptiveCardValidator.AssertValidAsync("no such code", missing);
    }

    [Fact]
    public async Task Status_without_a_project_says_how_to_ask()
    {
        var harness = await CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);

        var card = (await harness.SayAsync(megan, "status")).Card!;

        Assert.Equal("Which project? Type **status ‹code or part of its name›**, e.g. status PRJ-042, or **my projects**.", TextsOf(card)[1]);
        await AdaptiveCardValidator.AssertValidAsync("status usage", card);
    }
}
