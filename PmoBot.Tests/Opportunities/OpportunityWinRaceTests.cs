using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Risks;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.Reviews.History;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Opportunities.OpportunitiesOverHttpTests;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Opportunities;

/// <summary>Two people winning one deal at the same moment: one project, and the other told which.</summary>
public sealed class OpportunityWinRaceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Two_wins_at_once_make_one_project_and_the_loser_is_told_the_deal_was_already_won_as_the_winners_project()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var (_, pattiUser) = await run.PersonAsync("Patti", Role.ProjectManager);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (code, _) = await AddAsync(run, alex, pattiUser, meganUser, $"Unit {Guid.NewGuid():N}"[..13]);
        await ReviewInChatAsync(run, megan, code, Answers("No,No,No,No,No", AllFours, "none", "Key architect unavailable owner: Megan plan: pair with the vendor's architect (M/H)"));
        var number = Random.Shared.Next(100_000, 999_999);
        var (alexProject, pattiProject) = ($"PRJ-{number}", $"PRJ-{number + 1}");

        // Patti's win is paused at its first write to the pipeline; Alex's whole win happens in between.
        RecordingConnector.SentActivity? alexWon = null;
        var alexInBetween = new RequestInterception(
            RequestInterception.WriteTo(OpportunityStore.TableName),
            async () => alexWon = Assert.Single(await run.SayAsync(alex, $"opportunity won {code} {alexProject}")));
        var pattiWon = await HandoverThrough(run, alexInBetween).WinAsync(pattiUser, code, pattiProject, None);

        Assert.True(alexInBetween.Fired);
        Assert.Contains(TextsOf(alexWon!.Card!), t => t.StartsWith($"Won. Project {alexProject} is in the register with 1 risk", StringComparison.Ordinal));
        Assert.Contains(TextsOf(pattiWon.Card!), t => t.StartsWith($"{code} was already won as {alexProject}", StringComparison.Ordinal));
        Assert.NotNull(await run.Get<ProjectRegister>().GetAsync(alexProject, None));
        Assert.Null(await run.Get<ProjectRegister>().GetAsync(pattiProject, None));
        Assert.Single(await run.Get<LoggedRiskStore>().ListForProjectAsync(alexProject, None));
        Assert.Empty(await run.Get<LoggedRiskStore>().ListForProjectAsync(pattiProject, None));
        var stored = (await run.Get<OpportunityRegister>().GetAsync(code, None))!.Opportunity;
        Assert.Equal((OpportunityStage.Won, alexProject), (stored.Stage, stored.ProjectCode));
    }

    /// <summary>The app's own handover, with its pipeline's storage requests passing through <paramref name="interception"/>.</summary>
    private static OpportunityHandover HandoverThrough(EventsHttpRun run, RequestInterception interception)
    {
        var options = new TableClientOptions();
        options.AddPolicy(interception, HttpPipelinePosition.PerCall);
        var register = new OpportunityRegister(new OpportunityStore(new TableServiceClient(AzuriteStorage.ConnectionString, options)), run.Get<TimeProvider>());
        return ActivatorUtilities.CreateInstance<OpportunityHandover>(run.Get<IServiceProvider>(), register);
    }
}
