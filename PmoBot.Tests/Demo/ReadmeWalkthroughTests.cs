using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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
        await using var adele = await PlaygroundPage.OpenAsync(pages["Adele Vance"]);

        // 1. Alex: help lists the commands with their arguments; whoami keeps the zone the demo gave him.
        var help = await alex.WaitForAsync(await alex.SayAsync("help"), m => PlaygroundPage.Shown(m).Contains("What you can ask PmoBot", StringComparison.Ordinal), what: "the help card");
        Assert.Contains("review schedule [‹day› ‹hour› | reset]", PlaygroundPage.Shown(help), StringComparison.Ordinal);
        Assert.Contains("status ‹code or part of a name›", PlaygroundPage.Shown(help), StringComparison.Ordinal);
        var whoami = await alex.WaitForAsync(await alex.SayAsync("whoami"), m => PlaygroundPage.Shown(m).Contains("Entra object id", StringComparison.Ordinal), what: "the whoami card");
        Assert.Contains("Europe/London", PlaygroundPage.Shown(whoami), StringComparison.Ordinal);
        var here = await alex.WaitForAsync(await alex.SayAsync("alerts here", PmoChannel), _ => true, PmoChannel, what: "the answer to @PmoBot alerts here");
        Assert.Contains("PMO alerts will be posted here", PlaygroundPage.Shown(here), StringComparison.Ordinal);

        // 2. Megan: review asks about PRJ-101 with a "Use a form" button; review form mid-review opens the form.
        var question = await megan.WaitForAsync(await megan.SayAsync("review"), m => PlaygroundPage.Shown(m).Contains("Use a form", StringComparison.Ordinal), what: "the first review question");
        Assert.Contains("PRJ-101", PlaygroundPage.Shown(question), StringComparison.Ordinal);
        var form = await megan.WaitForAsync(await megan.SayAsync("review form"), m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.Shown(m).Contains("Review of PRJ-101", StringComparison.Ordinal), what: "the review form");
        Assert.DoesNotContain("is not a", PlaygroundPage.Shown(form), StringComparison.Ordinal);

        // 3. The red review, submitted on the form, reaches the PMO channel as one early-warning card for PRJ-101, and
        // Megan and her deputy Adele (who has opened PmoBot, as the README asks of every page) one note each.
        await adele.WaitForAsync(await adele.SayAsync("whoami"), m => PlaygroundPage.Shown(m).Contains("Entra object id", StringComparison.Ordinal), what: "Adele's whoami");
        var channelMark = alex.Mark;
        var notesMark = (Megan: megan.Mark, Adele: adele.Mark);
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
        var shown = PlaygroundPage.Shown(warning);
        Assert.True(shown.Contains("**1. 🔴 Cost performance low** (Critical): CPI 0.69 is below 0.80.", StringComparison.Ordinal), shown);
        // The README says the card lists seven open warnings (docs/warnings.md lists them): one numbered row each.
        Assert.True(System.Text.RegularExpressions.Regex.Count(shown, @"\*\*\d+\. ") == 7, shown);
        Assert.True(shown.Contains("**4. 🟠 Blockers not resolved** (Watch)", StringComparison.Ordinal), shown);
        foreach (var rule in new[] { "Red RAG** (Critical)", "RAG worsening** (Critical)", "Forecast over budget**", "High risk**", "Schedule performance low**" })
        {
            Assert.Contains(rule, shown, StringComparison.Ordinal);
        }

        Assert.Contains("Lessons from past projects", shown, StringComparison.Ordinal);
        foreach (var (pm, mark) in new[] { (megan, notesMark.Megan), (adele, notesMark.Adele) })
        {
            await pm.WaitForAsync(mark, m => PlaygroundPage.Shown(m).Contains("PRJ-101", StringComparison.Ordinal) && PlaygroundPage.Shown(m).Contains("Cost performance low", StringComparison.Ordinal), what: $"{pm.UserName}'s note on PRJ-101's warnings");
        }

        var (_, acknowledged) = await alex.ExecuteAsync(warning, "warning.acknowledge");
        Assert.Contains("Alex Wilber", acknowledged?.ToJsonString() ?? "", StringComparison.Ordinal);

        // 3.6 digest now: one digest card in the PMO channel showing every passage the README quotes (Adele's leave in
        // dev.sh's Graph stand-in is next week's: her line is there unless her Monday 09:00 round this week is still to come).
        var digestMark = alex.Mark;
        await alex.WaitForAsync(await alex.SayAsync("digest now"), m => PlaygroundPage.Shown(m).Contains("posted to the channel", StringComparison.Ordinal), what: "the answer to digest now");
        var digest = await alex.WaitForAsync(digestMark, m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.Shown(m).Contains("Weekly digest, week", StringComparison.Ordinal), PmoChannel, TimeSpan.FromSeconds(60), "the digest card in the PMO channel");
        var kolkata = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));
        ReadmeDigestStepTests.AssertShowsReadmePassages(PlaygroundPage.Shown(digest).Replace("**", string.Empty, StringComparison.Ordinal), onLeave: !(kolkata.DayOfWeek == DayOfWeek.Monday && kolkata.Hour < 9), meganWeekOver: ReadmeDigestStepTests.MegansWeekOver(DateTimeOffset.UtcNow));

        // 4. Isaiah: the portfolio, and the messaging extension's search with the command id and parameter the README gives.
        // A first message also gets the welcome card; the portfolio card is the one listing the red PRJ-101.
        await isaiah.WaitForAsync(await isaiah.SayAsync("portfolio"), m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.Shown(m).Contains("PRJ-101", StringComparison.Ordinal), what: "the portfolio card listing PRJ-101");
        var search = await isaiah.SearchAsync("findProject", "query", "PRJ-101");
        var results = search?["composeExtension"]?["attachments"]?.AsArray();
        Assert.NotNull(results);
        Assert.Contains(results, r => r!.ToJsonString().Contains("PRJ-101", StringComparison.Ordinal));

        // 5. Nestor, no role yet: help shows what a newcomer may do; once Alex grants him PM, it shows a PM's commands.
        var newcomer = await nestor.WaitForAsync(await nestor.SayAsync("help"), m => PlaygroundPage.Shown(m).Contains("What you can ask PmoBot", StringComparison.Ordinal), what: "the newcomer's help card");
        Assert.Contains("can give you a role", PlaygroundPage.Shown(newcomer), StringComparison.Ordinal);
        await alex.WaitForAsync(await alex.SayAsync("role grant Nestor Wilke pm"), m => PlaygroundPage.Shown(m).Contains("Nestor Wilke", StringComparison.Ordinal), what: "the answer to role grant");
        try
        {
            await PmStepsAsync(alex, megan, adele, nestor);
        }
        finally
        {
            // The dev.sh run is shared with the test that checks each page's person and roles: leave Nestor as the demo made him.
            await alex.WaitForAsync(await alex.SayAsync("role revoke Nestor Wilke pm"), m => PlaygroundPage.Shown(m).Contains("Nestor Wilke", StringComparison.Ordinal), what: "the answer to role revoke");
        }
    }

    private static async Task PmStepsAsync(PlaygroundPage alex, PlaygroundPage megan, PlaygroundPage adele, PlaygroundPage nestor)
    {
        var pmHelp = await nestor.WaitForAsync(await nestor.SayAsync("help"), m => PlaygroundPage.Shown(m).Contains("What you can ask PmoBot", StringComparison.Ordinal), what: "Nestor's help as a PM");
        Assert.Contains("review form", PlaygroundPage.Shown(pmHelp), StringComparison.Ordinal);

        // 6. A learning event from post to waitlist: Alex posts it to the PMO channel, two PMs register, the third is
        // waitlisted, and a cancellation promotes him. The channel card follows the counts.
        await alex.WaitForAsync(await alex.SayAsync("help", PmoChannel), _ => true, PmoChannel, what: "the channel's help card");
        var eventForm = await alex.WaitForAsync(await alex.SayAsync("event add"), m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.AllNodes(PlaygroundPage.CardOf(m)).OfType<JsonObject>().Any(e => (string?)e["id"] == "eventChannels"), what: "the event form with the channels to post to");
        var channelChoices = PlaygroundPage.AllNodes(PlaygroundPage.CardOf(eventForm)).OfType<JsonObject>()
            .Single(e => (string?)e["id"] == "eventChannels")["choices"]!.AsArray()
            .Select(c => c!.AsObject()).ToList();
        var pmoChoice = channelChoices.FirstOrDefault(c => ((string?)c["title"])!.Contains("PMO", StringComparison.Ordinal));
        Assert.True(pmoChoice is not null, "The channels offered: " + string.Join(", ", channelChoices.Select(c => c.ToJsonString())));
        var pmoChannelKey = pmoChoice["value"]!.GetValue<string>();
        var eventMark = alex.Mark;
        var day = DateTime.UtcNow.Date.AddDays(21).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await alex.ExecuteAsync(eventForm, "event.save", new Dictionary<string, string>
        {
            ["eventTitle"] = "Risk workshop",
            ["eventKind"] = "Course",
            ["eventFormat"] = "inperson",
            ["eventVenue"] = "London",
            ["eventStartDate"] = day,
            ["eventStartTime"] = "10:00",
            ["eventEndTime"] = "12:00",
            ["eventCapacity"] = "2",
            ["eventAreas"] = "risk",
            ["eventChannels"] = pmoChannelKey,
        });
        var eventCard = await alex.WaitForAsync(eventMark, m => PlaygroundPage.Shown(m).Contains("Risk workshop", StringComparison.Ordinal) && PlaygroundPage.Shown(m).Contains("0 of 2 taken", StringComparison.Ordinal), PmoChannel, what: "the event card in the PMO channel");
        var eventId = Regex.Match(PlaygroundPage.Shown(eventCard), @"EV-[A-Z0-9]+").Value;
        Assert.NotEmpty(eventId);

        var meganEvent = await RegisterAsync(megan, eventId, "You're registered");
        await alex.WaitForAsync(eventMark, m => PlaygroundPage.Shown(m).Contains("1 of 2 taken", StringComparison.Ordinal), PmoChannel, what: "the channel card with 1 of 2 taken");
        await RegisterAsync(adele, eventId, "You're registered");
        await alex.WaitForAsync(eventMark, m => PlaygroundPage.Shown(m).Contains("2 of 2 taken (full)", StringComparison.Ordinal), PmoChannel, what: "the channel card, full");
        await RegisterAsync(nestor, eventId, "number 1 on the waitlist");
        await alex.WaitForAsync(eventMark, m => PlaygroundPage.Shown(m).Contains("1 on the waitlist", StringComparison.Ordinal), PmoChannel, what: "the channel card with 1 on the waitlist");

        var promotedMark = nestor.Mark;
        await megan.ExecuteAsync(meganEvent, "event.cantgo");
        await nestor.WaitForAsync(promotedMark, m => PlaygroundPage.Shown(m).Contains("Good news: a place freed up", StringComparison.Ordinal), what: "Nestor's promotion from the waitlist");
        await alex.WaitForAsync(eventMark, m => PlaygroundPage.Shown(m).Contains("2 of 2 taken (full) · 0 on the waitlist", StringComparison.Ordinal), PmoChannel, what: "the channel card after the promotion");
    }

    [Fact]
    public async Task The_opportunities_step_works_as_the_readme_says()
    {
        var pages = devScript.Script.Pages.ToDictionary(p => p.Name, p => p.Url);
        await using var alex = await PlaygroundPage.OpenAsync(pages["Alex Wilber"]);
        await using var megan = await PlaygroundPage.OpenAsync(pages["Megan Bowen"]);
        await using var isaiah = await PlaygroundPage.OpenAsync(pages["Isaiah Langer"]);
        await megan.WaitForAsync(await megan.SayAsync("whoami"), m => PlaygroundPage.Shown(m).Contains("Entra object id", StringComparison.Ordinal), what: "Megan's whoami");

        // 8.1 Isaiah: the pipeline names the conditional and the no-go deal closing soon.
        var pipeline = await isaiah.WaitForAsync(await isaiah.SayAsync("pipeline"), m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.Shown(m).Contains("OPP-303", StringComparison.Ordinal), what: "the pipeline card");
        Assert.Contains("OPP-302", PlaygroundPage.Shown(pipeline), StringComparison.Ordinal);
        var result = await isaiah.WaitForAsync(await isaiah.SayAsync("opportunity result OPP-303"), m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.Shown(m).Contains("OPP-303", StringComparison.Ordinal), what: "OPP-303's result card");
        Assert.Contains("overriding the deal-killers would not change the outcome", PlaygroundPage.Shown(result), StringComparison.Ordinal);
        Assert.DoesNotContain("Override the deal-killers", PlaygroundPage.Shown(result), StringComparison.Ordinal);

        // 8.2 Alex reviews OPP-301 one question at a time, as the README says, and submits: 80/100, Go, with the lessons.
        var asked = await alex.WaitForAsync(await alex.SayAsync("opportunity review OPP-301"), m => PlaygroundPage.Shown(m).Contains("question 1 of 17", StringComparison.Ordinal), what: "the review's first question");
        string[] answers = ["No", "No", "No", "No", "No", "4", "4", "4", "4", "4", "4", "4", "4", "4", "4", "Design sign-off within six weeks", "Broker API changes owner: Megan Bowen plan: freeze the API at design sign-off (M/H)"];
        for (var i = 0; i < answers.Length; i++)
        {
            var expected = i < answers.Length - 1 ? $"question {i + 2} of 17" : "Review of OPP-301";
            asked = await alex.WaitForAsync(await alex.SayAsync(answers[i]), m => PlaygroundPage.Shown(m).Contains(expected, StringComparison.Ordinal), what: $"the review after \"{answers[i]}\"");
        }

        var reviewed = await alex.WaitForAsync(await alex.SayAsync("submit"), m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.Shown(m).Contains("80/100", StringComparison.Ordinal), what: "the review's result card");
        var shownResult = PlaygroundPage.Shown(reviewed);
        foreach (var part in new[] { "OPP-301", "Go", "Design sign-off within six weeks", "freeze the API at design sign-off", "Lessons from past projects like it", "What changed since the review before" })
        {
            Assert.True(shownResult.Contains(part, StringComparison.Ordinal), $"The result card lacks \"{part}\": {shownResult}");
        }

        // 8.3 Alex wins OPP-301 as PRJ-301: the project carries the review's risks, and Megan gets the handover card.
        var handoverMark = megan.Mark;
        await alex.WaitForAsync(await alex.SayAsync("opportunity won OPP-301 PRJ-301"), m => PlaygroundPage.Shown(m).Contains("PRJ-301", StringComparison.Ordinal), what: "the answer to opportunity won");
        await megan.WaitForAsync(handoverMark, m => PlaygroundPage.Shown(m).Contains("Handover: PRJ-301", StringComparison.Ordinal), what: "the handover card in Megan's chat");
        var status = await alex.WaitForAsync(await alex.SayAsync("status PRJ-301"), m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.Shown(m).Contains("PRJ-301", StringComparison.Ordinal), what: "PRJ-301's status card");
        Assert.Contains("Broker API changes", PlaygroundPage.Shown(status), StringComparison.Ordinal);

        // 8.4 The questionnaire the PMO owns, with its version.
        var questionnaire = await alex.WaitForAsync(await alex.SayAsync("opportunity questionnaire"), m => PlaygroundPage.CardOf(m) is not null, what: "the questionnaire card");
        Assert.Contains("version", PlaygroundPage.Shown(questionnaire), StringComparison.OrdinalIgnoreCase);

        // The demo's past reviews answered version 1 days ago: it is PmoBot's own, not "published" this morning.
        Assert.Contains("PmoBot's built-in questionnaire: the PMO has not published its own yet.", PlaygroundPage.Shown(questionnaire), StringComparison.Ordinal);
    }

    /// <summary>A PM opens the event in personal chat and presses Register; the answer is the card as they see it.</summary>
    private static async Task<JsonObject> RegisterAsync(PlaygroundPage pm, string eventId, string expected)
    {
        var card = await pm.WaitForAsync(await pm.SayAsync($"event {eventId}"), m => PlaygroundPage.CardOf(m) is not null && PlaygroundPage.Shown(m).Contains("Risk workshop", StringComparison.Ordinal), what: $"{eventId} in {pm.UserName}'s chat");
        var (_, answer) = await pm.ExecuteAsync(card, "event.register");
        var shown = string.Join("\n", PlaygroundPage.AllNodes(answer).OfType<JsonValue>().Select(v => v.ToString()));
        Assert.True(shown.Contains(expected, StringComparison.Ordinal), $"{pm.UserName} pressed Register and saw: {shown}");
        return card;
    }
}
