using System.Text.Json.Nodes;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Demo;

/// <summary>
/// The README's "Try it" walkthrough, step by step, in the pinned Agents Playground started by <c>./scripts/dev.sh</c>:
/// each person's page driven over the playground's own HTTP API and WebSocket, as the page drives it.
/// </summary>
[Collection(DevScriptGroup.Name)]
public sealed class ReadmeWalkthroughTests(DevScriptFixture devScript)
{
    private const string PmoChannel = "channel-pmo-id";

    [Fact]
    public async Task The_walkthrough_works_person_by_person_as_the_readme_says()
    {
        var pages = devScript.Script.Pages.ToDictionary(p => p.Name, p => p.Url);
        await using var alex = await PlaygroundPage.OpenAsync(pages["Alex Wilber"]);
        await using var megan = await PlaygroundPage.OpenAsync(pages["Megan Bowen"]);
        await using var isaiah = await PlaygroundPage.OpenAsync(pages["Isaiah Langer"]);
        await using var nestor = await PlaygroundPage.OpenAsync(pages["Nestor Wilke"]);

        // 1. Alex: help lists the commands with their arguments; whoami keeps the zone the demo gave him.
        var help = await alex.WaitForAsync(await alex.SayAsync("help"), m => PlaygroundPage.Shown(m).Contains("What you can ask PmoBot", StringComparison.Ordinal), what: "the help card");
        Assert.Contains("review schedule [‹day› ‹hour› | reset]", PlaygroundPage.Shown(help), StringComparison.Ordinal);
        Assert.Contains("status ‹code or part of a name›", PlaygroundPage.Shown(help), StringComparison.Ordinal);
        var whoami = await alex.WaitForAsync(await alex.SayAsync("whoami"), m => PlaygroundPage.Shown(m).Contains("Entra object id", StringComparison.Ordinal), what: "the whoami card");
        Assert.Contains("Europe/London", PlaygroundPage.Shown(whoami), StringComparison.Ordinal);
        var here = await alex.WaitForAsync(await alex.SayAsync("alerts here", PmoChannel), _ => true, PmoChannel, what: "the answer to @PmoBot alerts here");
        Assert.Contains("PMO alerts will be posted here", PlaygroundPage.Shown(here), StringComparison.Ordinal);

        // 2. Megan: review asks about PRJ-101 with a "Use a form" button; review form mid-review opens the form.
        var question = await megan.WaitForAsync(await megan.SayAsync("review"), m => PlaygroundPage.Shown(m).Contains("PRJ-101", StringComparison.Ordinal), what: "the first review question");
        Assert.Contains("Use a form", PlaygroundPage.Shown(question), StringComparison.Ordinal);
        var form = await megan.WaitForAsync(await megan.SayAsync("review form"), m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.Shown(m).Contains("Review of PRJ-101", StringComparison.Ordinal), what: "the review form");
        Assert.DoesNotContain("is not a", PlaygroundPage.Shown(form), StringComparison.Ordinal);

        // 3. The red review, submitted on the form, reaches the PMO channel as an early-warning card for PRJ-101.
        var channelMark = alex.Mark;
        var (_, submitted) = await megan.ExecuteAsync(form, "review.form.submit", new Dictionary<string, string>
        {
            ["answer_overall"] = "Red",
            ["answer_percentComplete"] = "40",
            ["answer_actualCost"] = "700000",
        });
        Assert.DoesNotContain("Nothing was submitted", submitted?.ToJsonString() ?? "", StringComparison.Ordinal);
        var warning = await alex.WaitForAsync(
            channelMark,
            m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.Shown(m).Contains("PRJ-101", StringComparison.Ordinal),
            PmoChannel,
            TimeSpan.FromSeconds(90),
            "the early-warning card for PRJ-101 in the PMO channel");
        Assert.Contains("Acknowledge", PlaygroundPage.Shown(warning), StringComparison.Ordinal);

        // 4. Isaiah: the portfolio, and the messaging extension's search with the command id and parameter the README gives.
        // A first message also gets the welcome card; the portfolio card is the one listing the red PRJ-101.
        await isaiah.WaitForAsync(await isaiah.SayAsync("portfolio"), m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.Shown(m).Contains("PRJ-101", StringComparison.Ordinal), what: "the portfolio card listing PRJ-101");
        var search = await isaiah.SearchAsync("findProject", "query", "PRJ-101");
        var results = search?["composeExtension"]?["attachments"]?.AsArray();
        Assert.NotNull(results);
        Assert.Contains(results, r => r!.ToJsonString().Contains("PRJ-101", StringComparison.Ordinal));

        // 5. Nestor, no role yet: help shows what a newcomer may do.
        var newcomer = await nestor.WaitForAsync(await nestor.SayAsync("help"), m => PlaygroundPage.Shown(m).Contains("What you can ask PmoBot", StringComparison.Ordinal), what: "the newcomer's help card");
        Assert.Contains("can give you a role", PlaygroundPage.Shown(newcomer), StringComparison.Ordinal);
    }
}
