using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PmoBot.Hosting;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;

namespace PmoBot.Tests.Warnings;

/// <summary>The sweep at start-up runs once the data seeded at start-up (the demo's review history) is in place, not before.</summary>
public sealed class WarningSweepStartTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_first_sweep_waits_for_start_up_seeding_and_then_sees_what_it_wrote()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        var seeding = new SeedingReadiness([new StartupSeeder("demo")]);
        var readiness = new StorageReadiness();
        readiness.MarkReady();
        var warnings = new WarningSweeper(h.Projects.Register, h.Store, h.Monitor, Options.Create(new WarningsOptions { SweepEnabled = true }), NullLogger<WarningSweeper>.Instance);
        using var sweeper = new PeriodicSweep<WarningSweeper>(warnings, readiness, seeding, h.Time, NullLogger<PeriodicSweep<WarningSweeper>>.Instance);

        await sweeper.StartAsync(None);
        try
        {
            // What a seeder writes: a review recorded without telling the observers.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Empty(await h.Store.ListOpenAsync(project.Code, None));
            await h.History.SubmitAsync(
                new ReviewSubmission(project, WarningsHarness.Week48, 1, ReviewAnswers.From(new Dictionary<string, string> { [WellKnownQuestions.Overall] = nameof(Rag.Red) }), "demo", "PmoBot demo", Guid.NewGuid().ToString("N"), WarningsHarness.Week48.Monday),
                None);
            seeding.MarkSeeded();

            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (await h.Posts.GetAsync(project.Code, None) is not { IsPosted: true } && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.Single(await h.Store.ListOpenAsync(project.Code, None), e => e.RuleId == DimensionRedRule.RuleId);
            Assert.Equal(1, (await h.Posts.GetAsync(project.Code, None))!.Number);
        }
        finally
        {
            await sweeper.StopAsync(None);
        }
    }
}
