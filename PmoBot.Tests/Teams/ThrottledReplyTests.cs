using System.Text;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Development.Events;
using PmoBot.People;
using PmoBot.Portfolio;
using PmoBot.Teams;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.Development;
using PmoBot.Tests.People;
using PmoBot.Tests.TestSupport;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace PmoBot.Tests.Teams;

/// <summary>
/// A turn's replies when Teams throttles them, over real HTTP: the real bot answers a message at a connector that
/// refuses as the test scripts it. A refused reply is sent again after the wait Teams asks for, and arrives once.
/// </summary>
public sealed class ThrottledReplyTests : IAsyncLifetime
{
    /// <summary>A Retry-After just past <see cref="TurnReplyRetryHandler.MaxTotalWait"/>: the outbox takes the reply and waits it out.</summary>
    private const string LongerThanTheTurnCanWait = "9";

    private readonly PmoBotServer server = new(new Dictionary<string, string?>
    {
        ["Delivery:QueueName"] = DeliveryHarness.FreshQueueName(),
        ["Delivery:DeadLetterQueueName"] = DeliveryHarness.FreshQueueName(),
        ["Delivery:IdlePollInterval"] = "00:00:00.050",
        ["TurnReplies:Timeout"] = "00:00:02",
    });
    private ScriptedConnector connector = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        connector = await ScriptedConnector.StartAsync();
        client = server.CreateHttpClient();
        await MessagesEndpointTests.WaitUntilHealthyAsync(client);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        await connector.DisposeAsync();
    }

    [Fact]
    public async Task A_reply_Teams_throttles_is_sent_again_after_its_Retry_After_and_arrives_once()
    {
        var (person, conversation) = await KnownPersonAsync();
        var before = connector.RequestsTo(conversation).Count;
        connector.Script(conversation, ScriptedAnswer.Throttled("1"));

        await SayAsync(person, "whoami");

        var requests = PostsSince(conversation, before);
        Assert.Equal([429, 201], requests.Select(r => r.Answer.Status));
        Assert.Equal(requests[0].Body.ToJsonString(), requests[1].Body.ToJsonString());
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(0.95), $"sent again after {(requests[1].At - requests[0].At).TotalMilliseconds:0} ms");
        Assert.True(IsWhoamiCard(requests[1], person), "the answer is not the whoami card");
    }

    [Fact]
    public async Task Gateway_failures_without_Retry_After_are_sent_again_with_backoff()
    {
        var (person, conversation) = await KnownPersonAsync();
        var before = connector.RequestsTo(conversation).Count;
        connector.Script(conversation, new ScriptedAnswer(503), new ScriptedAnswer(502));

        await SayAsync(person, "whoami");

        var requests = PostsSince(conversation, before);
        Assert.Equal([503, 502, 201], requests.Select(r => r.Answer.Status));
        Assert.True(IsWhoamiCard(requests[^1], person), "the answer is not the whoami card");
    }

    [Fact]
    public async Task A_refusal_that_is_not_transient_is_not_sent_again()
    {
        var (person, conversation) = await KnownPersonAsync();
        var before = connector.RequestsTo(conversation).Count;
        connector.Script(conversation, new ScriptedAnswer(403, Message: "The bot is not part of the conversation roster."));

        await SayAsync(person, "whoami");

        var requests = PostsSince(conversation, before);
        Assert.Equal([403, 201], requests.Select(r => r.Answer.Status));
        Assert.True(IsWhoamiCard(requests[0], person));
        Assert.Equal(PmoBotAdapter.FailureMessage, requests[1].Text);
    }

    [Fact]
    public async Task A_reply_Teams_answers_with_a_server_error_goes_to_the_outbox_and_arrives_once_without_an_apology()
    {
        // The twin of the 403 above: a 500 may not have posted the message, and the outbox retries it (a 403 it never would).
        var (person, conversation) = await KnownPersonAsync();
        var before = connector.RequestsTo(conversation).Count;
        connector.Script(conversation, new ScriptedAnswer(500, Message: "Internal server error"));

        var message = await SayAsync(person, "whoami");

        var requests = await PostsAsync(conversation, before, 2);
        await Task.Delay(500);
        requests = PostsSince(conversation, before);
        Assert.Equal([500, 201], requests.Select(r => r.Answer.Status));
        Assert.Equal(message.Id, requests[0].ActivityId);
        Assert.True(IsWhoamiCard(requests[1], person), "the outbox's post is not the whoami card");
        Assert.DoesNotContain(requests, r => r.Text == PmoBotAdapter.FailureMessage);
    }

    [Fact]
    public async Task A_reply_Teams_refuses_for_longer_than_the_turn_can_wait_goes_to_the_outbox_and_arrives_once()
    {
        var (person, conversation) = await KnownPersonAsync();
        var before = connector.RequestsTo(conversation).Count;
        connector.Script(conversation, ScriptedAnswer.Throttled(LongerThanTheTurnCanWait));
        var clock = Stopwatch.StartNew();

        var message = await SayAsync(person, "whoami");

        // The turn did not wait a minute, nor apologise: the answer was handed to the outbox, which posts it to the chat.
        Assert.True(clock.Elapsed < TurnReplyRetryHandler.MaxTotalWait, $"the turn took {clock.Elapsed.TotalSeconds:0.0} s");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (PostsSince(conversation, before).Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(500);
        var requests = PostsSince(conversation, before);
        Assert.Equal([429, 201], requests.Select(r => r.Answer.Status));
        Assert.Equal(message.Id, requests[0].ActivityId);
        Assert.True(IsWhoamiCard(requests[1], person), "the outbox's post is not the whoami card");

        // The outbox's first attempt waited out the Retry-After the turn was given, rather than be refused again.
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(8.9), $"the outbox sent {(requests[1].At - requests[0].At).TotalSeconds:0.0} s after the 429");
        Assert.DoesNotContain(requests, r => r.Text == PmoBotAdapter.FailureMessage);

        // Teams delivering the same message again answers nothing twice.
        await PostAsync(message);
        await Task.Delay(500);
        Assert.Equal(2, PostsSince(conversation, before).Count);
    }

    [Fact]
    public async Task A_reply_the_gateway_keeps_refusing_without_Retry_After_goes_to_the_outbox_which_sends_it_without_a_pause()
    {
        var (person, conversation) = await KnownPersonAsync();
        var before = connector.RequestsTo(conversation).Count;
        connector.Script(conversation, Enumerable.Repeat(new ScriptedAnswer(503), TurnReplyRetryHandler.MaxAttempts).ToArray());

        await SayAsync(person, "whoami");

        // No Retry-After, so no pause: the outbox's first attempt follows within its own first retry delay.
        var requests = await PostsAsync(conversation, before, TurnReplyRetryHandler.MaxAttempts + 1);
        Assert.Equal([.. Enumerable.Repeat(503, TurnReplyRetryHandler.MaxAttempts), 201], requests.Select(r => r.Answer.Status));
        Assert.True(requests[^1].At - requests[^2].At < TimeSpan.FromSeconds(3), $"the outbox sent {(requests[^1].At - requests[^2].At).TotalSeconds:0.0} s after the last 503");
        Assert.True(IsWhoamiCard(requests[^1], person), "the outbox's post is not the whoami card");
    }

    [Fact]
    public async Task A_card_update_Teams_refuses_for_longer_than_the_turn_can_wait_is_queued_and_edits_the_same_card()
    {
        var (person, conversation) = await KnownPersonAsync();
        var pressed = connector.RequestsTo(conversation).Last(r => r.Answer.IsSuccess).SentActivityId!;
        var before = connector.RequestsTo(conversation).Count;
        connector.Script(conversation, ScriptedAnswer.Throttled(LongerThanTheTurnCanWait));
        var clock = Stopwatch.StartNew();

        // An Action.Submit button (clients without Action.Execute): its answer replaces the card it was pressed on.
        var press = TeamsActivities.CardSubmit(person, new Newtonsoft.Json.Linq.JObject { ["verb"] = StatusCard.RefreshVerb, [StatusCard.CodeField] = "PRJ-404" }, pressed, connector.ServiceUrl);
        press.Conversation.Id = conversation;
        await PostAsync(press);

        Assert.True(clock.Elapsed < TurnReplyRetryHandler.MaxTotalWait, $"the turn took {clock.Elapsed.TotalSeconds:0.0} s");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!connector.RequestsTo(conversation).Skip(before).Any(r => r.Answer.IsSuccess) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(500);
        var requests = connector.RequestsTo(conversation).Skip(before).ToList();
        Assert.Equal([("PUT", 429), ("PUT", 201)], requests.Select(r => (r.Method, r.Answer.Status)));
        Assert.All(requests, r => Assert.Equal(pressed, r.ActivityId));
        Assert.Contains("PRJ-404", requests[1].Body["attachments"]?[0]?["content"]?.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(requests, r => r.Text == PmoBotAdapter.FailureMessage);
    }

    [Fact]
    public async Task A_file_offer_Teams_refuses_for_longer_than_the_turn_can_wait_becomes_a_queued_note_saying_what_to_type_again()
    {
        var person = TestPerson.New("Robin");
        // An administrator, not a PMO member: every test server shares one storage account, and the warnings other tests
        // raise go to every PMO member's chat, this one's too, where one could take the scripted 429 or count as a post.
        await (await PeopleHarness.CreateAsync()).PersonAsync(person, Role.Admin);
        var conversation = (await SayAsync(person, "whoami")).Conversation.Id;
        var id = "EV-T" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var now = DateTimeOffset.UtcNow;
        Assert.True(await server.Services.GetRequiredService<EventStore>().AddAsync(DevelopmentHarness.Sample(id, now.AddDays(10), 5, now.AddDays(9), now), CancellationToken.None));
        var before = await QuietAsync(conversation);

        // Twin: unthrottled, the export is Teams' file consent card.
        await SayAsync(person, $"event export {id}");
        var offered = await PostsAsync(conversation, before, 1);
        Assert.Equal("application/vnd.microsoft.teams.card.file.consent", offered[0].Body["attachments"]?[0]?["contentType"]?.GetValue<string>());

        // Anything else still on its way to this chat arrives before the throttle is scripted, so the 429 is the file offer's.
        before = await QuietAsync(conversation);
        connector.Script(conversation, ScriptedAnswer.Throttled(LongerThanTheTurnCanWait));
        await SayAsync(person, $"event export {id}");

        var requests = await PostsAsync(conversation, before, 2);
        Assert.True(requests.Select(r => r.Answer.Status).SequenceEqual([429, 201]), string.Join("; ", requests.Select(r => $"{r.Answer.Status}: {r.Text ?? r.Body["attachments"]?[0]?["contentType"]?.ToString()}")));
        Assert.Equal($"Teams was too busy to offer you the file {EventCsv.FileName(DevelopmentHarness.Sample(id, now.AddDays(10), 5, now.AddDays(9), now))} just now. Type **event export {id}** again to get it.", requests[1].Text);
        Assert.DoesNotContain(requests, r => r.Text == PmoBotAdapter.FailureMessage);
    }

    [Fact]
    public async Task A_reply_the_connector_never_answers_is_given_up_on_within_the_limit_and_the_outbox_sends_it_once()
    {
        var (person, conversation) = await KnownPersonAsync();

        // Twin: answered, the reply goes straight back as the answer to the message.
        var before = connector.RequestsTo(conversation).Count;
        var answered = await SayAsync(person, "whoami");
        var direct = await PostsAsync(conversation, before, 1);
        Assert.Equal([(201, answered.Id)], direct.Select(r => (r.Answer.Status, r.ActivityId)));

        before = connector.RequestsTo(conversation).Count;
        connector.Script(conversation, ScriptedAnswer.NoAnswer);
        var message = TeamsActivities.PersonalMessage(person, "whoami", connector.ServiceUrl);
        var clock = Stopwatch.StartNew();
        var first = PostAsync(message);
        await Task.Delay(300);

        // Teams sends the message again while the first delivery waits: that copy is a duplicate, answered at once.
        await PostAsync(message);
        await first;

        // The turn stopped waiting after TurnReplies:Timeout (2 s here), not HttpClient's 100 s, and did not apologise.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"the turn took {clock.Elapsed.TotalSeconds:0.0} s");
        var requests = await PostsAsync(conversation, before, 2);
        Assert.Equal([0, 201], requests.Select(r => r.Answer.Status));
        Assert.True(IsWhoamiCard(requests[1], person), "the outbox's post is not the whoami card");
        Assert.DoesNotContain(requests, r => r.Text == PmoBotAdapter.FailureMessage);
    }

    [Fact]
    public async Task A_reply_whose_connection_Teams_drops_goes_to_the_outbox_and_arrives_once_without_an_apology()
    {
        var (person, conversation) = await KnownPersonAsync();

        // Twin: with the connection kept, the reply goes straight back as the answer to the message.
        var before = connector.RequestsTo(conversation).Count;
        var answered = await SayAsync(person, "whoami");
        Assert.Equal([(201, answered.Id)], (await PostsAsync(conversation, before, 1)).Select(r => (r.Answer.Status, r.ActivityId)));

        before = connector.RequestsTo(conversation).Count;
        connector.Script(conversation, ScriptedAnswer.Dropped);
        var dropped = await SayAsync(person, "whoami");

        // The turn's own post was dropped; the outbox posted the same card, once, as a new message.
        var requests = await PostsAsync(conversation, before, 2);
        Assert.Equal([0, 201], requests.Select(r => r.Answer.Status));
        Assert.Equal(dropped.Id, requests[0].ActivityId);
        Assert.True(IsWhoamiCard(requests[1], person), "the outbox's post is not the whoami card");
        Assert.DoesNotContain(requests, r => r.Text == PmoBotAdapter.FailureMessage);
        Assert.Equal(2, await QuietAsync(conversation) - before);
    }

    [Fact]
    public async Task A_file_consent_answer_whose_note_the_connector_never_answers_is_answered_within_Teams_five_seconds_and_the_note_comes_from_the_outbox()
    {
        var (person, conversation) = await KnownPersonAsync();

        // Twin: answered, the note is posted by the invoke's turn itself.
        var before = connector.RequestsTo(conversation).Count;
        await DeclineAsync(person, conversation);
        var direct = await PostsAsync(conversation, before, 1);
        Assert.Equal([201], direct.Select(r => r.Answer.Status));
        Assert.StartsWith("OK, I did not send the file", direct[0].Text, StringComparison.Ordinal);

        before = connector.RequestsTo(conversation).Count;
        connector.Script(conversation, ScriptedAnswer.NoAnswer);
        var clock = Stopwatch.StartNew();
        await DeclineAsync(person, conversation);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4.5), $"the invoke was answered after {clock.Elapsed.TotalSeconds:0.0} s");
        var requests = await PostsAsync(conversation, before, 2);
        Assert.Equal([0, 201], requests.Select(r => r.Answer.Status));
        Assert.StartsWith("OK, I did not send the file", requests[1].Text, StringComparison.Ordinal);
    }

    private async Task DeclineAsync(TestPerson person, string conversation)
    {
        var decline = TeamsActivities.ExtensionInvoke(person, "fileConsent/invoke", new Newtonsoft.Json.Linq.JObject { ["type"] = "fileUpload", ["action"] = "decline", ["context"] = new Newtonsoft.Json.Linq.JObject() }, connector.ServiceUrl);
        decline.Conversation.Id = conversation;
        await PostAsync(decline);
    }

    /// <summary>The POSTs to the chat since <paramref name="before"/>, once there are <paramref name="count"/> (and a moment for any more).</summary>
    private async Task<List<ScriptedConnector.Request>> PostsAsync(string conversation, int before, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (PostsSince(conversation, before).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(500);
        return PostsSince(conversation, before);
    }

    /// <summary>Waits until nothing has reached the chat for a second (at most 20 s); returns how many requests it has had.</summary>
    private async Task<int> QuietAsync(string conversation)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var count = connector.RequestsTo(conversation).Count;
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow - since < TimeSpan.FromSeconds(1) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            if (connector.RequestsTo(conversation).Count is var now && now != count)
            {
                (count, since) = (now, DateTime.UtcNow);
            }
        }

        return count;
    }

    private static bool IsWhoamiCard(ScriptedConnector.Request request, TestPerson person) =>
        request.Body["attachments"]?[0]?["content"]?.ToJsonString().Contains(person.Name, StringComparison.Ordinal) == true;

    private List<ScriptedConnector.Request> PostsSince(string conversation, int before) =>
        connector.RequestsTo(conversation).Skip(before).Where(r => r.Method == "POST").ToList();

    /// <summary>Someone who has used PmoBot before (so the answer is the turn's only reply), and their chat's id.</summary>
    private async Task<(TestPerson Person, string Conversation)> KnownPersonAsync()
    {
        var person = TestPerson.New("Robin");
        var first = await SayAsync(person, "whoami");
        var conversation = first.Conversation.Id;
        Assert.Contains(connector.RequestsTo(conversation), r => r.Answer.Status == 201);
        return (person, conversation);
    }

    private async Task<Activity> SayAsync(TestPerson person, string text)
    {
        var activity = TeamsActivities.PersonalMessage(person, text, connector.ServiceUrl);
        await PostAsync(activity);
        return activity;
    }

    private async Task PostAsync(Activity activity)
    {
        using var content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode}");
    }
}
