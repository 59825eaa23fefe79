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

    public IReadOnlyList<SentActivity> Sent => sent.ToList();

    public static async Task<RecordingConnector> StartAsync()
    {
        var app = LocalHttpServer.Create();
        var connector = new RecordingConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpRequest request) => connector.RecordAsync("POST", conversationId, null, request));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpRequest request) => connector.RecordAsync("POST", conversationId, activityId, request));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpRequest request) => connector.RecordAsync("PUT", conversationId, activityId, request));
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

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<IResult> RecordAsync(string method, string conversationId, string? activityId, HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        var authorization = request.Headers.Authorization.ToString();
        sent.Enqueue(new SentActivity(method, Uri.UnescapeDataString(conversationId), activityId, body, authorization.Length == 0 ? null : authorization));
        return Results.Json(new { id = Interlocked.Increment(ref lastMessageId).ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }
}
