using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Newtonsoft.Json.Linq;
using PmoBot.Alerts;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Meetings;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Teams;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.Meetings;
using PmoBot.Tests.Projects;
using PmoBot.Tests.Teams;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Warnings;

/// <summary>
/// The alert card's buttons pressed as Teams presses them: an <c>adaptiveCard/action</c> invoke through the Bot
/// Framework <see cref="TestAdapter"/> into the real <see cref="PmoTeamsBot"/>, and over real HTTP on
/// <c>/api/messages</c> (Universal Action invoke and the <c>Action.Submit</c> fallback) with the replies and
/// in-place updates captured at a local Bot Connector.
/// </summary>
public sealed class WarningCardActionsThroughBotTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Through the TestAdapter.
    [Fact]
    public async Task Acknowledge_as_an_invoke_answers_the_updated_card_showing_who_acknowledged()
    {
        var (bot, h, episode, card) = await RaisedBehindBotAsync();
        var person = TestPerson.New("Patti");
        var pmo = await h.Projects.People.PersonAsync(person, Role.Pmo);

        var replies = await bot.SendAsync(Press(person, card, "Acknowledge"));

        var body = AdaptiveCardBodyOf(replies);
        var updated = ToJsonObject(body.Value);
        Assert.Contains(TextsOf(updated), t => t.Contains($"acknowledged by {pmo.Name}, {WarningText.CardTime(h.Time.GetUtcNow())}", StringComparison.Ordinal));
        Assert.DoesNotContain(updated["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Acknowledge");
        Assert.Equal(pmo.UserKey, (await h.Store.GetAsync(episode.Id, None))!.Acknowledged!.ByKey);
        Assert.Empty(bot.Adapter.Updates);
        await AdaptiveCardValidator.AssertValidAsync("acknowledged through the bot", updated);
    }

    [Fact]
    public async Task Assign_owner_and_snooze_as_invokes_answer_the_updated_card()
    {
        var (bot, h, episode, card) = await RaisedBehindBotAsync();
        var person = TestPerson.New("Patti");
        var pmo = await h.Projects.People.PersonAsync(person, Role.Pmo);
        var owner = await h.Projects.People.PersonAsync(TestPerson.New("Alex"), Role.Pmo);

        var assigned = ToJsonObject(AdaptiveCardBodyOf(await bot.SendAsync(Press(person, card, "Assign", (WarningCards.OwnerField, owner.UserKey)))).Value);
        var snoozed = ToJsonObject(AdaptiveCardBodyOf(await bot.SendAsync(Press(person, assigned, "Snooze 1 week"))).Value);

        Assert.Contains(TextsOf(assigned), t => t.Contains($"owner {owner.Name} (assigned by {pmo.Name}", StringComparison.Ordinal));
        Assert.Contains(TextsOf(snoozed), t => t.Contains($"snoozed until {WarningText.CardTime(h.Time.GetUtcNow().AddDays(7))}", StringComparison.Ordinal));
        Assert.Contains(TextsOf(snoozed), t => t.Contains($"owner {owner.Name}", StringComparison.Ordinal));
        var stored = (await h.Store.GetAsync(episode.Id, None))!;
        Assert.Equal(owner.UserKey, stored.Owner!.UserKey);
        Assert.Equal(h.Time.GetUtcNow().AddDays(7), stored.SnoozedUntil);
        await AdaptiveCardValidator.AssertAllValidAsync([("assigned through the bot", assigned), ("snoozed through the bot", snoozed)]);
    }

    [Fact]
    public async Task Schedule_review_meeting_as_an_invoke_answers_the_card_with_the_booked_time_and_join_link()
    {
        var (bot, h, episode, card) = await RaisedBehindBotAsync();
        var person = TestPerson.New("Patti");
        var pmo = await h.Projects.People.PersonAsync(person, Role.Pmo);
        var start = h.Time.GetUtcNow().Date.AddDays(1).AddHours(14);
        var startAt = new DateTimeOffset(start, TimeSpan.Zero);
        h.Booker.Setup(b => b.BookAsync(It.Is<MeetingRequest>(r => r.OrganizerUserKey == pmo.UserKey && r.AttendeeUserKey == episode.ManagerKey), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new MeetingBooking.Booked(startAt, startAt.AddMinutes(30), "https://teams.microsoft.com/l/meetup-join/through-bot", "event-1"));

        var updated = ToJsonObject(AdaptiveCardBodyOf(await bot.SendAsync(Press(person, card, "Schedule review meeting"))).Value);

        var meeting = (await h.Store.GetAsync(episode.Id, None))!.Meeting!;
        Assert.True(meeting.Booked);
        Assert.Contains(WarningCards.MeetingText(meeting, DateTimeOffset.UtcNow), TextsOf(updated));
        Assert.EndsWith("[Join the meeting](https://teams.microsoft.com/l/meetup-join/through-bot)", WarningCards.MeetingText(meeting, DateTimeOffset.UtcNow), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync("meeting through the bot", updated);
    }

    [Fact]
    public async Task A_project_manager_pressing_acknowledge_is_refused_in_the_invoke_response_and_nothing_changes()
    {
        var (bot, h, episode, card) = await RaisedBehindBotAsync();
        var person = TestPerson.New("Megan");
        await h.Projects.People.PersonAsync(person, Role.ProjectManager);

        var body = AdaptiveCardBodyOf(await bot.SendAsync(Press(person, card, "Acknowledge")), expectedType: "application/vnd.microsoft.activity.message");

        Assert.StartsWith("This action is for PMO or Admin", Assert.IsType<string>(body.Value), StringComparison.Ordinal);
        Assert.Null((await h.Store.GetAsync(episode.Id, None))!.Acknowledged);
    }

    [Fact]
    public async Task Acknowledge_through_the_action_submit_fallback_updates_the_clicked_card_in_place()
    {
        var (bot, h, episode, card) = await RaisedBehindBotAsync();
        var person = TestPerson.New("Patti");
        var pmo = await h.Projects.People.PersonAsync(person, Role.Pmo);

        var replies = await bot.SendAsync(TeamsActivities.CardSubmit(person, FallbackData(card, "Acknowledge"), "1:posted-alert"));

        Assert.Empty(replies);
        var update = Assert.Single(bot.Adapter.Updates);
        Assert.Equal("1:posted-alert", update.Id);
        Assert.Contains(TextsOf(CardOf(update)), t => t.Contains($"acknowledged by {pmo.Name}", StringComparison.Ordinal));
        Assert.Equal(pmo.UserKey, (await h.Store.GetAsync(episode.Id, None))!.Acknowledged!.ByKey);
    }

    // Over HTTP.
    [Fact]
    public async Task Over_http_the_alert_reaches_the_pmo_channel_and_acknowledge_answers_the_invoke_with_the_updated_card()
    {
        await using var run = await HttpRun.StartAsync();
        var (episode, posted, channelId) = await run.RaiseAsync();
        var (person, pmo) = await run.PmoAsync("Patti");

        var invoke = TeamsActivities.CardExecute(person, WarningCards.AcknowledgeVerb, JObject.Parse(ButtonOf(posted.Card, "Acknowledge all")["data"]!.ToJsonString()), run.Connector.ServiceUrl);
        invoke.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: $"{channelId};messageid={posted.Id}", tenantId: TeamsActivities.TenantId);
        using var response = await run.PostAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal(AdaptiveCard.ContentType, body["type"]!.GetValue<string>());
        var updated = body["value"]!.AsObject();
        Assert.Contains(TextsOf(updated), t => t.Contains($"acknowledged by {pmo.Name}", StringComparison.Ordinal));
        Assert.All(await run.Store.ListOpenAsync(episode.ProjectCode, None), e => Assert.Equal(pmo.UserKey, e.Acknowledged!.ByKey));

        // Every posted copy is updated in place through the outbox: a PUT of the channel post.
        var put = await run.WaitForPutAsync(channelId, posted.Id, c => TextsOf(c).Any(t => t.Contains("acknowledged by", StringComparison.Ordinal)));
        Assert.Contains(TextsOf(put), t => t.Contains($"acknowledged by {pmo.Name}", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertAllValidAsync([("alert over http", posted.Card), ("acknowledged over http", updated)]);
    }

    [Fact]
    public async Task Over_http_two_presses_of_schedule_review_meeting_at_once_book_one_teams_meeting_through_graph()
    {
        const string GraphToken = "graph-over-http-token";
        await using var calendar = await CalendarGraphStandIn.StartAsync();
        await using var run = await HttpRun.StartAsync(new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = calendar.BaseUrl,
            ["Graph:AccessToken"] = GraphToken,
        });
        var (episode, posted, channelId) = await run.RaiseAsync();
        var (person, pmo) = await run.PmoAsync("Patti");

        KnowInGraph(calendar, (pmo.UserKey, "patti"), (episode.ManagerKey, "megan"));

        // Both presses reach Graph before either has stored its meeting, as two clicks (or two instances) can.
        calendar.HoldEventsUntil(2);
        Task<JsonObject> PressAsync() => run.PressMeetingAsync(person, posted, channelId);

        var cards = await Task.WhenAll(PressAsync(), PressAsync());

        var posts = calendar.RequestsTo(CalendarGraphStandIn.Events);
        Assert.Equal(2, posts.Count);
        var transactionId = WarningMeetingCardAction.TransactionFor(await run.Store.ListOpenAsync(episode.ProjectCode, None));
        Assert.All(posts, p => Assert.Equal((transactionId, $"Bearer {GraphToken}", pmo.UserKey), (p.Body["transactionId"]!.GetValue<string>(), p.Authorization, p.UserId)));
        var created = Assert.Single(calendar.CreatedEvents);
        var start = new DateTimeOffset(DateTime.Parse(created["start"]!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture), TimeSpan.Zero);
        var meeting = (await run.Store.GetAsync(episode.Id, None))!.Meeting!;
        Assert.Equal((true, start), (meeting.Booked, meeting.Start));
        var booked = WarningCards.MeetingText(meeting, DateTimeOffset.UtcNow);
        Assert.StartsWith($"Booked by {pmo.Name} for ", booked, StringComparison.Ordinal);
        Assert.Contains($"for you {WarningText.CardTime(start)}.", booked, StringComparison.Ordinal);
        Assert.EndsWith($"[Join the meeting]({created["onlineMeeting"]!["joinUrl"]!.GetValue<string>()})", booked, StringComparison.Ordinal);
        Assert.All(cards, card => Assert.Contains(booked, TextsOf(card)));
        await AdaptiveCardValidator.AssertAllValidAsync([("first press over http", cards[0]), ("second press over http", cards[1])]);
    }

    [Fact]
    public async Task Over_http_a_booking_graph_is_slow_to_make_is_answered_in_time_as_under_way_and_every_copy_of_the_card_updated_when_it_is_booked()
    {
        await using var calendar = await CalendarGraphStandIn.StartAsync();
        await using var run = await HttpRun.StartAsync(new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = calendar.BaseUrl,
            ["Graph:AccessToken"] = "graph-over-http-token",
            ["Graph:AnswerWithin"] = "00:00:00.500",
        });
        var (episode, posted, channelId) = await run.RaiseAsync();
        var (person, pmo) = await run.PmoAsync("Patti");
        KnowInGraph(calendar, (pmo.UserKey, "patti"), (episode.ManagerKey, "megan"));

        Task<JsonObject> PressAsync() => run.PressMeetingAsync(person, posted, channelId);

        // Graph holds the event's creation: the press is answered while it is still held.
        calendar.HoldEvents();
        var answered = await PressAsync();
        Assert.Empty(calendar.CreatedEvents);
        Assert.Contains(TextsOf(answered), t => t.StartsWith($"Booking a review meeting ({pmo.Name}, ", StringComparison.Ordinal) && t.Contains("this card shows the meeting when it is booked", StringComparison.Ordinal));
        Assert.True((await run.Store.GetAsync(episode.Id, None))!.Meeting!.Pending);

        // Pressed again meanwhile: told it is under way, and nothing more is asked of Graph.
        var again = await PressAsync();
        Assert.Contains(TextsOf(again), t => t.Contains($"{pmo.Name} asked for this review meeting at ", StringComparison.Ordinal) && t.Contains("it is being booked", StringComparison.Ordinal));
        Assert.Single(calendar.RequestsTo(CalendarGraphStandIn.Events));

        calendar.ReleaseEvents();
        var put = await run.WaitForPutAsync(channelId, posted.Id, c => TextsOf(c).Any(t => t.StartsWith($"Booked by {pmo.Name} for ", StringComparison.Ordinal)));
        var created = Assert.Single(calendar.CreatedEvents);
        var meeting = (await run.Store.GetAsync(episode.Id, None))!.Meeting!;
        Assert.Equal((true, false), (meeting.Booked, meeting.Pending));
        Assert.Contains(WarningCards.MeetingText(meeting, DateTimeOffset.UtcNow), TextsOf(put));
        Assert.EndsWith($"[Join the meeting]({created["onlineMeeting"]!["joinUrl"]!.GetValue<string>()})", WarningCards.MeetingText(meeting, DateTimeOffset.UtcNow), StringComparison.Ordinal);
        Assert.DoesNotContain(TextsOf(put), t => t.StartsWith("Booking a review meeting", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertAllValidAsync([("booking under way", answered), ("booked later", put)]);
    }

    [Fact]
    public async Task Over_http_the_action_submit_fallback_updates_the_card_in_place_with_a_put_to_the_connector()
    {
        await using var run = await HttpRun.StartAsync();
        var (episode, posted, channelId) = await run.RaiseAsync();
        var (person, pmo) = await run.PmoAsync("Patti");
        var data = FallbackData(posted.Card, "Snooze all 1 week");
        var submit = TeamsActivities.ChannelMessage(person, string.Empty, channelId, run.Connector.ServiceUrl);
        submit.Conversation.Id = $"{channelId};messageid={posted.Id}";
        submit.Text = null;
        submit.Entities = null;
        submit.Value = data;
        submit.ReplyToId = posted.Id;
        var before = run.Connector.Sent.Count;

        using var response = await run.PostAsync(submit);

        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode}");
        var stored = (await run.Store.GetAsync(episode.Id, None))!;
        Assert.NotNull(stored.SnoozedUntil);
        var put = await run.WaitForPutAsync(submit.Conversation.Id, posted.Id, c => TextsOf(c).Any(t => t.Contains("snoozed until", StringComparison.Ordinal)));
        Assert.Contains(TextsOf(put), t => t.Contains($"snoozed until {WarningText.CardTime(stored.SnoozedUntil!.Value)}", StringComparison.Ordinal));
        Assert.Contains(TextsOf(put), t => t.Contains($"{pmo.Name}: snoozed until {WarningText.CardTime(stored.SnoozedUntil.Value)}", StringComparison.Ordinal));
        // Snoozing edits the project's one card: no new post of it.
        Assert.DoesNotContain(run.Connector.Sent.Skip(before), a => a.Method == "POST" && a.ConversationId.StartsWith(channelId, StringComparison.Ordinal) && WarningsHarness.IsCardOf(a.Card, episode.ProjectCode));
        await AdaptiveCardValidator.AssertValidAsync("snoozed over http", put);
    }

    /// <summary>Teams gives the bot object ids only: Graph's users give the mail addresses, getSchedule their working hours.</summary>
    private static void KnowInGraph(CalendarGraphStandIn calendar, params (string UserKey, string Name)[] people)
    {
        foreach (var (userKey, name) in people)
        {
            var mail = $"{name}.{userKey[..8]}@contoso.example";
            calendar.SetUser(userKey, mail);
            calendar.SetMailbox(mail, MeetingsHarness.Mailbox("GMT Standard Time"));
        }
    }

    // The bot behind the TestAdapter, with the warnings' card actions as Program.cs registers them.
    private sealed class WarningsBot(TeamsTestAdapter adapter, PmoTeamsBot bot)
    {
        public TeamsTestAdapter Adapter { get; } = adapter;

        public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity)
        {
            Adapter.ActiveQueue.Clear();
            await Adapter.DeliverAsync(OverTheWire(activity), bot.OnTurnAsync);
            var replies = Adapter.ActiveQueue.ToList();
            Adapter.ActiveQueue.Clear();
            return replies;
        }
    }

    private static async Task<(WarningsBot Bot, WarningsHarness H, WarningEpisode Episode, JsonObject Card)> RaisedBehindBotAsync()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.78m);
        var episode = await h.OpenAsync(project, CpiLowRule.RuleId);
        Assert.Equal(WarningSeverity.Critical, episode.Severity);
        var storage = await AzuriteStorage.WithTablesAsync(ConversationReferenceStore.TableName, ProcessedActivityStore.TableName);
        var bot = new PmoTeamsBot(
            h.Projects.People.Directory,
            new ConversationReferenceStore(storage),
            new ProcessedActivityStore(storage),
            h.Commands,
            h.CardActions,
            h.Time,
            NullLogger<PmoTeamsBot>.Instance);
        return (new WarningsBot(new TeamsTestAdapter(), bot), h, episode, await h.PostedCardAsync(episode));
    }

    /// <summary>The <c>adaptiveCard/action</c> invoke Teams sends for the button titled <paramref name="title"/>: its verb and data plus the inputs.</summary>
    private static Activity Press(TestPerson person, JsonObject card, string title, params (string Id, string Value)[] inputs)
    {
        var button = ButtonOf(card, title);
        var data = JObject.Parse(button["data"]!.ToJsonString());
        foreach (var (id, value) in inputs)
        {
            data[id] = value;
        }

        return TeamsActivities.CardExecute(person, button["verb"]!.GetValue<string>(), data);
    }

    /// <summary>What a client without Universal Actions sends: the fallback <c>Action.Submit</c>'s data, which names the verb.</summary>
    private static JObject FallbackData(JsonObject card, string title)
    {
        var fallback = ButtonOf(card, title)["fallback"]!;
        Assert.Equal("Action.Submit", fallback["type"]!.GetValue<string>());
        return JObject.Parse(fallback["data"]!.ToJsonString());
    }

    private static JsonObject ButtonOf(JsonObject card, string title) =>
        Reviews.CheckIn.CheckInHarness.ActionsOf(card).First(a => a["title"]?.GetValue<string>() == title).AsObject();

    private static AdaptiveCardInvokeResponse AdaptiveCardBodyOf(IReadOnlyList<Activity> replies, string expectedType = AdaptiveCard.ContentType)
    {
        var reply = Assert.Single(replies);
        Assert.Equal(ActivityTypesEx.InvokeResponse, reply.Type);
        var response = Assert.IsType<InvokeResponse>(reply.Value);
        Assert.Equal(200, response.Status);
        var body = Assert.IsType<AdaptiveCardInvokeResponse>(response.Body);
        Assert.Equal(200, body.StatusCode);
        Assert.Equal(expectedType, body.Type);
        return body;
    }

    /// <summary>
    /// The real app on a free port with its own outbox queues and its own PMO alert channel table (the channel is one
    /// row every run would otherwise share), and a recording Bot Connector.
    /// </summary>
    private sealed class HttpRun : IAsyncDisposable
    {
        private readonly PmoBotServer server;

        private HttpRun(PmoBotServer server, RecordingConnector connector, HttpClient client, ProjectsHarness projects)
        {
            this.server = server;
            Connector = connector;
            Client = client;
            Projects = projects;
        }

        public RecordingConnector Connector { get; }

        public HttpClient Client { get; }

        public ProjectsHarness Projects { get; }

        public WarningStore Store => server.Services.GetRequiredService<WarningStore>();

        public sealed record Posted(string Id, JsonObject Card);

        /// <param name="settings">More configuration, e.g. Graph pointed at a stand-in.</param>
        public static async Task<HttpRun> StartAsync(IDictionary<string, string?>? settings = null)
        {
            var alertsTable = $"AlertChannels{Guid.NewGuid():N}"[..30];
            await AzuriteStorage.WithTablesAsync(alertsTable);
            var connector = await RecordingConnector.StartAsync();
            var server = new PmoBotServer(
                new Dictionary<string, string?>
                {
                    ["Delivery:QueueName"] = DeliveryHarness.FreshQueueName(),
                    ["Delivery:DeadLetterQueueName"] = DeliveryHarness.FreshQueueName(),
                    ["Delivery:IdlePollInterval"] = "00:00:00.050",
                }.Concat(settings ?? new Dictionary<string, string?>()).ToDictionary(),
                replaceServices: services =>
                {
                    services.RemoveAll<AlertChannelStore>();
                    services.AddSingleton(sp => new AlertChannelStore(sp.GetRequiredService<TableServiceClient>(), alertsTable));
                });
            var client = server.CreateHttpClient();
            await MessagesEndpointTests.WaitUntilHealthyAsync(client);
            return new HttpRun(server, connector, client, await ProjectsHarness.CreateAsync());
        }

        public async Task<(TestPerson Person, PmoUser User)> PmoAsync(string firstName)
        {
            var person = TestPerson.New(firstName);
            return (person, await Projects.People.PersonAsync(person, Role.Pmo));
        }

        /// <summary><paramref name="person"/> presses <b>Schedule review meeting</b> on the channel's card; the invoke's answer card.</summary>
        public async Task<JsonObject> PressMeetingAsync(TestPerson person, Posted posted, string channelId)
        {
            var data = JObject.Parse(ButtonOf(posted.Card, "Schedule review meeting")["data"]!.ToJsonString());
            var invoke = TeamsActivities.CardExecute(person, WarningCards.MeetingVerb, data, Connector.ServiceUrl);
            invoke.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: $"{channelId};messageid={posted.Id}", tenantId: TeamsActivities.TenantId);
            using var response = await PostAsync(invoke);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["value"]!.AsObject();
        }

        /// <summary>
        /// A PMO member types <c>alerts here</c> in a channel; Megan's review of her project (40% complete, CPI 0.70,
        /// overall red) is recorded and the app's review observers told, as the check-in does; the cpi-low card is
        /// posted to the channel by the app's own senders.
        /// </summary>
        public async Task<(WarningEpisode Episode, Posted Card, string ChannelId)> RaiseAsync()
        {
            var (lead, _) = await PmoAsync("Alex");
            var channelId = $"19:{Guid.NewGuid():N}@thread.tacv2";
            var here = TeamsActivities.ChannelMessage(lead, "alerts here", channelId, Connector.ServiceUrl);
            using (var response = await PostAsync(here))
            {
                Assert.True(response.IsSuccessStatusCode, $"alerts here: status {(int)response.StatusCode}");
            }

            await Connector.WaitForAsync(here.Conversation.Id, 1);
            var pm = await Projects.PersonAsync("Megan", Role.ProjectManager);
            var project = ProjectsHarness.Valid(ProjectsHarness.NewCode(), pm) with
            {
                PlannedEnd = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1),
                Baseline = [],
                Milestones = [new Milestone("Go-live", DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6), DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6), false)],
            };
            await Projects.CreateAsync(project);
            var answers = new Dictionary<string, string>
            {
                [WellKnownQuestions.Overall] = nameof(Rag.Red),
                [WellKnownQuestions.PercentComplete] = "40",
                [WellKnownQuestions.ActualCost] = Math.Round(project.BudgetAtCompletion * 0.40m / 0.70m, 2).ToString(CultureInfo.InvariantCulture),
                [WellKnownQuestions.Summary] = "Vendor change requests are eating the budget.",
            };
            var period = ReviewPeriod.Of(DateTimeOffset.UtcNow, TimeZoneInfo.Utc);
            var outcome = await server.Services.GetRequiredService<ReviewHistory>().SubmitAsync(
                new ReviewSubmission(project, period, 1, ReviewAnswers.From(answers), pm.UserKey, pm.Name, Guid.NewGuid().ToString("N"), period.Monday),
                None);
            var record = Assert.IsType<SubmitOutcome.Recorded>(outcome).Record;
            foreach (var observer in server.Services.GetServices<IReviewEventsObserver>())
            {
                await observer.ReviewSubmittedAsync(project, record, None);
            }

            var episode = Assert.Single(await Store.ListOpenAsync(project.Code, None), e => e.RuleId == CpiLowRule.RuleId);
            Assert.Equal(WarningSeverity.Critical, episode.Severity);
            var key = $"{WarningAlerts.PostKey(project.Code, 1)}|channel";
            var sent = await server.Services.GetRequiredService<DeliveryStore>().WaitForSentAsync(key);
            Assert.NotNull(sent.SentActivityId);
            var post = Assert.Single(Connector.Sent, a => a.Method == "POST" && a.ConversationId == channelId && WarningsHarness.IsCardOf(a.Card, project.Code));
            Assert.Contains(TextsOf(post.Card), t => t.Contains(project.Code, StringComparison.Ordinal));
            return (episode, new Posted(sent.SentActivityId, post.Card!), channelId);
        }

        public Task<HttpResponseMessage> PostAsync(Activity activity) =>
            Client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json"));

        /// <summary>Waits for an in-place update (PUT) of the activity whose card satisfies <paramref name="match"/>.</summary>
        public async Task<JsonObject> WaitForPutAsync(string conversationId, string activityId, Func<JsonObject, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (true)
            {
                var put = Connector.Sent.FirstOrDefault(a => a.Method == "PUT" && a.ConversationId == conversationId && a.ActivityId == activityId && a.Card is { } c && match(c));
                if (put is not null)
                {
                    return put.Card!;
                }

                Assert.True(DateTime.UtcNow < deadline, $"no PUT of {activityId} in {conversationId}; sent: {string.Join(", ", Connector.Sent.Select(a => $"{a.Method} {a.ConversationId} {a.ActivityId}"))}");
                await Task.Delay(50);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await server.DisposeAsync();
            await Connector.DisposeAsync();
        }
    }
}
