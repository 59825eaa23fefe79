using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using static PmoBot.Tests.Portfolio.PortfolioHarness;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Portfolio;

public sealed class RisksKpisAndMyProjectsTests
{
    [Fact]
    public async Task Risks_rank_review_and_logged_risks_across_the_business_unit_by_probability_times_impact_and_page()
    {
        var harness = await CreateAsync();
        var leader = await harness.PersonAsync("Isaiah", Role.Leader);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var reviewed = await harness.ProjectAsync(megan, unit);
        var logged = await harness.ProjectAsync(megan, unit);
        var closed = await harness.ProjectAsync(megan, unit, change: p => p with { Status = ProjectStatus.Closed });
        await harness.ReviewAsync(reviewed, Answers(Rag.Amber, 30, 360_000).With(
            WellKnownQuestions.TopRisks,
            ReviewAnswers.Canonical([new RiskEntry("Vendor late", RiskLevel.High, RiskLevel.Medium), new RiskEntry("Budget cut", RiskLevel.Medium, RiskLevel.Medium)])));
        await harness.LogRiskAsync(logged, "Data centre move", RiskLevel.High, RiskLevel.High, "Pat Owner");
        await harness.LogRiskAsync(closed, "Never shown", RiskLevel.High, RiskLevel.High, "Pat Owner");
        for (var i = 0; i < 20; i++)
        {
            await harness.LogRiskAsync(logged, $"Minor issue {i}", RiskLevel.Low, RiskLevel.Low, "Pat Owner");
        }

        var first = (await harness.SayAsync(leader, $"risks {unit}")).Card!;
        var second = (await harness.SayAsync(leader, Assert.Single(ButtonsOf(first)))).Card!;

        Assert.Equal($"Business unit {unit}: 23 risks from the latest reviews and the risk log, by probability × impact (page 1 of 2).", TextsOf(first)[1]);
        Assert.Equal(
            [
                ("9 · High / High", $"{logged.Code} {logged.Name}: Data centre move · owner Pat Owner (logged)"),
                ("6 · High / Medium", $"{reviewed.Code} {reviewed.Name}: Vendor late · PM {megan.Name}"),
                ("4 · Medium / Medium", $"{reviewed.Code} {reviewed.Name}: Budget cut · PM {megan.Name}"),
            ],
            FactsOf(first).Take(3));
        Assert.Equal(20, FactsOf(first).Count);
        Assert.Equal(3, FactsOf(second).Count);
        Assert.All(FactsOf(second), f => Assert.Equal("1 · Low / Low", f.Title));
        Assert.Equal($"risks {unit} page 2", ButtonsOf(first)[0]);
        Assert.DoesNotContain(TextsOf(first).Concat(TextsOf(second)), t => t.Contains("Never shown", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertAllValidAsync([("risks page 1", first), ("risks page 2", second)]);
    }

    [Fact]
    public async Task A_pm_sees_only_their_own_risks_and_kpis()
    {
        var harness = await CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var own = await harness.ProjectAsync(megan, unit);
        var others = await harness.ProjectAsync(adele, unit);
        await harness.LogRiskAsync(own, "Own risk", RiskLevel.Medium, RiskLevel.High, "Megan");
        await harness.LogRiskAsync(others, "Other risk", RiskLevel.High, RiskLevel.High, "Adele");
        await harness.ReviewAsync(own, Answers(Rag.Green, 30, 360_000));
        await harness.ReviewAsync(others, Answers(Rag.Red, 30, 400_000));

        var risks = (await harness.SayAsync(megan, "risks")).Card!;
        var kpis = (await harness.SayAsync(megan, "kpis")).Card!;
        var otherUnit = (await harness.SayAsync(megan, $"kpis {ProjectsHarness.NewBusinessUnit()}")).Card!;

        Assert.Equal([("6 · Medium / High", $"{own.Code} {own.Name}: Own risk · owner Megan (logged)")], FactsOf(risks));
        Assert.Equal([$"SPI: {own.Code} 2.06", $"CPI: {own.Code} 1"], CardCharts.Lines(CardCharts.Only(kpis, "Chart.VerticalBar.Grouped")));
        Assert.Equal([($"{own.Code} {own.Name}", "SPI 2.06 · CPI 1.00 (2026-W10)")], FactsOf(CardCharts.WithoutCharts(kpis)));
        Assert.Equal("The projects you manage: 1 risk from the latest reviews and the risk log, by probability × impact.", TextsOf(risks)[1]);
        Assert.StartsWith("There are no open projects in", TextsOf(otherUnit)[1], StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertAllValidAsync([("pm risks", risks), ("pm kpis", kpis), ("no unit", otherUnit)]);
    }

    [Fact]
    public async Task Kpis_list_the_worst_of_spi_and_cpi_first_and_not_enough_data_last()
    {
        var harness = await CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var unreviewed = await harness.ProjectAsync(megan, unit);
        var noData = await harness.ProjectAsync(megan, unit, change: p => p with { Baseline = [] });
        var overBudget = await harness.ProjectAsync(megan, unit);
        var onBudget = await harness.ProjectAsync(megan, unit);
        var behind = await harness.ProjectAsync(megan, unit);
        await harness.ReviewAsync(noData, ReviewAnswers.Empty.With(WellKnownQuestions.Overall, "Green"));
        await harness.ReviewAsync(overBudget, Answers(Rag.Red, 30, 450_000));
        await harness.ReviewAsync(onBudget, Answers(Rag.Green, 30, 360_000));
        await harness.ReviewAsync(behind, Answers(Rag.Amber, 10, 100_000));

        var card = (await harness.SayAsync(pmo, $"kpis {unit}")).Card!;
        await AdaptiveCardValidator.AssertValidAsync("kpis", card);

        // Teams draws bars for the projects with figures, worst first; the two without are named under the chart.
        Assert.Equal(
            [$"SPI: {behind.Code} 0.69, {overBudget.Code} 2.06, {onBudget.Code} 2.06", $"CPI: {behind.Code} 1.2, {overBudget.Code} 0.8, {onBudget.Code} 1"],
            CardCharts.Lines(CardCharts.Only(card, "Chart.VerticalBar.Grouped")));
        Assert.Contains(TextsOf(card), t => t.StartsWith("No bars (not enough data): ", StringComparison.Ordinal) && t.Contains(noData.Code, StringComparison.Ordinal) && t.Contains(unreviewed.Code, StringComparison.Ordinal));
        card = CardCharts.WithoutCharts(card);

        // SPI: EV / 174,666.67 (30% → 2.06, 10% → 0.69); CPI: 360,000 / 450,000 = 0.80, 1.00, 120,000 / 100,000 = 1.20.
        Assert.Equal(
            [
                ($"{behind.Code} {behind.Name}", "SPI 0.69 · CPI 1.20 (2026-W10)"),
                ($"{overBudget.Code} {overBudget.Name}", "SPI 2.06 · CPI 0.80 (2026-W10)"),
                ($"{onBudget.Code} {onBudget.Name}", "SPI 2.06 · CPI 1.00 (2026-W10)"),
                .. new[] { noData, unreviewed }.OrderBy(p => p.Code, ProjectText.CodeOrder).Select(p => ($"{p.Code} {p.Name}", p == noData ? "not enough data (2026-W10)" : "no review yet: not enough data")),
            ],
            FactsOf(card));
        await AdaptiveCardValidator.AssertValidAsync("kpis", card);
    }

    [Fact]
    public async Task My_projects_lists_managed_and_deputised_open_projects_with_rag_last_review_and_next_milestone()
    {
        var harness = await CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.PersonAsync("Adele", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var own = await harness.ProjectAsync(megan, unit);
        var deputised = await harness.ProjectAsync(adele, unit, change: p => p with { Deputy = new ProjectPerson(megan.UserKey, megan.Name) });
        await harness.ProjectAsync(megan, unit, change: p => p with { Status = ProjectStatus.Closed });
        await harness.ProjectAsync(adele, unit);
        await harness.ReviewAsync(own, Answers(Rag.Amber, 30, 360_000).With(WellKnownQuestions.NextMilestone, "Pilot").With(WellKnownQuestions.NextMilestoneDate, "2026-05-04"), ThisWeek.Previous);
        await harness.ReviewAsync(own, Answers(Rag.Red, 30, 360_000).With(WellKnownQuestions.NextMilestone, "Pilot").With(WellKnownQuestions.NextMilestoneDate, "2026-05-11"));

        var card = (await harness.SayAsync(megan, "my projects")).Card!;
        var none = (await harness.SayAsync(await harness.PersonAsync("Nestor", Role.Leader), "my projects")).Card!;

        var expected = new[]
        {
            (own, new[] { ("Overall", "🔴 Red ↓ worse (was Amber)"), ("Last review", "2026-W10 (2 Mar)"), ("Next milestone", "Pilot, forecast 11 May 2026") }),
            (deputised, new[] { ("Overall", "no review yet"), ("Last review", "no review yet"), ("Next milestone", "Go-live, forecast 15 Oct 2026, baseline 30 Sep 2026 (register)") }),
        }.OrderBy(x => x.Item1.Code, ProjectText.CodeOrder).ToList();
        Assert.Equal(expected.SelectMany(x => x.Item2), FactsOf(card));
        Assert.Equal(expected.Select(x => $"{x.Item1.Code} · {x.Item1.Name}"), TextsOf(card).Where(t => t.Contains(" · ", StringComparison.Ordinal) && t.StartsWith('T')));
        Assert.Equal("You don't manage or deputise on any open project.", TextsOf(none)[1]);
        await AdaptiveCardValidator.AssertAllValidAsync([("my projects", card), ("no projects", none)]);
    }
}
