using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Delivery;

/// <summary>
/// What the stand-in answers to one request: a status, and optionally a Retry-After header and an error message; or,
/// with <paramref name="Hangs"/>, no answer at all (the request is taken and held until the caller gives up); with
/// <paramref name="Drops"/>, the connection dropped without an answer.
/// </summary>
public sealed record ScriptedAnswer(int Status, string? RetryAfter = null, string? Message = null, bool Hangs = false, bool Drops = false)
{
    public static readonly ScriptedAnswer Created = new(201);

    /// <summary>Takes the request and never answers it, as a connector that hangs; recorded with status 0.</summary>
    public static readonly ScriptedAnswer NoAnswer = new(0, Hangs: true);

    /// <summary>Takes the request and drops the connection without an answer, as a gateway that resets it; recorded with status 0.</summary>
    public static readonly ScriptedAnswer Dropped = new(0, Drops: true);

    public bool IsSuccess => Status is >= 200 and < 300;

    public static ScriptedAnswer Throttled(string? retryAfter) => new(429, retryAfter, "Too many requests");
}

/// <summary>
/// A local Bot Connector that answers each conversation as the test scripts it (429 with Retry-After, 403, 503, ...)
/// and records every request with the moment it arrived. Unscripted requests are answered 201 with a fresh id.
/// </summary>
public sealed class ScriptedConnector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Request> requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedAnswer>> scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ScriptedAnswer> standing = new(StringComparer.Ordinal);

    private ScriptedConnector(WebApplication app) => this.app = app;

    /// <param name="ActivityId">The activity in the URL: the one updated (PUT) or replied to (POST).</param>
    /// <param name="At">When the request arrived, measured from the start of the connector.</param>
    public sealed record Request(string Method, string ConversationId, string? ActivityId, TimeSpan At, ScriptedAnswer Answer, string? SentActivityId, JsonObject Body)
    {
        public string? Text => Body["text"]?.GetValue<string>();
    }

    public string ServiceUrl { get; private set; } = string.Empty;

    public IReadOnlyList<Request> Requests => requests.ToList();

    /// <summary>Now, on the clock of <see cref="Request.At"/>.</summary>
    public TimeSpan Now => clock.Elapsed;

    /// <summary>Called with each request to a conversation once it is answered, before the answer leaves.</summary>
    public Action<Request>? OnAnswer { get; set; }

    /// <summary>
    /// Awaited with each request's method and body before the connector sees it, as a slow network would hold it: a
    /// request held here reaches Teams (and is recorded) only when the task ends.
    /// </summary>
    public Func<string, JsonObject, Task>? OnTheWay { get; set; }

    public static async Task<ScriptedConnector> StartAsync()
    {
        var app = LocalHttpServer.Create();
        var connector = new ScriptedConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpContext context) => connector.AnswerAsync("POST", conversationId, null, context));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpContext context) => connector.AnswerAsync("POST", conversationId, activityId, context));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpContext context) => connector.AnswerAsync("PUT", conversationId, activityId, context));
        app.MapPost("/v3/conversations", (HttpRequest request) => connector.CreateConversationAsync(request));
        app.MapFallback((HttpContext context) => Results.NotFound());
        connector.ServiceUrl = await LocalHttpServer.StartAsync(app);
        return connector;
    }

    /// <summary>The next requests to <paramref name="conversationId"/> get these answers in order; later ones get 201.</summary>
    public void Script(string conversationId, params ScriptedAnswer[] answers)
    {
        var queue = scripts.GetOrAdd(conversationId, _ => new ConcurrentQueue<ScriptedAnswer>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    /// <summary>Every request to <paramref name="conversationId"/> gets <paramref name="answer"/>.</summary>
    public void AlwaysAnswer(string conversationId, ScriptedAnswer answer) => standing[conversationId] = answer;

    public IReadOnlyList<Request> RequestsTo(string conversationId) => Requests.Where(r => r.ConversationId == conversationId).ToList();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<IResult> AnswerAsync(string method, string conversationId, string? activityId, HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        if (OnTheWay is { } onTheWay)
        {
            await onTheWay(method, body);
        }

        var at = clock.Elapsed;
        conversationId = Uri.UnescapeDataString(conversationId);
        var answer = NextAnswer(conversationId);
        var sentId = !answer.IsSuccess ? null : method == "PUT" ? activityId : $"sent-{Guid.NewGuid():N}";
        var request = new Request(method, conversationId, activityId, at, answer, sentId, body);
        requests.Enqueue(request);
        if (answer.Hangs)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Empty;
        }

        if (answer.Drops)
        {
            context.Abort();
            return Results.Empty;
        }

        OnAnswer?.Invoke(request);
        if (answer.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        }

        return answer.IsSuccess
            ? Results.Json(new { id = sentId }, statusCode: answer.Status)
            : Results.Json(new { error = new { code = $"Status{answer.Status}", message = answer.Message ?? $"scripted {answer.Status}" } }, statusCode: answer.Status);
    }

    /// <summary>Opens a personal chat (recorded as method <c>CREATE</c>); the new conversation's id is returned.</summary>
    private async Task<IResult> CreateConversationAsync(HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        var conversationId = $"a:created-{Guid.NewGuid():N}";
        requests.Enqueue(new Request("CREATE", conversationId, null, clock.Elapsed, ScriptedAnswer.Created, null, body));
        return Results.Json(new { id = conversationId }, statusCode: 201);
    }

    private ScriptedAnswer NextAnswer(string conversationId)
    {
        if (standing.TryGetValue(conversationId, out var always))
        {
            return always;
        }

        return scripts.TryGetValue(conversationId, out var queue) && queue.TryDequeue(out var next) ? next : ScriptedAnswer.Created;
    }
}
