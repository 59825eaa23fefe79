using System.Text.Json.Nodes;
using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Opportunities.OpportunitiesOverHttpTests;
using static PmoBot.Tests.Teams.BotHarness;
using static PmoBot.Tests.Warnings.ManualWarningsHarness;

namespace PmoBot.Tests.Opportunities;

/// <summary>
/// Buttons on opportunity cards shown before the deal was won or closed, pressed over HTTP as Teams sends them: the
/// press changes nothing and its answer replaces the pressed card with the current one, saying what happened.
/// </summary>
public sealed class OutdatedOpportunityCardsOverHttpTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Mark_won_on_a_live_deal_wins_it_and_on_cards_shown_before_the_win_answers_the_current_card_saying_when_it_was_won()
    {
        await using var run = await StartAsync();
        var (alex, patti, code) = await ReviewedDealAsync(run);
        var pattiCard = Assert.Single(await run.SayAsync(patti, $"opportunity {code}")).Card!;
        var pattiResult = Assert.Single(await run.SayAsync(patti, $"opportunity result {code}")).Card!;
        var alexCard = Assert.Single(await run.SayAsync(alex, $"opportunity {code}")).Card!;
        Assert.Contains("Mark won", ActionTitles(pattiResult));

        // The live twin: on the deal as it is, Mark won wins it.
        var won = CardOfInvoke(await run.PressAsync(alex, alexCard, OpportunityCards.CreateProjectTitle));
        Assert.Contains(TextsOf(won), t => t.StartsWith($"Won. Project {code} is in the register", StringComparison.Ordinal));
        var afterWin = (await run.Get<OpportunityRegister>().GetAsync(code, None))!;

        foreach (var (what, stale) in new[] { ("opportunity card", pattiCard), ("result card", pattiResult) })
        {
            var current = CardOfInvoke(await run.PressAsync(patti, stale, OpportunityCards.CreateProjectTitle));

            var notice = TextsOf(current)[1];
            Assert.StartsWith($"{code} was already won as {code} on ", notice, StringComparison.Ordinal);
            Assert.Contains($"by {alex.Name}. Nothing was changed", notice, StringComparison.Ordinal);
            Assert.Equal($"{code} · Claims portal rebuild", TextsOf(current)[0]);
            Assert.Equal("Won", Fact(current, "Stage"));
            Assert.DoesNotContain("Mark won", ActionTitles(current));
            Assert.DoesNotContain("Lost or withdrawn", ActionTitles(current));
            Assert.Contains("The project", ActionTitles(current));
            await AdaptiveCardValidator.AssertValidAsync($"won, pressed on the {what}", current);
        }

        Assert.Equal(afterWin.ETag, (await run.Get<OpportunityRegister>().GetAsync(code, None))!.ETag);
    }

    [Fact]
    public async Task Mark_won_and_close_on_a_card_shown_before_the_deal_was_lost_answer_the_current_card_and_change_nothing()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (patti, pattiUser) = await run.PersonAsync("Patti", Role.ProjectManager);
        var (code, _) = await AddAsync(run, alex, pattiUser, null, $"Unit {Guid.NewGuid():N}"[..13]);
        var pattiCard = Assert.Single(await run.SayAsync(patti, $"opportunity {code}")).Card!;
        Assert.Contains("Mark won", ActionTitles(pattiCard));

        Assert.NotNull(Assert.Single(await run.SayAsync(alex, $"opportunity lost {code} Price 25% above the winner")).Card);
        var lost = (await run.Get<OpportunityRegister>().GetAsync(code, None))!;

        var pressedWon = CardOfInvoke(await run.PressAsync(patti, pattiCard, OpportunityCards.CreateProjectTitle));
        var pressedClose = CardOfInvoke(await run.PressAsync(patti, pattiCard, "Close the deal", inputs: new Dictionary<string, string>
        {
            [OpportunityCards.OutcomeField] = nameof(OpportunityStage.Withdrawn),
            [OpportunityCards.ReasonField] = "The customer stepped back",
        }));

        Assert.StartsWith($"{code} was closed as lost on ", TextsOf(pressedWon)[1], StringComparison.Ordinal);
        Assert.EndsWith($"by {alex.Name} (Price 25% above the winner), so it cannot be won. Nothing was changed.", TextsOf(pressedWon)[1], StringComparison.Ordinal);
        Assert.StartsWith($"{code} was already closed as lost on ", TextsOf(pressedClose)[1], StringComparison.Ordinal);
        foreach (var current in new[] { pressedWon, pressedClose })
        {
            Assert.Equal("Lost: Price 25% above the winner", Fact(current, "Stage"));
            Assert.DoesNotContain("Mark won", ActionTitles(current));
            Assert.DoesNotContain("Lost or withdrawn", ActionTitles(current));
        }

        var stored = (await run.Get<OpportunityRegister>().GetAsync(code, None))!;
        Assert.Equal((lost.ETag, OpportunityStage.Lost), (stored.ETag, stored.Opportunity.Stage));
        Assert.Null(await run.Get<ProjectRegister>().GetAsync(code, None));
        await AdaptiveCardValidator.AssertAllValidAsync([("mark won on a lost deal", pressedWon), ("close a lost deal", pressedClose)]);
    }

    [Fact]
    public async Task The_opportunity_and_result_cards_refresh_for_a_viewer_who_can_act_and_once_the_deal_is_won_come_back_without_mark_won()
    {
        await using var run = await StartAsync();
        var (alex, patti, code) = await ReviewedDealAsync(run);
        var (isaiah, _) = await run.PersonAsync("Isaiah", Role.Leader);
        var pattiCard = Assert.Single(await run.SayAsync(patti, $"opportunity {code}")).Card!;
        var pattiResult = Assert.Single(await run.SayAsync(patti, $"opportunity result {code}")).Card!;

        // Refreshed for Patti, the sales owner who may mark it won; a leader, who neither reviews nor wins the deal, gets no refresh of its card.
        foreach (var shown in new[] { pattiCard, pattiResult })
        {
            Assert.Equal([patti.TeamsUserId], shown["refresh"]!["userIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        }

        Assert.Null(Assert.Single(await run.SayAsync(isaiah, $"opportunity {code}")).Card!["refresh"]);

        // The twin: refreshed while the deal is open, both cards still offer Mark won.
        Assert.Contains("Mark won", ActionTitles(CardOfInvoke(await RefreshAsync(run, patti, pattiCard))));
        Assert.Contains("Mark won", ActionTitles(CardOfInvoke(await RefreshAsync(run, patti, pattiResult))));

        Assert.Contains(TextsOf(Assert.Single(await run.SayAsync(alex, $"opportunity won {code}")).Card!), t => t.StartsWith($"Won. Project {code}", StringComparison.Ordinal));
        var card = CardOfInvoke(await RefreshAsync(run, patti, pattiCard));
        var result = CardOfInvoke(await RefreshAsync(run, patti, pattiResult));

        Assert.Equal("Won", Fact(card, "Stage"));
        Assert.Equal($"{code} · Claims portal rebuild: Go", TextsOf(result)[0]);
        foreach (var current in new[] { card, result })
        {
            Assert.DoesNotContain("Mark won", ActionTitles(current));
            // A closed deal's card has nothing left to go stale.
            Assert.Null(current["refresh"]);
        }

        await AdaptiveCardValidator.AssertAllValidAsync([("card with refresh", pattiCard), ("result with refresh", pattiResult), ("card refreshed after the win", card), ("result refreshed after the win", result)]);
    }

    /// <summary>An open deal Alex (PMO) registered for Patti (its sales owner), reviewed a go by Megan (its proposed PM).</summary>
    internal static async Task<(TestPerson Alex, TestPerson Patti, string Code)> ReviewedDealAsync(EventsHttpRun run)
    {
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (patti, pattiUser) = await run.PersonAsync("Patti", Role.ProjectManager);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (code, _) = await AddAsync(run, alex, pattiUser, meganUser, $"Unit {Guid.NewGuid():N}"[..13]);
        await ReviewInChatAsync(run, megan, code, Answers("No,No,No,No,No", AllFours, "none", "none"));
        return (alex, patti, code);
    }

    /// <summary>What Teams sends when <paramref name="person"/> views a card with a refresh: its action, as an invoke.</summary>
    private static Task<JsonObject> RefreshAsync(EventsHttpRun run, TestPerson person, JsonObject card)
    {
        var action = card["refresh"]!["action"]!;
        return run.ExecuteAsync(person, action["verb"]!.GetValue<string>(), action["data"]!.DeepClone().AsObject());
    }
}
