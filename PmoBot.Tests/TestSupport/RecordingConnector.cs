using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PmoBot.Tests.TestSupport;

/// <summary>
/// A local stand-in for the Bot Connector service: the <c>serviceUrl</c> of test activities points here, and
/// everything the bot sends (replies, updates) is recorded.
/// </summary>
public sealed class RecordingConnector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<SentActivity> sent = new();
    private readonly ConcurrentDictionary<string, KnownTeam> teams = new(StringComparer.Ordinal);

    /// <summary>Teams' message ids in a personal chat are timestamps in milliseconds that grow with each message (read receipts compare them).</summary>
    private long lastMessageId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private RecordingConnector(WebApplication app) => this.app = app;

    /// <param name="Authorization">The Authorization header the bot sent (its own token, when it has an app id).</param>
    public sealed record SentActivity(string Method, string ConversationId, string? ActivityId, JsonObject Body, string? Authorization = null)
    {
        public string? Text => Body["text"]?.GetValue<string>();

        public JsonObject? Card => Body["attachments"]?.AsArray().FirstOrDefault()?["content"]?.AsObject();
    }

    public string ServiceUrl { get; private set; } = string.Empty;

    /// <summary>How many times the bot asked for a team's channel list.</summary>
    public int ChannelListRequests => channelListRequests;

    private int channelListRequests;

    private (int Status, string Body)? channelListAnswer;

    public IReadOnlyList<SentActivity> Sent => sent.ToList();

    public static async Task<RecordingConnector> StartAsync()
    {
        var app = LocalHttpServer.Create();
        var connector = new RecordingConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpRequest request) => connector.RecordAsync("POST", conversationId, null, request));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpRequest request) => connector.RecordAsync("POST", conversationId, activityId, request));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpRequest request) => connector.RecordAsync("PUT", conversationId, activityId, request));
        app.MapGet("/v3/teams/{teamId}/conversations", (string teamId) => connector.ChannelsOf(Uri.UnescapeDataString(teamId)));
        app.MapGet("/v3/teams/{teamId}", (string teamId) => connector.teams.TryGetValue(Uri.UnescapeDataString(teamId), out var team)
            ? Results.Json(new { id = team.Id, name = team.Name, aadGroupId = Guid.Empty })
            : Results.NotFound());
        app.MapFallback((HttpContext context) => Results.NotFound());
        connector.ServiceUrl = await LocalHttpServer.StartAsync(app);
        return connector;
    }

    /// <summary>Waits until the bot has sent at least <paramref name="count"/> activities to the conversation.</summary>
    public async Task<IReadOnlyList<SentActivity>> WaitForAsync(string conversationId, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var matching = Sent.Where(a => a.ConversationId == conversationId).ToList();
            if (matching.Count >= count || DateTime.UtcNow > deadline)
            {
                return matching;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Teams answers the team's channel list and details as given here (the General channel with no name, as Teams
    /// lists it); a team not known here is answered 404, as for a bot not installed in it.
    /// </summary>
    public void KnowTeam(string teamId, string teamName, params (string Id, string? Name)[] channels) =>
        teams[teamId] = new KnownTeam(teamId, teamName, channels);

    /// <summary>
    /// From now on every team's channel list is answered with <paramref name="status"/> and <paramref name="body"/>, as
    /// Teams answers a bot it will not tell (403, 404), one it throttles (429), a failure of its own (500), or at times
    /// a 200 without the list.
    /// </summary>
    public void AnswerChannelListWith(int status, string body) => channelListAnswer = (status, body);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private IResult ChannelsOf(string teamId)
    {
        Interlocked.Increment(ref channelListRequests);
        if (channelListAnswer is { } answer)
        {
            return Results.Text(answer.Body, "application/json", statusCode: answer.Status);
        }

        return teams.TryGetValue(teamId, out var team)
            ? Results.Json(new { conversations = team.Channels.Select(c => new { id = c.Id, name = c.Name }) })
            : Results.NotFound();
    }

    private async Task<IResult> RecordAsync(string method, string conversationId, string? activityId, HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        var authorization = request.Headers.Authorization.ToString();
        sent.Enqueue(new SentActivity(method, Uri.UnescapeDataString(conversationId), activityId, body, authorization.Length == 0 ? null : authorization));
        return Results.Json(new { id = Interlocked.Increment(ref lastMessageId).ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    private sealed record KnownTeam(string Id, string Name, IReadOnlyList<(string Id, string? Name)> Channels);
}
