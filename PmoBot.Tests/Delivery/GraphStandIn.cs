using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure.Core;
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
/// A local stand-in for Microsoft Graph's <c>POST /users/{id}/teamwork/installedApps</c>: answers as scripted
/// (201 when nothing is scripted) and records each request with its Authorization header and body.
/// </summary>
public sealed class GraphStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ScriptedAnswer> script = new();
    private readonly ConcurrentQueue<Install> installs = new();

    private GraphStandIn(WebApplication app) => this.app = app;

    /// <param name="RetryAttempt">The Graph SDK retry handler's <c>Retry-Attempt</c> header: empty on a first request.</param>
    public sealed record Install(string UserId, string? Authorization, string? RetryAttempt, DateTimeOffset At, JsonObject Body);

    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<Install> Installs => installs.ToList();

    public static async Task<GraphStandIn> StartAsync()
    {
        var app = LocalHttpServer.Create();
        var graph = new GraphStandIn(app);
        app.MapPost("/v1.0/users/{userId}/teamwork/installedApps", (string userId, HttpContext context) => graph.InstallAsync(userId, context));
        graph.BaseUrl = await LocalHttpServer.StartAsync(app) + "v1.0/";
        return graph;
    }

    public void Script(params ScriptedAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            script.Enqueue(answer);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<IResult> InstallAsync(string userId, HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        installs.Enqueue(new Install(userId, context.Request.Headers.Authorization.ToString(), context.Request.Headers["Retry-Attempt"].ToString(), DateTimeOffset.UtcNow, body));
        var answer = script.TryDequeue(out var next) ? next : ScriptedAnswer.Created;
        if (answer.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        }

        return answer.IsSuccess
            ? Results.Json(new { id = Guid.NewGuid().ToString() }, statusCode: answer.Status)
            : Results.Json(new { error = new { code = $"Status{answer.Status}", message = answer.Message ?? "scripted" } }, statusCode: answer.Status);
    }
}

/// <summary>Entra ID is the one edge these tests cannot run: a credential that hands out a fixed token.</summary>
public sealed class FixedTokenCredential(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
