using System.Net;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using PmoBot.Alerts;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.Development.Mentoring;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Teams;
using PmoBot.Tests.Development.Events;
using PmoBot.Tests.Processes;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Teams;

/// <summary>
/// Buttons pressed over real HTTP with every field as the card sends it but one: a choice sent as a number, an id
/// longer than any card makes, a month not due yet, a person listed twice, a link of pages. Each is answered in words
/// that say what was wrong and nothing wrong is stored; each has its twin, the same press with that field as the card
/// sends it, which does what it says.
/// </summary>
public sealed class CardActionFaultsOverHttpTests
{
    private const string StorageApology = "could not reach its storage";

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_pdu_category_sent_as_a_number_is_refused_on_the_form_and_the_category_by_name_is_logged()
    {
        await using var run = await StartAsync();
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var inputs = new Dictionary<string, string>
        {
            [CertificationForms.UnitsField] = "1.5",
            [CertificationForms.ActivityField] = "Mentored a new PM",
        };

        foreach (var number in new[] { "7", "1" })
        {
            var form = Assert.Single(await run.SayAsync(megan, "pdu add")).Card!;
            inputs[CertificationForms.CategoryField] = number;
            var refused = CardOfInvoke(await run.PressAsync(megan, form, "Log", inputs: inputs));
            Assert.Contains($"\"{number}\" is neither education nor giving back.", TextsOf(refused));
        }

        Assert.Empty(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, None));
        inputs[CertificationForms.CategoryField] = "GivingBack";
        var logged = CardOfInvoke(await run.PressAsync(megan, Assert.Single(await run.SayAsync(megan, "pdu add")).Card!, "Log", inputs: inputs));
        Assert.Contains("Logged 1.5 PDUs (giving back): Mentored a new PM.", TextsOf(logged));
        Assert.Equal(PduCategory.GivingBack, Assert.Single(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, None)).Category);
    }

    [Fact]
    public async Task A_pdu_form_whose_id_is_longer_than_any_form_has_is_refused_in_words_and_the_same_form_as_sent_logs()
    {
        await using var run = await StartAsync();
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var form = Assert.Single(await run.SayAsync(megan, "pdu add")).Card!;
        var inputs = new Dictionary<string, string>
        {
            [CertificationForms.CategoryField] = "GivingBack",
            [CertificationForms.UnitsField] = "1.5",
            [CertificationForms.ActivityField] = "Mentored a new PM",
            [CertificationForms.PduFormIdField] = new string('f', 5000),
        };

        var refused = await run.PressAsync(megan, form, "Log", inputs: inputs);

        Assert.Equal("This PDU form is not one PmoBot made (its id is too long), so nothing was logged. Type **pdu add** for a fresh form.", refused["value"]!.GetValue<string>());
        Assert.Empty(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, None));
        inputs.Remove(CertificationForms.PduFormIdField);
        Assert.Contains("Logged 1.5 PDUs (giving back): Mentored a new PM.", TextsOf(CardOfInvoke(await run.PressAsync(megan, form, "Log", inputs: inputs))));
        Assert.Single(await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, None));
    }

    [Fact]
    public async Task An_event_reach_sent_as_a_number_is_refused_on_the_form_and_nothing_is_saved_while_local_saves()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var form = Assert.Single(await run.SayAsync(alex, "event add")).Card!;
        var formId = ButtonOf(form, "Save and post")["data"]![EventForm.FormIdField]!.GetValue<string>();
        var inputs = EventInputs(channelId, 5);
        inputs[EventForm.ReachField] = "3";

        var refused = CardOfInvoke(await run.PressAsync(alex, form, "Save and post", inputs: inputs));

        Assert.Contains("\"3\" is neither Local nor International.", TextsOf(refused));
        Assert.Null(await run.Get<EventStore>().GetAsync(EventOrganiser.IdForForm(formId), None));
        inputs[EventForm.ReachField] = nameof(EventReach.Local);
        Assert.StartsWith("Saved EV-", TextsOf(CardOfInvoke(await run.PressAsync(alex, form, "Save and post", inputs: inputs)))[0], StringComparison.Ordinal);
        Assert.Equal(EventReach.Local, (await run.Get<EventStore>().GetAsync(EventOrganiser.IdForForm(formId), None))!.Reach);
    }

    [Fact]
    public async Task A_mentoring_check_in_for_no_side_or_a_month_not_due_saves_nothing_and_a_due_month_sent_as_text_is_saved()
    {
        await using var run = await StartAsync();
        var (adele, adeleUser) = await run.PersonAsync("Adele", Role.ProjectManager);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var store = run.Get<MentoringStore>();
        var started = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-2).AddDays(-3);
        var pair = new MentoringPair(MentoringPairCardAction.IdFor(Guid.NewGuid().ToString()), adeleUser.UserKey, adeleUser.Name, meganUser.UserKey, meganUser.Name, "risk", "Run a risk workshop alone", started, true, "Alex", DateTimeOffset.UtcNow);
        Assert.True(await store.AddAsync(pair, None));
        async Task<JsonObject> AnswerAsync(TestPerson who, JsonNode month, string side) => await run.ExecuteAsync(who, MentoringCards.CheckInVerb, new JsonObject
        {
            [MentoringCards.PairField] = pair.Id,
            [MentoringCards.MonthField] = month,
            [MentoringCards.SideField] = side,
            [MentoringCards.MetField] = "yes",
        });

        var noSide = await AnswerAsync(megan, 1, "7");
        var notDue = await AnswerAsync(megan, 3, nameof(MentoringSide.Mentee));
        var farAway = await AnswerAsync(megan, 400, nameof(MentoringSide.Mentee));

        Assert.Equal("This check-in is not one PmoBot has (perhaps from an older card); nothing was saved.", noSide["value"]!.GetValue<string>());
        Assert.Equal("This pair is in month 2 of its check-ins, so there is no month 3 to answer yet; nothing was saved.", notDue["value"]!.GetValue<string>());
        Assert.Equal("This pair is in month 2 of its check-ins, so there is no month 400 to answer yet; nothing was saved.", farAway["value"]!.GetValue<string>());
        Assert.Empty(await store.ListCheckInsAsync(pair.Id, None));

        // Twins: the month due as the card sends it (a number) and as text; the mentor's own side by name.
        Assert.Contains("Thanks: saved to the pair's record. You can update it here.", TextsOf(CardOfInvoke(await AnswerAsync(megan, 2, nameof(MentoringSide.Mentee)))));
        Assert.Contains("Thanks: saved to the pair's record. You can update it here.", TextsOf(CardOfInvoke(await AnswerAsync(megan, "1", nameof(MentoringSide.Mentee)))));
        Assert.Contains("Thanks: saved to the pair's record. You can update it here.", TextsOf(CardOfInvoke(await AnswerAsync(adele, 2, nameof(MentoringSide.Mentor)))));
        var saved = (await store.ListCheckInsAsync(pair.Id, None)).Select(c => (c.Month, c.Side)).Order().ToList();
        Assert.Equal([(1, MentoringSide.Mentee), (2, MentoringSide.Mentor), (2, MentoringSide.Mentee)], saved);
    }

    [Fact]
    public async Task An_attendance_card_listing_a_person_twice_is_saved_once_for_them_not_answered_with_an_apology()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var (learningEvent, _, posted) = await run.CreateEventAsync(alex, channelId, capacity: 5);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (adele, adeleUser) = await run.PersonAsync("Adele", Role.ProjectManager);
        await run.PressAsync(megan, posted, "Register", channelId);
        await run.PressAsync(adele, posted, "Register", channelId);
        await EventsOverHttpTests.MoveStartAsync(run, learningEvent, DateTimeOffset.UtcNow.AddHours(-2));
        var card = Assert.Single(await run.SayAsync(alex, $"event attendance {learningEvent.Id}")).Card!;
        var data = ButtonOf(card, "Save attendance")["data"]!.DeepClone().AsObject();
        var listed = data[EventAdminCards.PageKeysField]!.GetValue<string>();

        data[EventAdminCards.PageKeysField] = $"{listed},{meganUser.UserKey}";
        data[EventAdminCards.AttendedField] = meganUser.UserKey;
        var twice = CardOfInvoke(await run.ExecuteAsync(alex, EventAdminCards.AttendanceVerb, data));

        Assert.Contains("Saved: 1 attended, 1 no-shows. PDUs credited to 1 more, withdrawn from 0.", TextsOf(twice));
        var registrations = await run.Get<RegistrationStore>().GetManyAsync(learningEvent.Id, [meganUser.UserKey, adeleUser.UserKey], None);
        Assert.Equal((RegistrationStatus.Attended, RegistrationStatus.NoShow), (registrations[meganUser.UserKey].Status, registrations[adeleUser.UserKey].Status));

        // Twin: the card's own list, with Adele ticked too.
        data[EventAdminCards.PageKeysField] = listed;
        data[EventAdminCards.AttendedField] = $"{meganUser.UserKey},{adeleUser.UserKey}";
        Assert.Contains("Saved: 2 attended, 0 no-shows. PDUs credited to 1 more, withdrawn from 0.", TextsOf(CardOfInvoke(await run.ExecuteAsync(alex, EventAdminCards.AttendanceVerb, data))));
    }

    [Fact]
    public async Task A_message_action_suggestion_with_a_link_of_pages_is_saved_without_it_and_a_message_link_is_kept()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        // The triage card goes to one channel. Without one it would go to every PMO member the whole test run has
        // stored (hundreds by the end of the suite), all queued inside the 3.5 s this press gives storage.
        await run.Get<AlertChannelStore>().SetAsync(new AlertChannel($"19:pmo-{Guid.NewGuid():N}@thread.tacv2", "PMO", "test", DateTimeOffset.UtcNow), None);
        var (alex, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var name = ProcessesHarness.NewName();
        ProcessesHttpRun.CardOf(await run.PressAsync(alex, (await run.SayAsync(alex, "process add")).Card!, "Save", ProcessesHarness.ValidForm(name, pmo)));
        var longLink = "https://teams.microsoft.com/l/message/" + new string('a', 40_000);
        const string messageLink = "https://teams.microsoft.com/l/message/19:abc@thread.tacv2/1700000000000?groupId=g";

        var withLongLink = await SuggestAsync(run, megan, name, "Hold a pre-mortem before every stage gate", "1700000000001", longLink);
        var withMessageLink = await SuggestAsync(run, megan, name, "Review the vendor's risks with the sponsor", "1700000000002", messageLink);

        Assert.StartsWith($"Thank you: your suggestion for {name} is on the PMO's improvement backlog as ", withLongLink, StringComparison.Ordinal);
        Assert.StartsWith($"Thank you: your suggestion for {name} is on the PMO's improvement backlog as ", withMessageLink, StringComparison.Ordinal);
        var suggestions = (await run.Get<SuggestionStore>().ListAsync(None)).Where(s => s.ProcessKey == ProcessKey.From(name)).ToDictionary(s => s.Text, s => s.SourceLink);
        Assert.Equal(2, suggestions.Count);
        Assert.Null(suggestions["Hold a pre-mortem before every stage gate"]);
        Assert.Equal(messageLink, suggestions["Review the vendor's risks with the sponsor"]);
    }

    [Fact]
    public async Task A_process_or_publish_form_whose_id_is_longer_than_any_form_has_is_refused_in_words_and_the_form_as_sent_saves()
    {
        await using var run = await ProcessesHttpRun.StartAsync();
        var (alex, pmo) = await run.PersonAsync("Alex", Role.Pmo);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        await run.SayAsync(megan, "hi");
        var name = ProcessesHarness.NewName();
        var form = (await run.SayAsync(alex, "process add")).Card!;
        var longId = new string('f', 40_000);

        var refusedAdd = await run.PressAsync(alex, form, "Save", new Dictionary<string, string?>(ProcessesHarness.ValidForm(name, pmo)) { [ProcessCards.FormIdField] = longId });

        Assert.Equal("This process form is not one PmoBot made (its id is too long), so nothing was saved. Type **process add** for a fresh form.", ProcessesHttpRun.MessageOf(refusedAdd));
        Assert.Null(await run.Get<ProcessLibrary>().GetAsync(ProcessKey.From(name), None));
        ProcessesHttpRun.CardOf(await run.PressAsync(alex, form, "Save", ProcessesHarness.ValidForm(name, pmo)));
        Assert.NotNull(await run.Get<ProcessLibrary>().GetAsync(ProcessKey.From(name), None));

        var publishForm = (await run.SayAsync(alex, $"process publish {name}")).Card!;
        var publish = new Dictionary<string, string?>(RolloutForms.Inputs(AudienceKind.People, RolloutForms.Named([meganUser]), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14))) { [VersionForm.FormIdField] = longId };
        var refusedPublish = await run.PressAsync(alex, publishForm, "Publish", publish);

        Assert.Equal($"This Publish form is not one PmoBot made (its id is too long), so nothing was published. Type **process publish {name}** for a fresh form.", ProcessesHttpRun.MessageOf(refusedPublish));
        Assert.Empty(await run.Get<ProcessLibrary>().VersionsAsync(ProcessKey.From(name), None));
        publish.Remove(VersionForm.FormIdField);
        Assert.Contains(TextsOf(ProcessesHttpRun.CardOf(await run.PressAsync(alex, publishForm, "Publish", publish))), t => t.StartsWith($"Published version 1 of {name}", StringComparison.Ordinal));
        Assert.Single(await run.Get<ProcessLibrary>().VersionsAsync(ProcessKey.From(name), None));
    }

    /// <summary>"Suggest process improvement" on a channel message, Suggest pressed: the dialog's closing message.</summary>
    private static async Task<string> SuggestAsync(ProcessesHttpRun run, TestPerson person, string process, string text, string messageId, string link)
    {
        var value = new JObject
        {
            ["commandId"] = MessagingExtensionCommands.SuggestImprovement,
            ["commandContext"] = "message",
            ["data"] = new JObject { [SuggestionCards.FormProcessField] = ProcessKey.From(process), [SuggestionCards.FormTextField] = text, [SuggestionCards.FormLinkField] = link },
            ["messagePayload"] = new JObject
            {
                ["id"] = messageId,
                ["linkToMessage"] = link,
                ["messageType"] = "message",
                ["body"] = new JObject { ["contentType"] = "html", ["content"] = $"<p>{text}</p>" },
            },
        };
        var invoke = TeamsActivities.ExtensionInvoke(person, "composeExtension/submitAction", value, run.Connector.ServiceUrl, $"19:{Guid.NewGuid():N}@thread.tacv2");
        using var response = await run.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["task"]!["value"]!.GetValue<string>();
        Assert.DoesNotContain(StorageApology, answer, StringComparison.Ordinal);
        return answer;
    }
}
