using System.Text;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using static PmoBot.Tests.Reviews.History.ReviewHistoryHarness;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Reviews.History;

public sealed class ReviewHistoryCommandsTests
{
    /// <summary>Teams refuses cards over about 28 KB; ours stay well below.</summary>
    private const int CardBudgetBytes = 20 * 1024;

    [Fact]
    public async Task A_pm_sees_their_projects_trend_rows_and_latest_kpis()
    {
        var harness = await CreateAsync();
        var megan = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.RegisteredProjectAsync(megan);
        await harness.SubmitAsync(project, Week10.Previous.Previous, Answers(Rag.Green, 20, 250_000));
        await harness.MissAsync(project, Week10.Previous);
        await harness.SubmitAsync(project, Week10, Answers(Rag.Amber, 30, 400_000, 1_300_000));

        var card = (await harness.SayAsync(megan, $"review history {project.Code.ToLowerInvariant()}")).Card!;

        var texts = TextsOf(card);
        Assert.Equal($"{project.Code} · {project.Name}", texts[0]);
        Assert.Contains("Review history: the last 3 reviews, 2026-W08 to 2026-W10.", texts);
        Assert.Contains("🟢 ⚪ 🟠", texts);
        var facts = FactsOf(card);

        // Week 8 reviewed on 2026-02-20: PV = 50,000 + 550,000 × 20 / 150 = 123,333.33; EV = 240,000; SPI = 1.95; CPI = 240,000 / 250,000 = 0.96.
        // Week 10 reviewed on 2026-03-06: PV = 50,000 + 550,000 × 34 / 150 = 174,666.67; EV = 0.3 × 1,200,000 = 360,000;
        // SPI = 360,000 / 174,666.67 = 2.06; CPI = 360,000 / 400,000 = 0.90; EAC = 1,200,000 / 0.9 = 1,333,333.33; VAC = -133,333.33.
        Assert.Contains(("2026-W10 (2 Mar)", $"🟠 Amber · 30% complete · SPI 2.06 · CPI 0.90 · by {megan.Name}"), facts);
        Assert.Contains(("2026-W09 (23 Feb)", "⚪ missed"), facts);
        Assert.Contains(("2026-W08 (16 Feb)", $"🟢 Green · 20% complete · SPI 1.95 · CPI 0.96 · by {megan.Name}"), facts);
        Assert.Equal(["2026-W10 (2 Mar)", "2026-W09 (23 Feb)", "2026-W08 (16 Feb)"], facts.Where(f => f.Title.StartsWith("2026-W", StringComparison.Ordinal)).Select(f => f.Title));
        Assert.Contains("Earned value, review of 2026-W10", texts);
        Assert.Contains(("Earned value (EV)", "360,000 EUR"), facts);
        // Worked out, so rounded for reading (three significant figures); the PM's own figures are shown as typed.
        Assert.Contains(("Planned value (PV)", "175,000 EUR"), facts);
        Assert.Contains(("Actual cost (AC)", "400,000 EUR"), facts);
        Assert.Contains(("SPI (EV / PV)", "2.06"), facts);
        Assert.Contains(("CPI (EV / AC)", "0.90"), facts);
        Assert.Contains(("EAC (BAC / CPI)", "1,330,000 EUR; the PM's estimate: 1,300,000 EUR"), facts);
        Assert.Contains(("VAC (BAC − EAC)", "-130,000 EUR"), facts);
        await AdaptiveCardValidator.AssertValidAsync("review history", card);

        // SPI and CPI as two lines over the reviewed weeks (the missed week has no point); the same figures as facts elsewhere.
        var trend = CardCharts.Only(card, "Chart.Line");
        Assert.Equal(["SPI: W08 1.95, W10 2.06", "CPI: W08 0.96, W10 0.9"], CardCharts.Lines(trend));
        Assert.Equal(
            [("2026-W08 (16 Feb)", "SPI 1.95 · CPI 0.96"), ("2026-W10 (2 Mar)", "SPI 2.06 · CPI 0.90")],
            CardCharts.NumbersOf(trend)["facts"]!.AsArray().Select(f => (f!["title"]!.GetValue<string>(), f["value"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Figures_that_cannot_be_computed_say_not_enough_data()
    {
        var harness = await CreateAsync();
        var leader = await harness.Projects.PersonAsync("Isaiah", Role.Leader);
        var megan = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.RegisteredProjectAsync(megan, p => p with { Baseline = [] });
        await harness.SubmitAsync(project, Week10, ReviewAnswers.Empty.With(WellKnownQuestions.PercentComplete, "50"));

        var card = (await harness.SayAsync(leader, $"review history {project.Code}")).Card!;

        var facts = FactsOf(card);
        Assert.Contains(("2026-W10 (2 Mar)", $"❔ no overall RAG · 50% complete · SPI n/a · CPI n/a · by {megan.Name}"), facts);
        Assert.Contains(("Earned value (EV)", "600,000 EUR"), facts);
        Assert.Contains(("Planned value (PV)", "not enough data"), facts);
        Assert.Contains(("Actual cost (AC)", "not enough data"), facts);
        Assert.Contains(("SPI (EV / PV)", "not enough data"), facts);
        Assert.Contains(("CPI (EV / AC)", "not enough data"), facts);
        Assert.Contains(("EAC (BAC / CPI)", "not enough data; the PM's estimate: not enough data"), facts);
        Assert.Contains(("VAC (BAC − EAC)", "not enough data"), facts);
        Assert.Contains(TextsOf(card), t => t.EndsWith("❔ no overall RAG given", StringComparison.Ordinal));
        Assert.Empty(CardCharts.All(card));
        await AdaptiveCardValidator.AssertValidAsync("review history without baseline", card);
    }

    [Fact]
    public async Task Only_missed_weeks_show_no_earned_value()
    {
        var harness = await CreateAsync();
        var pmo = await harness.Projects.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.RegisteredProjectAsync(megan);
        await harness.MissAsync(project, Week10);

        var card = (await harness.SayAsync(pmo, $"review history {project.Code}")).Card!;

        Assert.Contains("Review history: one review, 2026-W10.", TextsOf(card));
        Assert.Contains("No review was submitted in these weeks, so there is not enough data for earned value.", TextsOf(card));
        Assert.Equal([("2026-W10 (2 Mar)", "⚪ missed")], FactsOf(card).Where(f => f.Title.StartsWith("2026-W", StringComparison.Ordinal)));
        await AdaptiveCardValidator.AssertValidAsync("review history with only a missed week", card);
    }

    [Fact]
    public async Task The_number_of_weeks_limits_the_rows_and_a_full_card_offers_a_year()
    {
        var harness = await CreateAsync();
        var megan = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.RegisteredProjectAsync(megan);
        var period = Week10;
        for (var i = 0; i < 4; i++)
        {
            await harness.SubmitAsync(project, period, Answers(Rag.Green, 10 + i, 100_000));
            period = period.Next;
        }

        var two = (await harness.SayAsync(megan, $"review history {project.Code} 2")).Card!;
        var twoWeeks = (await harness.SayAsync(megan, $"review history {project.Code} 2 weeks")).Card!;
        var all = (await harness.SayAsync(megan, $"review history {project.Code}")).Card!;

        Assert.Contains("Review history: the last 2 reviews, 2026-W12 to 2026-W13.", TextsOf(two));
        Assert.Equal(TextsOf(two), TextsOf(twoWeeks));
        Assert.Equal($"review history {project.Code} 52", two["actions"]!.AsArray().Last()!["data"]!["command"]!.GetValue<string>());
        Assert.Contains("Review history: the last 4 reviews, 2026-W10 to 2026-W13.", TextsOf(all));
        Assert.Equal(["Project card"], all["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("53")]
    [InlineData("eight")]
    [InlineData("-3")]
    [InlineData("8 9")]
    public async Task A_bad_number_of_weeks_is_explained(string weeks)
    {
        var harness = await CreateAsync();
        var megan = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.RegisteredProjectAsync(megan);

        var answer = await harness.SayAsync(megan, $"review history {project.Code} {weeks}");

        Assert.Equal($"\"{weeks}\" is not a number of weeks: give a whole number from 1 to 52, e.g. **review history {project.Code} 12**. Without it you get the last 8.", answer.Text);
        Assert.Null(answer.Card);
    }

    [Fact]
    public async Task A_missing_or_malformed_code_is_explained()
    {
        var harness = await CreateAsync();
        var megan = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);

        var none = await harness.SayAsync(megan, "review history");
        var bad = await harness.SayAsync(megan, "review history Mobile");

        Assert.Equal("Which project? Type **review history ‹code› [weeks]**, e.g. review history PRJ-042 12, or **projects** for the list.", none.Text);
        Assert.Equal("\"Mobile\" is not a project code: letters and digits, a dash and a number, like PRJ-042. Type **review history ‹code› [weeks]**.", bad.Text);
    }

    [Fact]
    public async Task A_pm_asking_for_another_pms_project_gets_the_answer_for_an_unknown_code()
    {
        var harness = await CreateAsync();
        var megan = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.Projects.PersonAsync("Adele", Role.ProjectManager);
        var others = await harness.RegisteredProjectAsync(adele);
        await harness.SubmitAsync(others, Week10, Answers(Rag.Red, 10, 100_000));
        var missing = ProjectsHarness.NewCode();

        var refused = await harness.SayAsync(megan, $"review history {others.Code}");
        var unknown = await harness.SayAsync(megan, $"review history {missing}");

        Assert.Equal($"I can't show you {others.Code} — either it doesn't exist or it isn't one of your projects. Type **projects** to see yours.", refused.Text);
        Assert.Equal(refused.Text!.Replace(others.Code, missing, StringComparison.Ordinal), unknown.Text);
        Assert.Null(refused.Card);
        Assert.NotNull((await harness.SayAsync(adele, $"review history {others.Code}")).Card);
    }

    [Fact]
    public async Task A_leader_limited_to_a_business_unit_reads_the_history_of_that_unit_only()
    {
        var harness = await CreateAsync();
        var (leader, mine, visible, hidden) = await harness.LimitedLeaderAsync();
        await harness.SubmitAsync(visible, Week10, Answers(Rag.Green, 10, 100_000));
        await harness.SubmitAsync(hidden, Week10, Answers(Rag.Red, 10, 100_000));
        var missing = ProjectsHarness.NewCode();

        var shown = (await harness.SayAsync(leader, $"review history {visible.Code}")).Card!;
        var refused = await harness.SayAsync(leader, $"review history {hidden.Code}");
        var unknown = await harness.SayAsync(leader, $"review history {missing}");

        Assert.Equal($"{visible.Code} · {visible.Name}", TextsOf(shown)[0]);
        Assert.Equal(
            $"I can't show you {hidden.Code} — either it doesn't exist or it isn't one you may see (business unit {mine} and the projects you manage). Type **projects** to see those you may.",
            refused.Text);
        Assert.Equal(refused.Text!.Replace(hidden.Code, missing, StringComparison.Ordinal), unknown.Text);
        Assert.Null(refused.Card);
        Assert.NotNull((await harness.SayAsync(await harness.Projects.PersonAsync("Lee", Role.Leader), $"review history {hidden.Code}")).Card);
    }

    [Fact]
    public async Task A_deputy_sees_the_history_and_a_project_without_reviews_says_so()
    {
        var harness = await CreateAsync();
        var megan = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        var adele = await harness.Projects.PersonAsync("Adele", Role.ProjectManager);
        var project = await harness.RegisteredProjectAsync(adele, p => p with { Deputy = new ProjectPerson(megan.UserKey, megan.Name) });

        var answer = await harness.SayAsync(megan, $"review history {project.Code}");

        Assert.Equal($"{project.Code} {project.Name} has no reviews yet: its history starts with the first weekly review {adele.Name} submits (or misses).", answer.Text);
    }

    [Fact]
    public async Task A_year_of_reviews_fits_in_one_card()
    {
        var harness = await CreateAsync();
        var pmo = await harness.Projects.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.Projects.PersonAsync("Megan", Role.ProjectManager);
        var project = await harness.RegisteredProjectAsync(megan, p => p with { Name = new string('x', ProjectValidator.MaxNameLength) });
        var period = new ReviewPeriod(2025, 10);
        for (var i = 0; i < 53; i++)
        {
            if (i % 7 == 3)
            {
                await harness.MissAsync(project, period);
            }
            else
            {
                await harness.SubmitAsync(project, period, Answers((Rag)(i % 3), 1 + i, 1_000_000 + i));
            }

            period = period.Next;
        }

        var card = (await harness.SayAsync(pmo, $"review history {project.Code} 52")).Card!;

        var size = Encoding.UTF8.GetByteCount(card.ToJsonString());
        Assert.True(size < CardBudgetBytes, $"The card is {size} bytes.");
        Assert.Equal(52, FactsOf(card).Count(f => f.Title.Contains("-W", StringComparison.Ordinal)));
        var texts = TextsOf(card);
        Assert.Equal(52, texts[texts.ToList().IndexOf("Overall RAG, oldest to newest") + 1].Split(' ').Length);
        await AdaptiveCardValidator.AssertValidAsync("review history of a year", card);
    }
}
