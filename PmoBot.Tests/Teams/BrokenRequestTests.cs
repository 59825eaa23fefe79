using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Newtonsoft.Json.Linq;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Teams;

/// <summary>
/// Broken requests over real HTTP: activities with parts missing and bodies that are not activities are the
/// client's mistake, answered 4xx with the reason before any turn runs, never a 500 or an error in the log.
/// </summary>
public sealed class BrokenRequestTests(BrokenRequestTests.Bot fixture) : IClassFixture<BrokenRequestTests.Bot>
{
    private RecordingConnector Connector => fixture.Connector;

    public static TheoryData<string, string> MissingParts() => new()
    {
        { "serviceUrl", "serviceUrl" },
        { "from", "from.id" },
        { "recipient", "recipient.id" },
        { "conversation", "conversation.id" },
        { "channelId", "channelId" },
        { "type", "type" },
    };

    [Theory]
    [MemberData(nameof(MissingParts))]
    public async Task A_message_without_a_part_every_turn_needs_is_400_naming_it_and_runs_no_turn(string part, string named)
    {
        var activity = TeamsActivities.PersonalMessage(TestPerson.New(), "whoami", Connector.ServiceUrl);
        var json = JObject.Parse(TeamsActivities.ToJson(activity));
        json.Remove(part);

        var response = await PostAsync(json.ToString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await DetailAsync(response), StringComparison.Ordinal);
        await AssertNoTurnRanAsync(activity.Conversation.Id);
    }

