using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Portfolio.PortfolioHarness;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Portfolio;

public sealed class PortfolioWarningsTests
{
    [Fact]
    public async Task Portfolio_counts_and_lists_the_open_critical_warnings_of_the_projects_it_covers_and_no_others()
    {
        var harness = await CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var overspent = await harness.ProjectAsync(megan, unit);
        var late = await harness.ProjectAsync(megan, unit);
        var elsewhere = await harness.ProjectAsync(megan, ProjectsHarness.NewBusinessUnit());
        await harness.ReviewAsync(overspent, Answers(Rag.Red, 30, 500_000));
        await harness.WarnAsync(overspent, CpiLowRule.RuleId, WarningSeverity.Critical);
        await harness.WarnAsync(overspent, SpiLowRule.RuleId, WarningSeverity.Watch);
        await harness.WarnAsync(late, SpiLowRule.RuleId, WarningSeverity.Critical);
        await harness.WarnAsync(elsewhere, CpiLowRule.RuleId, WarningSeverity.Critical);

        var card = (await harness.SayAsync(pmo, $"portfolio {unit}")).Card!;

        var texts = TextsOf(card);
        Assert.Contains("⛔ 2 open critical warnings", texts);
        Assert.Contains("Open critical warnings", texts);
        var warnings = FactsOf(card).Where(f => f.Title.StartsWith('⛔')).ToList();
        // By project code.
        var expected = new[]
        {
            (Code: overspent.Code, Fact: ($"⛔ {overspent.Code}", $"{overspent.Name} · Cost performance low")),
            (Code: late.Code, Fact: ($"⛔ {late.Code}", $"{late.Name} · Schedule performance low")),
        };
        Assert.Equal(expected.OrderBy(e => e.Code, ProjectText.CodeOrder).Select(e => e.Fact), warnings);
        Assert.DoesNotContain(texts, t => t.Contains(elsewhere.Code, StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("portfolio", card);
    }

    [Fact]
    public async Task A_portfolio_without_critical_warnings_says_so()
    {
        var harness = await CreateAsync();
        var pmo = await harness.PersonAsync("Alex", Role.Pmo);
        var megan = await harness.PersonAsync("Megan", Role.ProjectManager);
        var unit = ProjectsHarness.NewBusinessUnit();
        var watched = await harness.ProjectAsync(megan, unit);
        await harness.WarnAsync(watched, CpiLowRule.RuleId, WarningSeverity.Watch);

        var texts = TextsOf((await harness.SayAsync(pmo, $"portfolio {unit}")).Card!);

        Assert.Contains("No open critical warnings.", texts);
        Assert.DoesNotContain(texts, t => t.StartsWith('⛔'));
    }
}
