using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Demo;
using PmoBot.Reviews.Schedule;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Meetings;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Demo;

/// <summary>
/// The README's step 3.6, <c>digest now</c>, on the demo seeded from scratch over real HTTP with the early-warning sweep
/// on and the calendar stand-in showing Adele out of office all next week (as dev.sh's Graph stand-in does): every
/// passage the README quotes is on the card the PMO channel gets.
/// </summary>
public sealed partial class ReadmeDigestStepTests : SeededDemoRun
{
    private static readonly TestPerson Alex = Demo("Alex Wilber");

    [Fact]
    public async Task Step_3_6_digest_now_shows_what_the_readme_says()
    {
        await using var graph = await CalendarGraphStandIn.StartAsync();
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var (from, to) = DemoOrganisation.NextWeek(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, kolkata).DateTime));
        graph.SetMailbox(DemoOrganisation.OnLeaveNextWeekEmail, MeetingsHarness.Mailbox("India Standard Time", (At(from, kolkata), At(to, kolkata), "oof")));
        graph.SetMailbox("meganb@contoso.com", MeetingsHarness.Mailbox("Eastern Standard Time"));
        await using var server = Server(new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = graph.BaseUrl,
            ["Graph:AccessToken"] = "graph-digest-token",
            ["Warnings:SweepEnabled"] = "true",
        });
        using var client = await StartAsync(server);
        await SeededAsync(server);
        await UntilAsync(async () => (await server.Services.GetRequiredService<WarningStore>().ListOpenAsync("PRJ-101", CancellationToken.None)).Count(w => w.Severity == WarningSeverity.Critical) >= 2);

        // Step 1.4's channel, then step 3.6.
        var channel = $"19:pmo-{Guid.NewGuid():N}@thread.tacv2";
        using (var here = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), Json(TeamsActivities.ChannelMessage(Alex, "alerts here", channel, Connector.ServiceUrl))))
        {
            Assert.True(here.IsSuccessStatusCode);
        }

        using (var now = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), Json(TeamsActivities.PersonalMessage(Alex, "digest now", Connector.ServiceUrl))))
        {
            Assert.True(now.IsSuccessStatusCode);
        }

        RecordingConnector.SentActivity? posted = null;
        await UntilAsync(() => Task.FromResult((posted = Connector.Sent.FirstOrDefault(a => a.ConversationId.StartsWith(channel, StringComparison.Ordinal) && a.Card?.ToJsonString().Contains("Weekly digest", StringComparison.Ordinal) == true)) is not null));
        var card = posted!.Card!;
        await AdaptiveCardValidator.AssertValidAsync("the demo's digest", card);
        var shown = string.Join("\n", TextsOf(card)).Replace("**", string.Empty, StringComparison.Ordinal);

        // Adele's line is there when her next round is next week's (all but the Monday hours before it opens).
        var adele = DemoOrganisation.People.Single(p => p.Name == "Adele Vance").AadObjectId;
        var opening = await server.Services.GetRequiredService<ReviewScheduler>().GetAsync(adele, CancellationToken.None);
        var onLeave = DateOnly.FromDateTime(opening.NextOpeningLocal.DateTime) >= from;
        var megansWeekOver = MegansWeekOver(DateTimeOffset.UtcNow);
        AssertShowsReadmePassages(shown, onLeave, megansWeekOver);
        if (onLeave)
        {
            Assert.Contains(LinesOf(card), l => l.Text.Contains("Adele Vance (PRJ-102", StringComparison.Ordinal) && l.Text.Contains("PRJ-108", StringComparison.Ordinal));
        }

        Assert.DoesNotContain("PRJ-102 · 4 days", shown, StringComparison.Ordinal);
        Assert.Equal(megansWeekOver, LinesOf(card).Any(l => l.Command == "status PRJ-101" && l.Text.StartsWith("🔴 **PRJ-101** Mobile banking app relaunch: Red, was Amber (", StringComparison.Ordinal)));
        Assert.Contains(LinesOf(card), l => l.Command == "blockers PRJ-103" && l.Text.StartsWith("**PRJ-103** · 16 days", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every passage the README's step 3.6 quotes is on the card as shown (<paramref name="shown"/>, markdown bold
    /// removed); the leave passages only when Adele's next round is next week's (<paramref name="onLeave"/>).
    /// </summary>
    /// <param name="meganWeekOver">
    /// Whether the digest's last week (London's) is over in New York too. Early on a Monday, London time, it is still
    /// Sunday for Megan: her latest review is the week before, from before the last digest, so PRJ-101's turn to red is
    /// not new to this digest until she submits the week she is in (the README says so).
    /// </param>
    internal static void AssertShowsReadmePassages(string shown, bool onLeave, bool meganWeekOver = true)
    {
        var quoted = Quoted(Step()).ToList();
        Assert.True(quoted.Count >= 10, string.Join(" | ", quoted));
        foreach (var passage in quoted)
        {
            var aboutLeave = passage.Contains("Adele Vance (", StringComparison.Ordinal) || passage.Contains("out of office", StringComparison.Ordinal) || passage.Contains("PMs on leave", StringComparison.Ordinal);
            var aboutMegansWeek = passage.Contains("Red, was Amber", StringComparison.Ordinal);
            Assert.True((!onLeave && aboutLeave) || (!meganWeekOver && aboutMegansWeek) || shown.Contains(passage, StringComparison.Ordinal), $"The README quotes \"{passage}\"; the card shows:\n{shown}");
        }
    }

    /// <summary>Whether the week London's digest looks back on has ended for Megan in New York as well.</summary>
    internal static bool MegansWeekOver(DateTimeOffset now) =>
        PmoBot.Reviews.ReviewPeriod.Of(now, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")) >= PmoBot.Reviews.ReviewPeriod.Of(now, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));

    /// <summary>The README's step 3.6, one line.</summary>
    private static string Step()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = readme.IndexOf("6. Type `digest now`", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no step \"6. Type `digest now`\"");
        var end = readme.IndexOf("**4. Isaiah", start, StringComparison.Ordinal);
        return Spaces().Replace(readme[start..end], " ");
    }

    private static IEnumerable<string> Quoted(string text) => QuotedPassage().Matches(text).Select(m => m.Groups[1].Value);

    private static IReadOnlyList<(string Text, string Command)> LinesOf(System.Text.Json.Nodes.JsonObject card) => Digest.DigestHarness.LinesOf(card);

    private static DateTimeOffset At(DateOnly day, TimeZoneInfo zone) => new(day.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue)));

    private static StringContent Json(Microsoft.Bot.Schema.Activity activity) => new(TeamsActivities.ToJson(activity), System.Text.Encoding.UTF8, "application/json");

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedPassage();
}
