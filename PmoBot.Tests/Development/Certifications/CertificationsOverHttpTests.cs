using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Development;
using PmoBot.Development.Certifications;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Certifications;

/// <summary>Certifications and PDUs over HTTP, as a PM and the PMO use them in Teams.</summary>
public sealed class CertificationsOverHttpTests
{
    [Fact]
    public async Task A_pm_records_a_pmp_logs_pdus_sees_the_bars_and_the_pmo_sees_it_expiring()
    {
        await using var run = await StartAsync();
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var issued = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-3).AddDays(40);

        var form = Assert.Single(await run.SayAsync(megan, "cert add")).Card!;
        var refused = CardOfInvoke(await run.PressAsync(megan, form, "Save", inputs: new Dictionary<string, string> { [CertificationForms.CredentialField] = "PMP" }));
        Assert.Contains("Give the issue date (yyyy-MM-dd).", TextsOf(refused));
        var saved = CardOfInvoke(await run.PressAsync(megan, form, "Save", inputs: new Dictionary<string, string>
        {
            [CertificationForms.CredentialField] = "PMP",
            [CertificationForms.NumberField] = "2718281",
            [CertificationForms.IssuedField] = issued.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }));
        Assert.Contains("Recorded PMP.", TextsOf(saved));
        Assert.Contains(FactsOf(saved), f => f.Title == "Expires" && f.Value.StartsWith(issued.AddYears(3).ToString("d MMM yyyy", CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var logged = Assert.Single(await run.SayAsync(megan, "pdu add 2 power skills Negotiation webinar")).Card!;
        Assert.Contains("Logged 2 PDUs (Power Skills): Negotiation webinar.", TextsOf(logged));
        var pdus = Assert.Single(await run.SayAsync(megan, "pdus")).Card!;
        var chart = CardCharts.Only(pdus, "Chart.HorizontalBar");
        Assert.Equal(["Ways of Working", "Power Skills", "Business Acumen"], chart["data"]!.AsArray().Select(p => p!["x"]!.GetValue<string>()));
        Assert.Equal(2d, chart["data"]![1]!["y"]!.GetValue<double>());
        Assert.Contains(("Power Skills", "2 of 8 (6 missing)"), FactsOfFallback(chart));
        Assert.Contains(TextsOf(pdus), t => t.StartsWith("Missing: 8 Ways of Working, 6 Power Skills, 8 Business Acumen, 33 education in all (these 22 included), 58 PDUs in all.", StringComparison.Ordinal));

        // The same again, "powerskills" in one word: asked, not logged; logged only when she says it was a second one.
        var repeat = Assert.Single(await run.SayAsync(megan, "pdu add 2 powerskills Negotiation webinar!"));
        Assert.Equal("Logged already?", TextsOf(repeat.Card!)[0]);
        Assert.StartsWith("You logged 2 PDUs (Power Skills) for \"Negotiation webinar\" on ", TextsOf(repeat.Card!)[1], StringComparison.Ordinal);
        Assert.Single(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, CancellationToken.None));
        // Twin: another title the same day is logged at once; and "Log it anyway" logs the repeat, once however often pressed.
        Assert.Contains("Logged 2 PDUs (Power Skills): Stakeholder webinar.", TextsOf(Assert.Single(await run.SayAsync(megan, "pdu add 2 power skills Stakeholder webinar")).Card!));
        var anyway = CardOfInvoke(await run.PressAsync(megan, repeat.Card!, "Log it anyway"));
        CardOfInvoke(await run.PressAsync(megan, repeat.Card!, "Log it anyway"));
        Assert.Contains("Logged 2 PDUs (Power Skills): Negotiation webinar!.", TextsOf(anyway));
        Assert.Equal(3, (await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, CancellationToken.None)).Count);
        await run.Get<PduLogStore>().RemoveAsync(meganUser.UserKey, (await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, CancellationToken.None)).Where(e => e.Activity != "Negotiation webinar").Select(e => e.Id), CancellationToken.None);
        await AdaptiveCardValidator.AssertValidAsync("logged already?", repeat.Card!);

        // An area past its minimum reads as met, not "10 of 8".
        Assert.Single(await run.SayAsync(megan, "pdu add 10 ways of working Scrum course"));
        var met = Assert.Single(await run.SayAsync(megan, "pdus")).Card!;
        Assert.Contains(("Ways of Working", "10 ✓ (at least 8 needed)"), FactsOfFallback(CardCharts.Only(met, "Chart.HorizontalBar")));

        // Behind, with an upcoming event that earns Power Skills: the card offers it, as the pace warning does. Its 6 Power
        // Skills PDUs rank it first among the events other tests may have added to the same storage (1 each).
        var (learningEvent, _, _) = await run.CreateEventAsync(alex, await run.ChannelAsync(alex), capacity: 5, title: "Negotiation for project managers", powerPdus: 6);
        var offering = Assert.Single(await run.SayAsync(megan, "pdus")).Card!;
        Assert.Contains("Upcoming events that fill the gap", TextsOf(offering));
        Assert.Contains(FactsOf(offering), f => f.Title == learningEvent.Id && f.Value.StartsWith("Negotiation for project managers · ", StringComparison.Ordinal));
        Assert.Contains(ActionTitles(offering), a => a == $"Open {learningEvent.Id}");

