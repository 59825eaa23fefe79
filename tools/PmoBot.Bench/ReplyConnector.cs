using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace PmoBot.Bench;

/// <summary>An activity the bot sent to a conversation: what a chat participant would read of it.</summary>
internal sealed record BotReply(string? ReplyToId, string? Text, string? Summary, int Attachments)
{
    /// <summary>For error messages: the summary of a card reply, otherwise the text, shortened.</summary>
    public string Describe()
    {
        var shown = Summary ?? Text ?? "(no text)";
        return Attachments > 0 ? $"card \"{Shorten(shown)}\"" : $"\"{Shorten(shown)}\"";
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";
}

/// <summary>
/// A local stand-in for the Bot Connector that accepts the bot's replies (any conversation, no limits) and keeps them
/// per conversation until the chat's participant takes them. The bot sends its replies inside the turn, so once a
/// POST to the bot has returned, its replies are here.
/// </summary>
internal sealed class ReplyConnector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<BotReply>> byConversation = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> connections = new(StringComparer.Ordinal);
    private long nextActivityId;
    private int unexpected;

    private ReplyConnector()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapPost("/v3/conversations/{conversationId}/activities", ReceiveAsync);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId}", ReceiveAsync);
        app.MapFallback(UnexpectedAsync);
    }

    public Uri ServiceUrl { get; private set; } = null!;

    /// <summary>Requests other than a new activity (an update, a delete, a member lookup): the workload should cause none.</summary>
    public int Unexpected => Volatile.Read(ref unexpected);

    /// <summary>How many TCP connections the bot opened to send its replies: one a reply means it pools none.</summary>
    public int Connections => connections.Count;

    public static async Task<ReplyConnector> StartAsync(CancellationToken cancellationToken)
    {
        var connector = new ReplyConnector();
        await connector.app.StartAsync(cancellationToken);
        connector.ServiceUrl = new Uri(connector.app.Urls.Single() + "/");
        return connector;
    }

    /// <summary>Everything the bot sent to the conversation since the last call, oldest first.</summary>
    public IReadOnlyList<BotReply> Take(string conversationId)
    {
        var replies = new List<BotReply>();
        if (byConversation.TryGetValue(conversationId, out var queue))
        {
            while (queue.TryDequeue(out var reply))
            {
                replies.Add(reply);
            }
        }

        return replies;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        connections.TryAdd(context.Connection.Id, true);
        var conversationId = Uri.UnescapeDataString((string)context.Request.RouteValues["conversationId"]!);
        var replyToId = context.Request.RouteValues["replyToId"] is string id ? Uri.UnescapeDataString(id) : null;
        using var activity = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = activity.RootElement;
        var reply = new BotReply(
            replyToId,
            StringOf(root, "text"),
            StringOf(root, "summary"),
            root.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array ? attachments.GetArrayLength() : 0);
        byConversation.GetOrAdd(conversationId, _ => new ConcurrentQueue<BotReply>()).Enqueue(reply);
        await context.Response.WriteAsJsonAsync(new { id = $"1:{Interlocked.Increment(ref nextActivityId)}" }, context.RequestAborted);
    }

    private async Task UnexpectedAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref unexpected) <= 5)
        {
            await Console.Error.WriteLineAsync($"reply connector: unexpected {context.Request.Method} {context.Request.Path}");
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private static string? StringOf(JsonElement activity, string name) =>
        activity.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