    [Fact]
    public async Task The_same_message_with_every_part_is_answered()
    {
        var activity = TeamsActivities.PersonalMessage(TestPerson.New(), "whoami", Connector.ServiceUrl);

        var response = await PostAsync(TeamsActivities.ToJson(activity));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await Connector.WaitForAsync(activity.Conversation.Id, 1));
    }

    [Fact]
    public async Task An_invoke_without_a_service_url_is_400_too()
    {
        var activity = TeamsActivities.CardExecute(TestPerson.New(), "unknownVerb", [], Connector.ServiceUrl);
        activity.ServiceUrl = null;

        var response = await PostAsync(TeamsActivities.ToJson(activity));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("serviceUrl", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Empty(fixture.Errors);
    }

    [Theory]
    [InlineData("task/fetch")]
    [InlineData("composeExtension/selectItem")]
    [InlineData("signin/verifyState")]
    [InlineData("config/fetch")]
    [InlineData("made/up")]
    public async Task An_invoke_pmobot_does_not_offer_is_400_naming_it_and_logged_once_as_a_warning(string name)
    {
        var activity = TeamsActivities.ExtensionInvoke(TestPerson.New(), name, [], Connector.ServiceUrl);

        var response = await PostAsync(TeamsActivities.ToJson(activity));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"does not handle the invoke '{name}'", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Empty(fixture.Errors);
        var logged = Assert.Single(fixture.Logged, r => r.Message.Contains(name, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Null(logged.Exception);
    }

    [Theory]
    [InlineData("send")]
    [InlineData("edit")]
    public async Task A_preview_pmobot_never_showed_is_answered_that_nothing_was_posted(string previewAction)
    {
        var activity = TeamsActivities.ExtensionInvoke(TestPerson.New(), "composeExtension/submitAction", new JObject
        {
            ["commandId"] = "logRisk",
            ["botMessagePreviewAction"] = previewAction,
            ["botActivityPreview"] = new JArray(new JObject()),
        }, Connector.ServiceUrl);

        var response = await PostAsync(TeamsActivities.ToJson(activity));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["task"]?["value"];
        Assert.StartsWith("PmoBot did not show a preview here", answer, StringComparison.Ordinal);
        Assert.Empty(fixture.Errors);
        await AssertNoTurnRanAsync(activity.Conversation.Id);
    }

    [Theory]
    [InlineData(null, "said nothing")]
    [InlineData("maybe", "said 'maybe'")]
    public async Task A_file_consent_answer_that_is_neither_accept_nor_decline_is_400_saying_so(string? action, string said)
    {
        var value = action is null ? new JObject() : new JObject { ["action"] = action };
        var activity = TeamsActivities.ExtensionInvoke(TestPerson.New(), "fileConsent/invoke", value, Connector.ServiceUrl);

        var response = await PostAsync(TeamsActivities.ToJson(activity));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"A file consent answer says accept or decline; this one {said}, so no file was sent.", await DetailAsync(response));
        Assert.Empty(fixture.Errors);
    }

    [Fact]
    public async Task An_invoke_pmobot_offers_is_answered_in_the_same_set_up()
    {
        var activity = MessagingExtensionHarness.Query(TestPerson.New(), "anything");
        activity.ServiceUrl = Connector.ServiceUrl;

        var response = await PostAsync(TeamsActivities.ToJson(activity));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())?["composeExtension"]);
        Assert.Empty(fixture.Errors);
    }

    [Fact]
    public async Task A_message_with_only_an_attachment_and_no_text_is_not_refused()
    {
        var activity = TeamsActivities.PersonalMessage(TestPerson.New(), "ignored", Connector.ServiceUrl);
        activity.Text = null;
        activity.Attachments = [new Attachment("image/png", "https://example.com/picture.png", name: "picture.png")];

        var response = await PostAsync(TeamsActivities.ToJson(activity));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(fixture.Errors);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative/path")]
    public async Task A_service_url_that_is_not_an_http_url_is_400(string serviceUrl)
    {
        var activity = TeamsActivities.PersonalMessage(TestPerson.New(), "whoami", Connector.ServiceUrl);
        activity.ServiceUrl = serviceUrl;

        var response = await PostAsync(TeamsActivities.ToJson(activity));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("serviceUrl", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Empty(fixture.Errors);
    }

    [Theory]
    [InlineData("{ \"type\": \"message\", ", "not valid JSON")]
    [InlineData("[1, 2, 3]", "not an activity")]
    [InlineData("null", "not an activity")]
    [InlineData("\"message\"", "not an activity")]
    [InlineData("{ \"type\": \"message\", \"from\": \"someone\" }", "'from'")]
    public async Task A_body_that_is_not_an_activity_is_400_with_the_reason(string body, string reason)
    {
        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await DetailAsync(response), StringComparison.Ordinal);
        Assert.Empty(fixture.Errors);
    }

    [Fact]
    public async Task Json_nested_deeper_than_the_sdk_reads_is_400()
    {
        var response = await PostAsync($"{{\"type\":\"message\",\"value\":{new string('[', 5000)}{new string(']', 5000)}}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nested deeper than 128 levels", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Empty(fixture.Errors);
    }

    [Fact]
    public async Task An_empty_body_is_400()
    {
        var response = await PostAsync(string.Empty);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no body", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_by_content_type_is_415(string contentType)
    {
        var activity = TeamsActivities.PersonalMessage(TestPerson.New(), "whoami", Connector.ServiceUrl);
        using var content = new StringContent(TeamsActivities.ToJson(activity), Encoding.UTF8, contentType);

        var response = await fixture.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertNoTurnRanAsync(activity.Conversation.Id);
    }

    [Fact]
    public async Task A_body_in_another_character_set_is_415_and_the_same_activity_in_utf8_is_answered()
    {
        var refused = TeamsActivities.PersonalMessage(TestPerson.New(), "whoami", Connector.ServiceUrl);
        using var utf16 = new StringContent(TeamsActivities.ToJson(refused), Encoding.Unicode, "application/json");

        var response = await fixture.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), utf16);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("must be UTF-8 JSON; its charset is 'utf-16'", await DetailAsync(response), StringComparison.Ordinal);
        await AssertNoTurnRanAsync(refused.Conversation.Id);

        var accepted = TeamsActivities.PersonalMessage(TestPerson.New(), "whoami", Connector.ServiceUrl);
        using var utf8 = new StringContent(TeamsActivities.ToJson(accepted), Encoding.UTF8, "application/json");

        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), utf8)).StatusCode);
        Assert.NotEmpty(await Connector.WaitForAsync(accepted.Conversation.Id, 1));
    }

    [Fact]
    public async Task A_compressed_body_is_415_and_an_uncompressed_one_marked_identity_is_answered()
    {
        var refused = TeamsActivities.PersonalMessage(TestPerson.New(), "whoami", Connector.ServiceUrl);
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(TeamsActivities.ToJson(refused)));
        }

        var response = await PostEncodedAsync(compressed.ToArray(), "gzip");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("must not be compressed; its Content-Encoding is 'gzip'", await DetailAsync(response), StringComparison.Ordinal);
        await AssertNoTurnRanAsync(refused.Conversation.Id);

        var accepted = TeamsActivities.PersonalMessage(TestPerson.New(), "whoami", Connector.ServiceUrl);

        Assert.Equal(HttpStatusCode.OK, (await PostEncodedAsync(Encoding.UTF8.GetBytes(TeamsActivities.ToJson(accepted)), "identity")).StatusCode);
        Assert.NotEmpty(await Connector.WaitForAsync(accepted.Conversation.Id, 1));
    }

    private async Task<HttpResponseMessage> PostEncodedAsync(byte[] body, string contentEncoding)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(contentEncoding);
        return await fixture.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }

    [Fact]
    public async Task A_body_larger_than_the_limit_is_413()
    {
        var response = await PostAsync(HugeActivity());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(fixture.Errors);
    }

    [Fact]
    public async Task A_body_larger_than_the_limit_sent_without_a_length_is_413()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(HugeActivity())));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(fixture.Errors);
    }

    [Fact]
    public async Task A_client_that_hangs_up_half_way_through_its_body_writes_no_error()
    {
        var address = fixture.Client.BaseAddress!;
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(address.Host, address.Port);
            var stream = socket.GetStream();
            var head = $"POST /api/messages HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{{\"type\":\"mess";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.FlushAsync();
            await Task.Delay(100);
            socket.Client.LingerState = new LingerOption(enable: true, seconds: 0);
        }

        await Task.Delay(500);
        Assert.Empty(fixture.Errors);
    }

    private static string HugeActivity() => $"{{\"type\":\"message\",\"text\":\"{new string('x', 2 * 1024 * 1024)}\"}}";

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["detail"] ?? string.Empty;

    private async Task<HttpResponseMessage> PostAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await fixture.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }

    /// <summary>No reply and no apology reached the conversation, and the turn error handler logged nothing.</summary>
    private async Task AssertNoTurnRanAsync(string conversationId)
    {
        await Task.Delay(200);
        Assert.DoesNotContain(Connector.Sent, a => a.ConversationId == conversationId);
        Assert.Empty(fixture.Errors);
    }

    /// <summary>The bot as the playground runs it (Development, no app id), its log captured.</summary>
    public class Bot : IAsyncLifetime
    {
        private PmoBotServer server = null!;

        public RecordingConnector Connector { get; private set; } = null!;

        public HttpClient Client { get; private set; } = null!;

        public IReadOnlyList<FakeLogRecord> Logged => server.Services.GetRequiredService<FakeLogCollector>().GetSnapshot();

        public IReadOnlyList<FakeLogRecord> Errors =>
            [.. server.Services.GetRequiredService<FakeLogCollector>().GetSnapshot().Where(r => r.Level >= LogLevel.Error)];

        /// <summary>Configuration a test class adds to the bot's.</summary>
        protected virtual IReadOnlyDictionary<string, string?> MoreSettings { get; } = new Dictionary<string, string?>();

        public async Task InitializeAsync()
        {
            Connector = await RecordingConnector.StartAsync();
            // No outbox senders: the queue is shared by every test server, and delivering other tests' messages would log their failures here.
            var settings = new Dictionary<string, string?> { ["Delivery:SendersEnabled"] = "false" };
            foreach (var (key, value) in MoreSettings)
            {
                settings[key] = value;
            }

            server = new PmoBotServer(settings, replaceServices: services => services.AddFakeLogging());
            Client = server.CreateHttpClient();
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await server.DisposeAsync();
            await Connector.DisposeAsync();
        }
    }
}