        // The PMO's view of the team; a PM may not have it.
        Assert.Contains("is for PMO or Admin", Assert.Single(await run.SayAsync(megan, "certs expiring")).Text, StringComparison.Ordinal);
        var expiring = Assert.Single(await run.SayAsync(alex, "certs expiring 60")).Card!;
        Assert.Contains(FactsOf(expiring), f => f.Title == meganUser.Name && f.Value.StartsWith("PMP · ", StringComparison.Ordinal));
        Assert.Contains("is not a number of days", Assert.Single(await run.SayAsync(alex, "certs expiring soon")).Text, StringComparison.Ordinal);

        await AdaptiveCardValidator.AssertAllValidAsync([("cert form", form), ("cert refused", refused), ("certs", saved), ("logged", logged), ("pdus", pdus), ("pdus with events", offering), ("expiring", expiring)]);
    }

    [Fact]
    public async Task The_pdu_form_explains_bad_fields_and_the_same_form_sent_twice_logs_once()
    {
        await using var run = await StartAsync();
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var form = Assert.Single(await run.SayAsync(megan, "pdu add")).Card!;
        var inputs = new Dictionary<string, string>
        {
            [CertificationForms.CategoryField] = "GivingBack",
            [CertificationForms.AreaField] = "PowerSkills",
            [CertificationForms.UnitsField] = "1.5",
            [CertificationForms.ActivityField] = "Mentored a new PM",
        };

        var refused = CardOfInvoke(await run.PressAsync(megan, form, "Log", inputs: inputs));
        inputs.Remove(CertificationForms.AreaField);
        await run.PressAsync(megan, form, "Log", inputs: inputs);
        await run.PressAsync(megan, form, "Log", inputs: inputs);

        Assert.Contains("Giving back has no Talent Triangle area; leave the area empty (or choose Education).", TextsOf(refused));
        var log = await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, CancellationToken.None);
        var entry = Assert.Single(log);
        Assert.Equal((PduCategory.GivingBack, 1.5m, "Mentored a new PM"), (entry.Category, entry.Units, entry.Activity));
    }

    [Fact]
    public async Task Pdus_of_nan_or_infinity_typed_or_sent_from_the_form_are_refused_as_out_of_range_and_nothing_is_logged()
    {
        await using var run = await StartAsync();
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var form = Assert.Single(await run.SayAsync(megan, "pdu add")).Card!;

        foreach (var typed in new[] { "NaN", "Infinity", "-Infinity", "1e309" })
        {
            var error = $"PDUs \"{typed}\" must be a number above 0 and at most 60 for one activity.";
            var answer = Assert.Single(await run.SayAsync(megan, $"pdu add {typed} power skills Negotiation webinar"));
            Assert.Contains(error, TextsOf(answer.Card!));
            var inputs = new Dictionary<string, string>
            {
                [CertificationForms.CategoryField] = nameof(PduCategory.Education),
                [CertificationForms.AreaField] = nameof(TalentArea.PowerSkills),
                [CertificationForms.UnitsField] = typed,
                [CertificationForms.ActivityField] = "Negotiation webinar",
            };
            var refused = CardOfInvoke(await run.PressAsync(megan, form, "Log", inputs: inputs));
            Assert.Contains(error, TextsOf(refused));
            await AdaptiveCardValidator.AssertAllValidAsync([($"typed {typed}", answer.Card!), ($"form {typed}", refused)]);
        }

        Assert.Empty(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, CancellationToken.None));
        // Twin: a number is logged.
        Assert.Contains("Logged 2 PDUs (Power Skills): Negotiation webinar.", TextsOf(Assert.Single(await run.SayAsync(megan, "pdu add 2 power skills Negotiation webinar")).Card!));
    }

    [Fact]
    public async Task An_issue_date_of_9999_is_refused_as_in_the_future_like_2030_and_a_past_one_is_recorded()
    {
        await using var run = await StartAsync();
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var form = Assert.Single(await run.SayAsync(megan, "cert add")).Card!;
        Dictionary<string, string> Inputs(string issued) => new()
        {
            [CertificationForms.CredentialField] = "CAPM",
            [CertificationForms.NumberField] = "1",
            [CertificationForms.IssuedField] = issued,
        };

        foreach (var (issued, read) in new[] { ("9999-12-31", "31 Dec 9999"), ("2030-01-01", "1 Jan 2030") })
        {
            var refused = CardOfInvoke(await run.PressAsync(megan, form, "Save", inputs: Inputs(issued)));
            Assert.Contains($"The issue date {read} is in the future; give the day you passed.", TextsOf(refused));
        }

        // Twin: a past issue date is recorded.
        var saved = CardOfInvoke(await run.PressAsync(megan, form, "Save", inputs: Inputs(DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        Assert.Contains("Recorded CAPM.", TextsOf(saved));
    }

    [Fact]
    public async Task Pdus_with_a_decimal_comma_are_logged_as_the_decimal_typed_or_from_the_form_and_a_thousand_is_still_refused()
    {
        await using var run = await StartAsync();
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);

        Assert.Contains("Logged 2.5 PDUs (Power Skills): comma.", TextsOf(Assert.Single(await run.SayAsync(megan, "pdu add 2,5 power skills comma")).Card!));
        Assert.Contains("Logged 0.5 PDUs (Power Skills): half.", TextsOf(Assert.Single(await run.SayAsync(megan, "pdu add 0,5 power skills half")).Card!));
        var form = Assert.Single(await run.SayAsync(megan, "pdu add")).Card!;
        var fromForm = CardOfInvoke(await run.PressAsync(megan, form, "Log", inputs: new Dictionary<string, string>
        {
            [CertificationForms.CategoryField] = nameof(PduCategory.Education),
            [CertificationForms.AreaField] = nameof(TalentArea.BusinessAcumen),
            [CertificationForms.UnitsField] = "1,25",
            [CertificationForms.ActivityField] = "Finance for PMs",
        }));
        Assert.Contains("Logged 1.25 PDUs (Business Acumen): Finance for PMs.", TextsOf(fromForm));

        // Twins: a thousands separator is still one (and too many for one activity); a decimal point reads as before.
        Assert.Contains("PDUs \"1,000\" must be a number above 0 and at most 60 for one activity.", TextsOf(Assert.Single(await run.SayAsync(megan, "pdu add 1,000 power skills thousand")).Card!));
        Assert.Contains("Logged 1.5 PDUs (Power Skills): point.", TextsOf(Assert.Single(await run.SayAsync(megan, "pdu add 1.5 power skills point")).Card!));
        Assert.Equal([0.5m, 1.25m, 1.5m, 2.5m], (await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, CancellationToken.None)).Select(e => e.Units).Order());
    }

    [Fact]
    public async Task In_a_channel_a_pms_own_records_are_neither_shown_nor_changed_and_help_says_where_they_are_and_in_personal_chat_they_are()
    {
        await using var run = await StartAsync();
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var channelId = await run.ChannelAsync(megan);

        foreach (var typed in new[] { "pdus", "certs", "pdu add 2 power skills Negotiation webinar", "plan", "plan add PRG-RISK-101" })
        {
            var answer = await SayInChannelAsync(run, megan, channelId, typed);
            Assert.Contains("I answer it only in a personal chat with me", answer.Text, StringComparison.Ordinal);
            Assert.Contains($"type **{typed}** there", answer.Text, StringComparison.Ordinal);
            Assert.Null(answer.Card);
        }

        Assert.Empty(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, CancellationToken.None));
        var helpHere = (await SayInChannelAsync(run, megan, channelId, "help")).Card!;
        Assert.Contains(FactsOf(helpHere), f => f.Title == "pdus" && f.Value.EndsWith("(in personal chat only)", StringComparison.Ordinal));
        Assert.Contains(FactsOf(helpHere), f => f.Title.StartsWith("status ", StringComparison.Ordinal) && !f.Value.Contains("personal chat only", StringComparison.Ordinal));

        // The twin: the same words in her personal chat are shown and logged, and help there has no such note.
        Assert.Contains("Logged 2 PDUs (Power Skills): Negotiation webinar.", TextsOf(Assert.Single(await run.SayAsync(megan, "pdu add 2 power skills Negotiation webinar")).Card!));
        Assert.Single(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, CancellationToken.None));
        Assert.NotNull(Assert.Single(await run.SayAsync(megan, "pdus")).Card);
        Assert.DoesNotContain(FactsOf(Assert.Single(await run.SayAsync(megan, "help")).Card!), f => f.Value.Contains("personal chat only", StringComparison.Ordinal));
    }

    private static async Task<RecordingConnector.SentActivity> SayInChannelAsync(EventsHttpRun run, TestPerson person, string channelId, string text)
    {
        var message = TeamsActivities.ChannelMessage(person, text, channelId, run.Connector.ServiceUrl);
        using (var response = await run.PostAsync(message))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        return Assert.Single(await run.Connector.WaitForAsync(message.Conversation.Id, 1));
    }

    private static List<(string Title, string Value)> FactsOfFallback(JsonNode chart) =>
        CardCharts.NumbersOf(chart)["facts"]!.AsArray().Select(f => (f!["title"]!.GetValue<string>(), f["value"]!.GetValue<string>())).ToList();

    private static IEnumerable<string> ActionTitles(JsonObject card) =>
        PmoBot.Tests.Reviews.CheckIn.CheckInHarness.ActionsOf(card).Select(a => a["title"]!.GetValue<string>());
}
