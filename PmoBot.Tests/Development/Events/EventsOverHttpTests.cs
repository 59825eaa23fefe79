using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using PmoBot.Development;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Development.Events.EventsHttpRun;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Events;

/// <summary>
/// Learning events end to end, as Teams drives the bot: the PMO's form, the card in a channel, registrations from
/// the card (Universal Action invokes from the channel), the coalesced in-place updates at the Bot Connector, the
/// waitlist and its promotion, attendance, and the CSV sent through Teams' file consent flow.
/// </summary>
public sealed class EventsOverHttpTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Pms_register_from_the_channel_card_the_count_updates_a_third_is_waitlisted_and_a_cancellation_promotes_them()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var (learningEvent, postedId, posted) = await run.CreateEventAsync(alex, channelId, capacity: 2);
        Assert.Equal("0 of 2 taken · 0 on the waitlist · 0 interested", Fact(posted, "Places"));
        Assert.Equal(EventCards.ViewVerb, posted["refresh"]!["action"]!["verb"]!.GetValue<string>());

        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (adele, _) = await run.PersonAsync("Adele", Role.ProjectManager);
        var (nestor, _) = await run.PersonAsync("Nestor", Role.ProjectManager);
        await run.SayAsync(nestor, "whoami");

        var meganView = CardOfInvoke(await run.PressAsync(megan, posted, "Register", channelId));
        var adeleView = CardOfInvoke(await run.PressAsync(adele, posted, "Register", channelId));
        Assert.Equal("✅ You're registered.", TextsOf(meganView)[0]);
        Assert.Equal("2 of 2 taken (full) · 0 on the waitlist · 0 interested", Fact(adeleView, "Places"));
        Assert.DoesNotContain(ActionTitles(adeleView), t => t == "Register");
        Assert.Contains("Can't go", ActionTitles(adeleView));
        var full = await run.WaitForUpdateAsync(channelId, postedId, "2 of 2 taken (full) · 0 on the waitlist · 0 interested");
        // The shared card shows counts, never one person's status, and lists the responders for their own refresh.
        Assert.DoesNotContain(TextsOf(full), t => t.StartsWith('✅'));
        Assert.Contains(megan.TeamsUserId, full["refresh"]!["userIds"]!.AsArray().Select(n => n!.GetValue<string>()));

        var nestorView = CardOfInvoke(await run.PressAsync(nestor, full, "Register", channelId));
        Assert.StartsWith("⏳ The event is full: you're number 1 on the waitlist.", TextsOf(nestorView)[0], StringComparison.Ordinal);
        await run.WaitForUpdateAsync(channelId, postedId, "2 of 2 taken (full) · 1 on the waitlist · 0 interested");

        var cancelled = CardOfInvoke(await run.PressAsync(megan, meganView, "Can't go", channelId));
        Assert.Equal("You're down as not going.", TextsOf(cancelled)[0]);
        await run.WaitForUpdateAsync(channelId, postedId, "2 of 2 taken (full) · 0 on the waitlist · 0 interested");
        var told = await run.Connector.WaitForAsync($"a:personal-{nestor.AadObjectId}", 2);
        // The event's time once, not in brackets inside brackets ("(Tue 15 Dec 2026, 14:00–16:00 (Europe/London))").
        Assert.Contains(told, a => a.Body["summary"]?.GetValue<string>() == $"Good news: a place freed up for {learningEvent.Title}, {EventCards.When(learningEvent)}, and you were next on the waitlist, so you're registered.");

        // Nestor's own view now says he is in; the PMO sees the registrations in personal chat, a PM does not.
        var nestorNow = CardOfInvoke(await run.ExecuteAsync(nestor, EventCards.ViewVerb, new JsonObject { ["verb"] = EventCards.ViewVerb, [EventCards.EventField] = learningEvent.Id }, channelId));
        Assert.StartsWith("✅ You're registered: a place freed up", TextsOf(nestorNow)[0], StringComparison.Ordinal);
        var registrations = Assert.Single(await run.SayAsync(alex, $"event {learningEvent.Id}")).Card!;
        Assert.Contains(FactsOf(registrations), f => f.Title.StartsWith("Nestor", StringComparison.Ordinal) && f.Value.StartsWith("Registered", StringComparison.Ordinal));
        Assert.Contains(FactsOf(registrations), f => f.Title.StartsWith("Adele", StringComparison.Ordinal));
        var pmView = Assert.Single(await run.SayAsync(adele, $"event {learningEvent.Id}")).Card!;
        Assert.DoesNotContain(FactsOf(pmView), f => f.Title.StartsWith("Nestor", StringComparison.Ordinal));
        Assert.Equal("✅ You're registered.", TextsOf(pmView)[0]);

        await AdaptiveCardValidator.AssertAllValidAsync(
        [
            ("posted", posted), ("megan registered", meganView), ("full", full), ("waitlisted", nestorView), ("cancelled", cancelled),
            ("promoted", nestorNow), ("registrations", registrations), ("pm view", pmView),
        ]);
    }

    [Fact]
    public async Task Leaving_the_waitlist_takes_the_person_off_it_without_touching_the_registered_and_the_card_says_so()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var (learningEvent, _, posted) = await run.CreateEventAsync(alex, channelId, capacity: 1);
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (nestor, nestorUser) = await run.PersonAsync("Nestor", Role.ProjectManager);
        CardOfInvoke(await run.PressAsync(megan, posted, "Register", channelId));
        var waiting = CardOfInvoke(await run.PressAsync(nestor, posted, "Register", channelId));

        var left = CardOfInvoke(await run.PressAsync(nestor, waiting, "Leave the waitlist", channelId));

        Assert.Equal("You're down as not going.", TextsOf(left)[0]);
        Assert.Contains("Register", ActionTitles(left));
        var store = run.Get<RegistrationStore>();
        Assert.Equal(RegistrationStatus.Cancelled, (await store.GetAsync(learningEvent.Id, nestorUser.UserKey, None))!.Status);
        Assert.Equal(RegistrationStatus.Registered, (await store.GetAsync(learningEvent.Id, meganUser.UserKey, None))!.Status);
        var counts = (await store.GetCountsAsync(learningEvent.Id, None))!.Counts;
        Assert.Equal((1, 0), (counts.Registered, counts.Waitlisted));
    }

    [Fact]
    public async Task Leave_the_waitlist_on_a_card_from_before_a_promotion_keeps_the_place_and_answers_the_card_as_it_is_now_while_can_t_go_still_means_can_t_go()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var (learningEvent, _, posted) = await run.CreateEventAsync(alex, channelId, capacity: 1);
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (nestor, nestorUser) = await run.PersonAsync("Nestor", Role.ProjectManager);
        await run.SayAsync(nestor, "whoami");
        var meganBefore = CardOfInvoke(await run.ExecuteAsync(megan, EventCards.ViewVerb, new JsonObject { ["verb"] = EventCards.ViewVerb, [EventCards.EventField] = learningEvent.Id }, channelId));
        Assert.Equal("You haven't answered yet.", TextsOf(meganBefore)[0]);
        CardOfInvoke(await run.PressAsync(megan, posted, "Register", channelId));
        var waiting = CardOfInvoke(await run.PressAsync(nestor, posted, "Register", channelId));
        Assert.StartsWith("⏳ The event is full: you're number 1 on the waitlist.", TextsOf(waiting)[0], StringComparison.Ordinal);
        // Megan registered since her card was shown, but its Can't go means for her now what it meant then: it is taken,
        // and promotes Nestor.
        Assert.Equal("You're down as not going.", TextsOf(CardOfInvoke(await run.PressAsync(megan, meganBefore, "Can't go", channelId)))[0]);
        await run.WaitForDeliveryAsync(EventNotices.PromotedKey((await run.Get<RegistrationStore>().GetAsync(learningEvent.Id, nestorUser.UserKey, None))!));

        var current = CardOfInvoke(await run.PressAsync(nestor, waiting, "Leave the waitlist", channelId));

        Assert.StartsWith("A place freed up on ", TextsOf(current)[0], StringComparison.Ordinal);
        Assert.Contains("so you're registered. The card you pressed still showed the waitlist: nothing was changed.", TextsOf(current)[0], StringComparison.Ordinal);
        Assert.StartsWith("✅ You're registered: a place freed up", TextsOf(current)[1], StringComparison.Ordinal);
        Assert.Equal(["Can't go"], ActionTitles(current));
        Assert.Equal(RegistrationStatus.Registered, (await run.Get<RegistrationStore>().GetAsync(learningEvent.Id, nestorUser.UserKey, None))!.Status);
        Assert.Equal(nestor.TeamsUserId, current["refresh"]!["userIds"]!.AsArray()[^1]!.GetValue<string>());

        // The card he now has fits where he stands: its Can't go is taken.
        Assert.Equal("You're down as not going.", TextsOf(CardOfInvoke(await run.PressAsync(nestor, current, "Can't go", channelId)))[0]);
        Assert.Equal(RegistrationStatus.Cancelled, (await run.Get<RegistrationStore>().GetAsync(learningEvent.Id, nestorUser.UserKey, None))!.Status);
        await AdaptiveCardValidator.AssertAllValidAsync([("waitlisted", waiting), ("pressed after the promotion", current)]);
    }

    [Fact]
    public async Task Someone_without_a_role_is_refused_by_every_button_of_the_card_as_by_the_commands_and_nothing_is_stored()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var (learningEvent, _, posted) = await run.CreateEventAsync(alex, channelId, capacity: 1);
        var stranger = TestPerson.New("Stranger");
        var verbs = new[] { EventCards.RegisterVerb, EventCards.InterestedVerb, EventCards.CantGoVerb, EventCards.ViewVerb };

        async Task AssertRefusedAsync()
        {
            foreach (var verb in verbs)
            {
                var body = await run.ExecuteAsync(stranger, verb, new JsonObject { ["verb"] = verb, [EventCards.EventField] = learningEvent.Id }, channelId);
                Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
                var refusal = body["value"]!.GetValue<string>();
                Assert.StartsWith($"This action is for {Roles.DescribeAny(PmoBot.Projects.ProjectAccess.AnyRole)}, and ", refusal, StringComparison.Ordinal);
                Assert.Contains("Nothing was changed. Ask a PMO member or an admin", refusal, StringComparison.Ordinal);
            }

            Assert.Null(await run.Get<RegistrationStore>().GetAsync(learningEvent.Id, UserKeys.Normalize(stranger.AadObjectId), None));
        }

        await AssertRefusedAsync();

        // The twin: a project manager's press on the same card is taken; the event is then full, and the stranger still
        // gets no waitlist place.
        var (megan, _) = await run.PersonAsync("Megan", Role.ProjectManager);
        Assert.Equal("✅ You're registered.", TextsOf(CardOfInvoke(await run.PressAsync(megan, posted, "Register", channelId)))[0]);
        await AssertRefusedAsync();
        var counts = (await run.Get<RegistrationStore>().GetCountsAsync(learningEvent.Id, None))!.Counts;
        Assert.Equal((1, 0, 0), (counts.Registered, counts.Waitlisted, counts.Interested));
    }

    [Fact]
    public async Task Forty_concurrent_presses_update_the_channel_card_a_few_times_never_once_per_press()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var (learningEvent, postedId, posted) = await run.CreateEventAsync(alex, channelId, capacity: 10);
        var pms = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => run.PersonAsync($"Pm{i}", Role.ProjectManager)));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var answers = await Task.WhenAll(pms.Select(pm => Task.Run(() => run.PressAsync(pm.Person, posted, "Register", channelId))));

        var final = await run.WaitForUpdateAsync(channelId, postedId, "10 of 10 taken (full) · 30 on the waitlist · 0 interested");
        var seconds = clock.Elapsed.TotalSeconds;
        var updates = run.UpdatesOf(channelId, postedId);
        Assert.Equal(10, answers.Count(a => TextsOf(CardOfInvoke(a))[0] == "✅ You're registered."));
        Assert.Equal(30, answers.Count(a => TextsOf(CardOfInvoke(a))[0].StartsWith('⏳')));
        Assert.InRange(updates.Count, 1, (int)Math.Ceiling(seconds / CardUpdateInterval.TotalSeconds) + 1);
        Assert.True(updates.Count < 10, $"{updates.Count} updates for 40 presses");
        Assert.Same(final, updates[^1]);
        Assert.Equal(40, final["refresh"]!["userIds"]!.AsArray().Count);
        var counts = (await run.Get<RegistrationStore>().GetCountsAsync(learningEvent.Id, None))!.Counts;
        Assert.Equal((10, 30), (counts.Registered, counts.Waitlisted));
    }

    [Fact]
    public async Task Attendance_marked_on_the_card_credits_pdus_and_the_csv_arrives_through_file_consent()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var (learningEvent, _, posted) = await run.CreateEventAsync(alex, channelId, capacity: 5, title: "Stakeholder workshop, \"advanced\"");
        var (megan, meganUser) = await run.PersonAsync("Megan", Role.ProjectManager);
        var (adele, adeleUser) = await run.PersonAsync("Adele", Role.ProjectManager);
        await run.PressAsync(megan, posted, "Register", channelId);
        await run.PressAsync(adele, posted, "Register", channelId);

        // Before the start the PMO is told to wait; once it has started the attendance card lists both.
        var tooEarly = Assert.Single(await run.SayAsync(alex, $"event attendance {learningEvent.Id}"));
        Assert.Contains("attendance is marked once it has started", tooEarly.Text, StringComparison.Ordinal);
        await MoveStartAsync(run, learningEvent, DateTimeOffset.UtcNow.AddHours(-2));
        var card = Assert.Single(await run.SayAsync(alex, $"event attendance {learningEvent.Id}")).Card!;
        var saved = CardOfInvoke(await run.PressAsync(alex, card, "Save attendance", inputs: new Dictionary<string, string> { [EventAdminCards.AttendedField] = meganUser.UserKey }));

        Assert.Contains("Saved: 1 attended, 1 no-shows. PDUs credited to 1 more", string.Join(" ", TextsOf(saved)), StringComparison.Ordinal);
        var credited = await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, None);
        Assert.Equal([(TalentArea.WaysOfWorking, 2m), (TalentArea.PowerSkills, 1m)], credited.Where(p => p.Id.Contains(learningEvent.Id, StringComparison.Ordinal)).OrderBy(p => p.Area).Select(p => (p.Area!.Value, p.Units)));
        Assert.Empty(await run.Get<PduLogStore>().ListAsync(adeleUser.UserKey, None));

        // Saving again changes nothing and credits nothing twice.
        CardOfInvoke(await run.PressAsync(alex, card, "Save attendance", inputs: new Dictionary<string, string> { [EventAdminCards.AttendedField] = meganUser.UserKey }));
        Assert.Equal(2, (await run.Get<PduLogStore>().ListAsync(meganUser.UserKey, None)).Count);

        // A PM may not export; in a channel the PMO is sent to personal chat; there the file consent card comes.
        Assert.Contains("is for PMO or Admin", Assert.Single(await run.SayAsync(megan, $"event export {learningEvent.Id}")).Text, StringComparison.Ordinal);
        var inChannel = TeamsActivities.ChannelMessage(alex, $"event export {learningEvent.Id}", channelId, run.Connector.ServiceUrl);
        using (var response = await run.PostAsync(inChannel))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        Assert.Contains("in your personal chat with me", Assert.Single(await run.Connector.WaitForAsync(inChannel.Conversation.Id, 1)).Text, StringComparison.Ordinal);
        var offer = Assert.Single(await run.SayAsync(alex, $"event export {learningEvent.Id}"));
        Assert.StartsWith($"{learningEvent.Id}-registrations.csv: 2 people (1 attended, 1 no-show). Accept it below", offer.Text, StringComparison.Ordinal);
        var attachment = offer.Body["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.teams.card.file.consent", attachment["contentType"]!.GetValue<string>());
        Assert.Equal($"{learningEvent.Id}-registrations.csv", attachment["name"]!.GetValue<string>());
        var acceptContext = attachment["content"]!["acceptContext"]!;

        var info = await ConsentAsync(run, alex, "accept", JObject.Parse(acceptContext.ToJsonString()), run.UploadUrl + "file1", $"{learningEvent.Id}-registrations.csv");

        var (range, body) = Assert.Single(run.Uploaded);
        var csv = Encoding.UTF8.GetString(body).TrimStart('\uFEFF');
        Assert.Equal($"bytes 0-{body.Length - 1}/{body.Length}", range);
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal(string.Join(',', EventCsv.Columns), lines[0]);
        Assert.Equal(3, lines.Count);
        Assert.Contains(lines, l => l.Contains(meganUser.Name, StringComparison.Ordinal) && l.Contains(",Attended,", StringComparison.Ordinal) && l.Contains("\"Stakeholder workshop, \"\"advanced\"\"\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(adeleUser.Name, StringComparison.Ordinal) && l.Contains(",No-show,", StringComparison.Ordinal));
        Assert.Equal("application/vnd.microsoft.teams.card.file.info", info.Body["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Equal("https://contoso-my.sharepoint.com/personal/alex/file1.csv", info.Body["attachments"]![0]!["contentUrl"]!.GetValue<string>());
        Assert.Equal("unique-1", info.Body["attachments"]![0]!["content"]!["uniqueId"]!.GetValue<string>());
        await AdaptiveCardValidator.AssertAllValidAsync([("attendance", card), ("attendance saved", saved)]);
    }

    [Fact]
    public async Task A_declined_file_is_not_uploaded_and_a_forged_upload_location_is_refused()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var (learningEvent, _, _) = await run.CreateEventAsync(alex, channelId, capacity: 5);
        var context = JObject.Parse(FileOfferContext(learningEvent.Id));

        var declined = await ConsentAsync(run, alex, "decline", context, "http://127.0.0.1:1/never");
        var forged = await ConsentAsync(run, alex, "accept", context, "http://files.example.org/upload");

        Assert.StartsWith("OK, I did not send the file", declined.Text, StringComparison.Ordinal);
        Assert.StartsWith("Teams did not give a place to upload the file", forged.Text, StringComparison.Ordinal);

        // An offer that names no event says so, rather than "The event  is no longer there".
        var noEvent = await ConsentAsync(run, alex, "accept", new JObject { ["kind"] = EventCsvExport.FileKind }, run.UploadUrl + "file2");
        Assert.Equal("This file offer does not say which event it is for, so nothing was sent. Type **event export** and the event's id to be offered the file again.", noEvent.Text);
        Assert.Empty(run.Uploaded);
    }

    [Fact]
    public async Task The_organisers_view_names_a_posted_channel_as_it_is_now_renamed_or_deleted()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var (learningEvent, _, _) = await run.CreateEventAsync(alex, channelId, capacity: 5);
        var team = TeamsActivities.TeamOf(channelId);

        // Twin: before any change, the channel reads as it was posted (named in the message's channel data).
        Assert.Equal("PMO", await PostedInAsync());

        await PostChangeAsync(TeamsActivities.TeamUpdate(alex, "channelRenamed", team, channel: (channelId, "PMO alerts"), serviceUrl: run.Connector.ServiceUrl));
        Assert.Equal("PMO alerts", await PostedInAsync());

        await PostChangeAsync(TeamsActivities.TeamUpdate(alex, "channelDeleted", team, channel: (channelId, "PMO alerts"), serviceUrl: run.Connector.ServiceUrl));
        Assert.Equal("PMO alerts (no longer reachable)", await PostedInAsync());

        async Task<string> PostedInAsync() => Fact((await run.SayAsync(alex, $"event {learningEvent.Id}"))[^1].Card!, "Posted in");

        async Task PostChangeAsync(Activity change)
        {
            using var response = await run.PostAsync(change);
            Assert.True(response.IsSuccessStatusCode, $"{change.Type}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Posting_an_event_again_offers_only_the_channels_it_is_not_in_and_names_those_it_is()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var first = await run.ChannelAsync(alex);
        var second = await run.ChannelAsync(alex);
        var (learningEvent, _, _) = await run.CreateEventAsync(alex, first, capacity: 5);

        var chooser = (await run.SayAsync(alex, $"event post {learningEvent.Id}"))[^1].Card!;

        // Twin: the channel it is not in yet is offered; the one it is in is named instead.
        Assert.Contains(second, ChannelChoices(chooser));
        Assert.DoesNotContain(first, ChannelChoices(chooser));
        Assert.Equal("PMO", Fact(chooser, "Posted in"));

        var posted = CardOfInvoke(await run.PressAsync(alex, chooser, "Post", inputs: new Dictionary<string, string> { [EventForm.ChannelsField] = second }));

        Assert.Contains("Posted " + learningEvent.Id + " to PMO.", TextsOf(posted));
        Assert.DoesNotContain(second, ChannelChoices(posted));
        Assert.Equal("PMO, PMO", Fact(posted, "Posted in"));
        await run.WaitForDeliveryAsync(EventPoster.PostKey(learningEvent.Id, second));
        await AdaptiveCardValidator.AssertValidAsync("chooser after posting", posted);
    }

    [Fact]
    public async Task A_pdu_field_of_nan_or_infinity_is_refused_under_the_field_like_any_number_out_of_range()
    {
        await using var run = await StartAsync();
        var (alex, _) = await run.PersonAsync("Alex", Role.Pmo);
        var channelId = await run.ChannelAsync(alex);
        var form = Assert.Single(await run.SayAsync(alex, "event add")).Card!;

        foreach (var typed in new[] { "NaN", "Infinity", "-Infinity", "1e309", "-1" })
        {
            var inputs = EventInputs(channelId, capacity: 5);
            inputs[EventForm.PduPowerField] = typed;
            var refused = CardOfInvoke(await run.PressAsync(alex, form, "Save and post", inputs: inputs));
            Assert.Contains($"Power Skills PDUs \"{typed}\" must be a number from 0 to 100.", TextsOf(refused));
            await AdaptiveCardValidator.AssertValidAsync($"event form with PDUs {typed}", refused);
        }

        // Twin: a number in range is saved.
        var (saved, _, _) = await run.CreateEventAsync(alex, channelId, capacity: 5, powerPdus: 3);
        Assert.Equal(3m, saved.Pdus.PowerSkills);
    }

    private static List<string> ChannelChoices(JsonObject card) =>
        card["body"]!.AsArray()
            .Where(e => e?["id"]?.GetValue<string>() == EventForm.ChannelsField)
            .SelectMany(e => e!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()))
            .ToList();

    private static string FileOfferContext(string eventId) => $"{{\"kind\":\"{EventCsvExport.FileKind}\",\"{EventCards.EventField}\":\"{eventId}\"}}";

    /// <summary>The person's answer to the file consent card, as Teams sends it (<c>fileConsent/invoke</c>); returns the bot's next message there.</summary>
    private static async Task<RecordingConnector.SentActivity> ConsentAsync(EventsHttpRun run, TestPerson person, string action, JObject context, string uploadUrl, string name = "x.csv")
    {
        var consent = TeamsActivities.FileConsent(person, action, context, uploadUrl, name, run.Connector.ServiceUrl);
        var before = run.Connector.Sent.Count(a => a.ConversationId == consent.Conversation.Id);
        using (var response = await run.PostAsync(consent))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        return (await run.Connector.WaitForAsync(consent.Conversation.Id, before + 1)).Skip(before).Single();
    }

    /// <summary>Moves an event's start into the past in storage, as time passing would.</summary>
    internal static async Task MoveStartAsync(EventsHttpRun run, LearningEvent learningEvent, DateTimeOffset start)
    {
        var table = new Azure.Data.Tables.TableClient(AzuriteStorage.ConnectionString, EventStore.TableName);
        var entity = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("events", learningEvent.Id)).Value;
        entity["Start"] = start;
        entity["End"] = start.AddHours(3);
        entity["RegistrationDeadline"] = start;
        await table.UpdateEntityAsync(entity, entity.ETag);
        Assert.True((await run.Get<EventStore>().GetAsync(learningEvent.Id, None))!.HasStarted(DateTimeOffset.UtcNow));
    }

    private static List<string> ActionTitles(JsonObject card) =>
        Reviews.CheckIn.CheckInHarness.ActionsOf(card).Select(a => a["title"]!.GetValue<string>()).ToList();
}
