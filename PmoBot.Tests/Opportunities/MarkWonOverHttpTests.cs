using System.Text.Json.Nodes;
using PmoBot.Opportunities;
using PmoBot.Projects;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Development.Events;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Opportunities;

/// <summary>
/// <b>Mark won</b> on the result card, pressed over HTTP as Teams sends it, names the project as
/// <c>opportunity won ‹code› ‹project code›</c> does. The README's step 8 offers the button in place of the command and
/// then types <c>status PRJ-301</c>; the button used to take no code, so the project was always named after the deal
/// (OPP-301) and <c>status PRJ-301</c> found nothing.
/// </summary>
public sealed class MarkWonOverHttpTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Mark_won_on_the_result_card_creates_the_project_under_the_code_typed_under_it()
    {
        await using var run = await StartAsync();
        var (alex, _, code) = await OutdatedOpportunityCardsOverHttpTests.ReviewedDealAsync(run);
        var result = Assert.Single(await run.SayAsync(alex, $"opportunity result {code}")).Card!;
        var markWon = ButtonOf(result, OpportunityCards.MarkWonTitle);
        Assert.Equal("Action.ShowCard", markWon["type"]!.GetValue<string>());
        var input = Assert.Single(TestSupport.PlaygroundPage.AllNodes(markWon["card"]).OfType<JsonObject>(), n => n["type"]?.GetValue<string>() == "Input.Text");
        Assert.Equal(OpportunityCards.ProjectCodeField, input["id"]!.GetValue<string>());
        Assert.Contains(code, input["label"]!.GetValue<string>(), StringComparison.Ordinal);
        var projectCode = code.Replace("OPP", "PRJ", StringComparison.Ordinal);

        var won = CardOfInvoke(await run.PressAsync(alex, result, OpportunityCards.CreateProjectTitle, inputs: new Dictionary<string, string> { [OpportunityCards.ProjectCodeField] = projectCode.ToLowerInvariant() }));

        Assert.Contains(TextsOf(won), t => t.StartsWith($"Won. Project {projectCode} is in the register", StringComparison.Ordinal));
        Assert.Equal(projectCode, (await run.Get<OpportunityRegister>().GetAsync(code, None))!.Opportunity.ProjectCode);
        Assert.NotNull(await run.Get<ProjectRegister>().GetAsync(projectCode, None));
        Assert.Null(await run.Get<ProjectRegister>().GetAsync(code, None));
        await AdaptiveCardValidator.AssertAllValidAsync([("result card with Mark won", result), ("won", won)]);
    }
}
