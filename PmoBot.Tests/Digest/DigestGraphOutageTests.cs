using Microsoft.Extensions.DependencyInjection;
using PmoBot.Demo;
using PmoBot.Digest;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Meetings;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Digest;

/// <summary>
/// Graph down while the digest is built (the calendar stand-in answers 503 to every attempt, the SDK's retries
/// included): the demo's digest still reaches the PMO, with every section but the leave one. (Its twin, with Graph
/// answering, is the README step's test, where Adele's leave is listed.)
/// </summary>
public sealed class DigestGraphOutageTests : SeededDemoRun
{
    [Fact]
    public async Task With_graph_down_the_digest_goes_out_without_the_leave_section()
    {
        await using var graph = await CalendarGraphStandIn.StartAsync();
        graph.SetMailbox(DemoOrganisation.OnLeaveNextWeekEmail, MeetingsHarness.Mailbox("India Standard Time", (DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(15), "oof")));
        graph.Script(CalendarGraphStandIn.GetSchedule, Enumerable.Repeat(new CalendarGraphStandIn.Fault(503, RetryAfter: "0", Message: "down"), 12).ToArray());
        await using var server = Server(new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = graph.BaseUrl,
            ["Graph:AccessToken"] = "graph-digest-token",
        });
        using var client = await StartAsync(server);
        await SeededAsync(server);

        var (content, notice) = await server.Services.GetRequiredService<WeeklyDigest>().SendNowAsync(CancellationToken.None);

        Assert.NotEmpty(notice.Copies);
        await AdaptiveCardValidator.AssertValidAsync("digest without leave", notice.Copies[0].Card!);
        // PRJ-101's turn to red is new to the digest once Megan's week is over in New York (see the README's step 3.6).
        Assert.Equal(PmoBot.Tests.Demo.ReadmeDigestStepTests.MegansWeekOver(DateTimeOffset.UtcNow), content.Sections.Any(s => s.Title == DigestFacts.RagTitle));
        Assert.Contains(content.Sections, s => s.Title == DigestFacts.MissedTitle);
        Assert.DoesNotContain(content.Sections, s => s.Title == DigestFacts.LeaveTitle);
        Assert.NotEmpty(graph.RequestsTo(CalendarGraphStandIn.GetSchedule));
    }
}
