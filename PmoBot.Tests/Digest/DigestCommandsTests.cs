using PmoBot.Digest;
using PmoBot.People;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Digest.DigestHarness;

namespace PmoBot.Tests.Digest;

/// <summary><c>digest on|off|now</c> typed over HTTP: who may use them, what they store, and what a wrong business unit gets.</summary>
public sealed class DigestCommandsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_pm_without_the_role_is_refused_and_a_leader_subscribes_to_what_they_may_see_and_stops()
    {
        var isaiah = TestPerson.New("Isaiah");
        var (unitA, unitB) = (ProjectsHarness.NewBusinessUnit(), ProjectsHarness.NewBusinessUnit());
        await using var run = await StartAsync(new Dictionary<string, string?> { [$"Portfolio:Leaders:{isaiah.AadObjectId}:0"] = unitA });
        var leader = await StoreAsync(run, isaiah, Role.Leader);
        var megan = TestPerson.New("Megan");
        var pm = await StoreAsync(run, megan, Role.ProjectManager);
        await ProjectAsync(run, pm, unitA);
        await ProjectAsync(run, pm, unitB);
        var store = run.Get<DigestStore>();

        // A PM has no digest: refused, nothing stored.
        foreach (var command in new[] { "digest on", "digest off", "digest now" })
        {
            Assert.StartsWith($"**{command}** is for", (await run.SayAsync(megan, command)).Text, StringComparison.Ordinal);
        }

        Assert.Null(await store.GetSubscriptionAsync(pm.UserKey, None));

        // The twin: the leader subscribes to all they may see.
        var accepted = (await run.SayAsync(isaiah, "digest on")).Text!;
        Assert.True(accepted.StartsWith($"You'll get the weekly digest of business unit {unitA} and the projects you manage in your personal chat every {run.Get<WeeklyDigest>().When}", StringComparison.Ordinal), accepted);
        Assert.Equal((leader.Name, (string?)null), await SubscriptionAsync(store, leader));

        // A unit outside their view is refused, naming the ones they may choose; their own unit in any case is taken as the register spells it.
        var refused = (await run.SayAsync(isaiah, $"digest on {unitB}")).Text!;
        Assert.StartsWith($"You see no project in business unit \"{unitB}\". Business units you may see: {unitA}.", refused, StringComparison.Ordinal);
        Assert.Equal((leader.Name, (string?)null), await SubscriptionAsync(store, leader));
        Assert.StartsWith(
            $"You'll get the weekly digest of business unit {unitA} instead of business unit {unitA} and the projects you manage in your personal chat",
            (await run.SayAsync(isaiah, $"digest on {unitA.ToUpperInvariant()}")).Text,
            StringComparison.Ordinal);
        Assert.Equal((leader.Name, unitA), await SubscriptionAsync(store, leader));

        // The same scope again replaces nothing; going back to all they may see says what it replaced.
        Assert.DoesNotContain("instead of", (await run.SayAsync(isaiah, $"digest on {unitA}")).Text, StringComparison.Ordinal);
        Assert.StartsWith(
            $"You'll get the weekly digest of business unit {unitA} and the projects you manage instead of business unit {unitA} in your personal chat",
            (await run.SayAsync(isaiah, "digest on")).Text,
            StringComparison.Ordinal);
        Assert.Equal((leader.Name, (string?)null), await SubscriptionAsync(store, leader));

        // Off, and off again.
        Assert.StartsWith("You won't get the weekly digest", (await run.SayAsync(isaiah, "digest off")).Text, StringComparison.Ordinal);
        Assert.Null(await store.GetSubscriptionAsync(leader.UserKey, None));
        Assert.StartsWith("You were not getting the weekly digest", (await run.SayAsync(isaiah, "digest off")).Text, StringComparison.Ordinal);

        // Help lists the commands with arguments every Teams client shows.
        var help = (await run.SayAsync(isaiah, "help")).Body.ToJsonString();
        Assert.Contains("digest on [business unit]", help, StringComparison.Ordinal);
        Assert.DoesNotContain("digest on <", help, StringComparison.Ordinal);
    }

    private static async Task<(string Name, string? Unit)?> SubscriptionAsync(DigestStore store, PmoUser user) =>
        await store.GetSubscriptionAsync(user.UserKey, None) is { } s ? (s.Name, s.BusinessUnit) : null;
}
