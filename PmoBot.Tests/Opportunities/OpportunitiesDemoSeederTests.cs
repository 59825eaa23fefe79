using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PmoBot.Demo;
using PmoBot.Opportunities;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Opportunities;

/// <summary>The demo pipeline: six deals across the stages, one conditional, one no-go and one ready to win, seeded once.</summary>
public sealed class OpportunitiesDemoSeederTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Seeding_twice_gives_six_deals_once_with_a_go_ready_to_win_a_conditional_and_a_no_go()
    {
        var h = await OpportunityHarness.CreateAsync();
        var service = await AzuriteStorage.WithTablesAsync(OpportunityTemplates.TableName);
        var seeder = new OpportunitiesDemoSeeder(
            Options.Create(new DemoOptions { Seed = true }),
            Options.Create(new OpportunitiesOptions()),
            new StorageReadiness(),
            h.Register,
            h.Reviews,
            new OpportunityTemplates(service, TimeProvider.System),
            TimeProvider.System,
            NullLogger<OpportunitiesDemoSeeder>.Instance);

        Assert.Equal(6, await seeder.SeedAsync(None));
        Assert.Equal(0, await seeder.SeedAsync(None));

        var pipeline = (await h.Store.ListAsync(None)).Select(s => s.Opportunity).ToDictionary(o => o.Code);
        Assert.Equal(6, pipeline.Count);
        Assert.Equal((Band.Go, 75m), (pipeline[OpportunitiesDemoSeeder.ReadyToWin].LatestReview!.Band, pipeline[OpportunitiesDemoSeeder.ReadyToWin].LatestReview!.Score));
        Assert.NotNull(pipeline[OpportunitiesDemoSeeder.ReadyToWin].ProposedPm);
        Assert.Equal((Band.Conditional, 59m), (pipeline["OPP-302"].LatestReview!.Band, pipeline["OPP-302"].LatestReview!.Score));
        Assert.Equal(Band.NoGo, pipeline["OPP-303"].LatestReview!.Band);
        Assert.Equal(2, (await h.Reviews.GetAsync("OPP-303", pipeline["OPP-303"].LatestReview!.ReviewId, None))!.DealKillers.Count);
        Assert.Single(OpportunityReminderSweeper.Due(pipeline.Values, DateOnly.FromDateTime(DateTime.UtcNow), 7), o => o.Code == "OPP-304");
        Assert.Equal([OpportunityStage.Qualify, OpportunityStage.Propose, OpportunityStage.Negotiate, OpportunityStage.Won, OpportunityStage.Lost], pipeline.Values.Select(o => o.Stage).Distinct().Order());
        Assert.Equal(2, (await h.Reviews.GetAsync(OpportunitiesDemoSeeder.ReadyToWin, pipeline[OpportunitiesDemoSeeder.ReadyToWin].LatestReview!.ReviewId, None))!.Risks("x", "y").Count);
    }
}
