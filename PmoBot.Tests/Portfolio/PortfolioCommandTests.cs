using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using static PmoBot.Tests.Portfolio.PortfolioHarness;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Portfolio;

public sealed class PortfolioCommandTests
{
    [Fact]
    public async Task Portfolio_of_a_business_unit_counts_rags_explains_red_and_amber_lists_open_misses_and_totals_per_currency()
    {
        var harness = await CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var red = await harness.ProjectAsync(megan, unit);
        var amber = await harness.ProjectAsync(megan, unit);
        var dollars = await harness.ProjectAsync(megan, unit, change: p => p with { Currency = "USD" });
        var unreviewed = await harness.ProjectAsync(megan, unit);
        var missedNow = await harness.ProjectAsync(megan, unit);
        var missedLongAgo = await harness.ProjectAsync(megan, unit);
        var closed = await harness.ProjectAsync(megan, unit, change: p => p with { Status = ProjectStatus.Closed });

        // Reviewed on 2026-03-06 with 30% of 1,200,000 earned: CPI 360,000 / 400,000 = 0.9, EAC 1,333,333.33; 360,000 / 360,000 = 1, EAC = BAC.
        await harness.ReviewAsync(red, Answers(Rag.Red, 30, 400_000, summary: "Vendor delivery slipped"));
        await harness.ReviewAsync(amber, WithDimensions(Answers(Rag.Amber, 30, 360_000), Rag.Green, Rag.Amber, Rag.Amber, Rag.Green, Rag.Green, Rag.Green));
        await harness.ReviewAsync(dollars, Answers(Rag.Green, 30, 360_000));
        await harness.ReviewAsync(missedNow, Answers(Rag.Green, 10, 120_000), ThisWeek.Previous.Previous);
        await harness.MissAsync(missedNow, ThisWeek);
        await harness.MissAsync(missedLongAgo, new(2026, 7));
        await harness.ReviewAsync(closed, Answers(Rag.Red, 30, 400_000));

        var card = (await harness.SayAsync(pmo, $"portfolio {unit.ToUpperInvariant()}")).Card!;

        // Teams draws the RAG counts as a donut and budget against EAC as grouped bars; other hosts show the same numbers as text.
        var donut = CardCharts.Only(card, "Chart.Donut");
        Assert.Equal([("Red", 1), ("Amber", 1), ("Green", 2), ("No review yet", 2)], CardCharts.Slices(donut));
        // Two currencies: each EAC as a percentage of its own budget, so the bars compare forecasts, not euros with dollars.
        var budget = CardCharts.Only(card, "Chart.VerticalBar.Grouped");
        Assert.Equal("EAC against budget by currency (each budget is 100%)", budget["title"]!.GetValue<string>());
        Assert.Equal(["Budget: EUR 100, USD 100", "EAC: EUR 102, USD 100"], CardCharts.Lines(budget));
        await AdaptiveCardValidator.AssertValidAsync("portfolio", card);
        card = CardCharts.WithoutCharts(card);
        var texts = TextsOf(card);
        Assert.Equal("Portfolio status", texts[0]);
        Assert.Equal($"Business unit {unit}: 6 projects open.", texts[1]);
        Assert.Equal("🔴 1 red · 🟠 1 amber · 🟢 2 green · 2 no review yet", texts[2]);
        Assert.Contains("Missed reviews not made up", texts);
        Assert.Equal(
            [
                ($"🔴 {red.Code}", $"{red.Name} · PM {megan.Name} · Vendor delivery slipped"),
                ($"🟠 {amber.Code}", $"{amber.Name} · PM {megan.Name} · Schedule and cost amber"),
                (missedNow.Code, $"{missedNow.Name} · PM {megan.Name} · missed 2026-W10"),
                (missedLongAgo.Code, $"{missedLongAgo.Name} · PM {megan.Name} · missed 2026-W07"),
                ("EUR", "budget 6,000,000 EUR · EAC 6,130,000 EUR · over budget by 130,000 EUR (EAC from the latest reviews of 3 of 5 projects; the others count at budget)"),
                ("USD", "budget 1,200,000 USD · EAC 1,200,000 USD · on budget (EAC from the latest review)"),
            ],
            FactsOf(card));
        Assert.Empty(ButtonsOf(card));
        Assert.DoesNotContain(texts, t => t.Contains(closed.Code, StringComparison.Ordinal) || t.Contains(unreviewed.Code, StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("portfolio without charts", card);
    }

    [Fact]
    public async Task Long_red_and_amber_lists_page_with_a_more_button_that_types_the_next_page()
    {
        var harness = await CreateAsync();
        var admin = await harness.PersonAsync("Alex", Role.Admin);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var projects = new List<Project>();
        for (var i = 0; i < 17; i++)
        {
            projects.Add(await harness.ProjectAsync(megan, unit));
        }

        await Task.WhenAll(projects.Select(p => harness.ReviewAsync(p, Answers(Rag.Amber, 30, 360_000, summary: "Late"))));

        var first = (await harness.SayAsync(admin, $"portfolio {unit}")).Card!;
        var more = Assert.Single(ButtonsOf(first));
        var second = (await harness.SayAsync(admin, more)).Card!;

        Assert.Equal($"portfolio {unit} page 2", more);
        Assert.Equal($"Business unit {unit}: 17 projects open (page 1 of 2).", TextsOf(first)[1]);
        var shown = FactsOf(first).Concat(FactsOf(second)).Where(f => f.Title.StartsWith("🟠", StringComparison.Ordinal)).Select(f => f.Title[3..]).ToList();
        Assert.Equal(projects.Select(p => p.Code).Order(ProjectText.CodeOrder), shown);
        Assert.Equal(15, FactsOf(first).Count(f => f.Title.StartsWith("🟠", StringComparison.Ordinal)));
        Assert.Empty(ButtonsOf(second));
        await AdaptiveCardValidator.AssertAllValidAsync([("portfolio page 1", first), ("portfolio page 2", second)]);
    }

    [Fact]
    public async Task A_page_past_the_last_says_so_instead_of_showing_the_first()
    {
        var harness = await CreateAsync();
        var admin = await harness.PersonAsync("Alex", Role.Admin);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var red = await harness.ProjectAsync(megan, unit);
        await harness.ReviewAsync(red, Answers(Rag.Red, 30, 400_000, summary: "Late"));

        var pastTheEnd = (await harness.SayAsync(admin, $"portfolio {unit} page 2")).Card!;
        var first = (await harness.SayAsync(admin, $"portfolio {unit} page 1")).Card!;

        Assert.Equal(
            $"There is no page 2: the red and amber projects, critical warnings and missed reviews fit on 1. Type **portfolio {unit}** for the first.",
            TextsOf(pastTheEnd)[1]);
        Assert.Equal("Portfolio status", TextsOf(first)[0]);
        Assert.Contains(($"🔴 {red.Code}", $"{red.Name} · PM {megan.Name} · Late"), FactsOf(first));
        await AdaptiveCardValidator.AssertValidAsync("portfolio, no such page", pastTheEnd);
    }

    [Fact]
    public async Task A_leader_sees_the_business_units_configured_for_them_and_nothing_about_the_others()
    {
        var harness = await CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var scoped = await harness.PersonAsync("Isaiah", Role.Leader);
        var byEmail = await harness.Projects.PersonWithEmailAsync("Lynne", Role.Leader);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var mine = ProjectsHarness.NewBusinessUnit();
        var theirs = ProjectsHarness.NewBusinessUnit();
        harness.Options.Leaders[scoped.UserKey.ToUpperInvariant()] = [mine.ToUpperInvariant()];
        harness.Options.Leaders[byEmail.Email!] = [mine];
        var visible = await harness.ProjectAsync(megan, mine);
        var hidden = await harness.ProjectAsync(megan, theirs);
        await harness.ReviewAsync(visible, Answers(Rag.Red, 30, 400_000, summary: "Visible trouble"));
        await harness.ReviewAsync(hidden, Answers(Rag.Red, 30, 400_000, summary: "Hidden trouble"));
        var unknown = ProjectsHarness.NewCode();

        foreach (var (leader, configured) in new[] { (scoped, mine.ToUpperInvariant()), (byEmail, mine) })
        {
            var portfolio = (await harness.SayAsync(leader, "portfolio")).Card!;
            var otherUnit = (await harness.SayAsync(leader, $"portfolio {theirs}")).Card!;
            var refused = (await harness.SayAsync(leader, $"status {hidden.Code}")).Card!;
            var unknownAnswer = (await harness.SayAsync(leader, $"status {unknown}")).Card!;
            var allowed = (await harness.SayAsync(leader, $"status {visible.Code}")).Card!;

            // Only the configured unit exists for them, so the whole view is ours: deterministic on the shared tables.
            Assert.Equal($"Business unit {configured} and the projects you manage: 1 project open.", TextsOf(portfolio)[1]);
            Assert.Contains(($"🔴 {visible.Code}", $"{visible.Name} · PM {megan.Name} · Visible trouble"), FactsOf(portfolio));
            Assert.DoesNotContain(TextsOf(portfolio), t => t.Contains(hidden.Code, StringComparison.Ordinal));
            Assert.Equal($"There are no open projects in \"{theirs}\" that you can see. The business units you can see are: {mine}.", TextsOf(otherUnit)[1]);
            Assert.Equal(
                TextsOf(unknownAnswer).Select(t => t.Replace(unknown, "X", StringComparison.Ordinal)),
                TextsOf(refused).Select(t => t.Replace(hidden.Code, "X", StringComparison.Ordinal)));
            Assert.StartsWith($"I can't show you {hidden.Code} — either it doesn't exist or it isn't one you may see (business unit {configured} and the projects you manage).", TextsOf(refused)[1], StringComparison.Ordinal);
            Assert.Equal($"{visible.Code} · {visible.Name}", TextsOf(allowed)[0]);
            Assert.Equal(StatusCardTests.NotVisibleTexts, TextsOf((await harness.RefreshAsync(leader, (await harness.SayAsync(pmo, $"status {hidden.Code}")).Card!)).Card!));
        }

        var unlisted = await harness.PersonAsync("Miriam", Role.Leader);
        var whole = (await harness.SayAsync(unlisted, $"portfolio {theirs}")).Card!;
        Assert.Contains(($"🔴 {hidden.Code}", $"{hidden.Name} · PM {megan.Name} · Hidden trouble"), FactsOf(whole));
        Assert.Equal($"{hidden.Code} · {hidden.Name}", TextsOf((await harness.SayAsync(unlisted, $"status {hidden.Code}")).Card!)[0]);
    }

    [Fact]
    public async Task In_one_currency_budget_and_eac_are_drawn_as_amounts()
    {
        var harness = await CreateAsync();
        var leader = await harness.PersonAsync("Isaiah", Role.Leader);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var project = await harness.ProjectAsync(megan, unit);
        await harness.ReviewAsync(project, Answers(Rag.Red, 30, 400_000));

        var card = (await harness.SayAsync(leader, $"portfolio {unit}")).Card!;
        var chart = CardCharts.Only(card, "Chart.VerticalBar.Grouped");

        Assert.Equal("Budget and EAC (EUR)", chart["title"]!.GetValue<string>());
        Assert.Equal(["Budget: EUR 1200000", "EAC: EUR 1333333"], CardCharts.Lines(chart));
        Assert.Equal("FactSet", CardCharts.NumbersOf(chart)["type"]!.GetValue<string>());
        Assert.Contains(("EUR", "budget 1,200,000 EUR · EAC 1,330,000 EUR · over budget by 130,000 EUR (EAC from the latest review)"), FactsOf(card));
        await AdaptiveCardValidator.AssertValidAsync("portfolio in one currency", card);
    }

    [Fact]
    public async Task A_missed_review_stays_on_the_portfolio_until_the_project_is_reviewed_again_whatever_the_week()
    {
        var harness = await CreateAsync();
        var leader = await harness.PersonAsync("Isaiah", Role.Leader);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var stillMissed = await harness.ProjectAsync(megan, unit);
        var madeUp = await harness.ProjectAsync(megan, unit);
        await harness.MissAsync(stillMissed, ThisWeek.Previous.Previous);
        await harness.MissAsync(madeUp, ThisWeek.Previous.Previous);
        await harness.ReviewAsync(madeUp, Answers(Rag.Green, 10, 120_000), ThisWeek.Previous);

        var card = CardCharts.WithoutCharts((await harness.SayAsync(leader, $"portfolio {unit}")).Card!);

        // Two weeks on, past the Sunday midnight that used to empty the list, the open miss is still there; the one
        // made up by a later review is not.
        Assert.Contains((stillMissed.Code, $"{stillMissed.Name} · PM {megan.Name} · missed 2026-W08"), FactsOf(card));
        Assert.DoesNotContain(FactsOf(card), f => f.Title == madeUp.Code);
    }

    [Fact]
    public async Task Portfolio_is_for_the_pmo_leaders_and_admins_and_explains_bad_pages()
    {
        var harness = await CreateAsync();
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var leader = await harness.PersonAsync("Isaiah", Role.Leader);

        var refused = await harness.SayAsync(megan, "portfolio");
        var badPage = (await harness.SayAsync(leader, "portfolio page 0")).Card!;

        Assert.StartsWith("**portfolio** is for PMO, Leader or Admin", refused.Text, StringComparison.Ordinal);
        Assert.Equal("Pages go from 1 to 1,000, e.g. **portfolio page 2**.", TextsOf(badPage)[1]);
        await AdaptiveCardValidator.AssertValidAsync("bad page", badPage);
        foreach (var typo in new[] { "portfolio page -3", "portfolio page 2.5", "portfolio page 1001" })
        {
            Assert.Equal("Pages go from 1 to 1,000, e.g. **portfolio page 2**.", TextsOf((await harness.SayAsync(leader, typo)).Card!)[1]);
        }
    }

    [Theory]
    [InlineData("Digital page 2", "Digital", 2)]
    [InlineData("page 3", "", 3)]
    [InlineData("Home page", "Home page", 1)]
    [InlineData("Home page two", "Home page two", 1)]
    [InlineData("Digital page +2", "Digital", 2)]
    [InlineData("Digital page 2.0", "Digital", 2)]
    public void A_trailing_page_number_is_taken_off_and_a_name_ending_in_page_is_kept(string arguments, string rest, int page) =>
        Assert.Equal(new PagedArguments(rest, page), PagedArguments.Parse(arguments));

    [Theory]
    [InlineData("Digital page -3")]
    [InlineData("page 0")]
    [InlineData("page 2.5")]
    [InlineData("page 1001")]
    [InlineData("page 99999999999999999999")]
    public void A_page_number_out_of_range_is_refused_rather_than_read_as_a_business_unit(string arguments) =>
        Assert.Null(PagedArguments.Parse(arguments));
}
