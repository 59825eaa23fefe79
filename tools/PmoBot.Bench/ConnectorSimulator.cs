using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace PmoBot.Bench;

/// <summary>
/// A local stand-in for the Bot Connector that the real bot sends to (the conversation references' service URL
/// points here). It enforces Teams' limits on its own (<see cref="ConnectorLimits"/>), answers 429 with
/// Retry-After when they are exceeded and 503 to a seeded random share of requests, and records every activity it
/// accepts. Throttled and failed requests are not deliveries and do not count against the limits.
/// </summary>
internal sealed class ConnectorSimulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConnectorLimits limits;
    private readonly Random random;
    private readonly double failShare;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private int throttled;
    private int unavailable;
    private int unexpected;
    private int conversationViolations;
    private long nextActivityId;

    private ConnectorSimulator(int globalPerSecond, double failShare, int seed)
    {
        limits = new ConnectorLimits(globalPerSecond);
        random = new Random(seed);
        this.failShare = failShare;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapPost("/v3/conversations/{conversationId}/activities", ReceiveAsync);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId}", ReceiveAsync);
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", ReceiveAsync);
        app.MapFallback(UnexpectedAsync);
    }

    public DeliveryLedger Ledger { get; } = new();

    public Uri ServiceUrl { get; private set; } = null!;

    public int Throttled => Volatile.Read(ref throttled);

    public int Unavailable => Volatile.Read(ref unavailable);

    /// <summary>Requests refused because they would have broken their conversation's own limits (not the app's).</summary>
    public int ConversationViolations => Volatile.Read(ref conversationViolations);

    public int Unexpected => Volatile.Read(ref unexpected);

    public static async Task<ConnectorSimulator> StartAsync(int globalPerSecond, double failShare, int seed, CancellationToken cancellationToken)
    {
        var simulator = new ConnectorSimulator(globalPerSecond, failShare, seed);
        await simulator.app.StartAsync(cancellationToken);
        simulator.ServiceUrl = new Uri(simulator.app.Urls.Single() + "/");
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var conversationId = (string)context.Request.RouteValues["conversationId"]!;
        var text = await TextOfAsync(context.Request, context.RequestAborted);
        var token = DeliveryToken.Find(text);
        TimeSpan retryAfter;
        bool fail;
        string activityId;
        lock (gate)
        {
            var now = clock.Elapsed;
            retryAfter = limits.WaitFor(conversationId, now);
            if (limits.BreaksConversationLimit(conversationId, now))
            {
                conversationViolations++;
            }

            fail = retryAfter == TimeSpan.Zero && random.NextDouble() < failShare;
            if (retryAfter > TimeSpan.Zero || fail)
            {
                activityId = string.Empty;
            }
            else
            {
                limits.Record(conversationId, now);
                activityId = $"1:{++nextActivityId}";
                Ledger.Record(new AcceptedActivity(conversationId, text, token, now));
            }
        }

        if (retryAfter > TimeSpan.Zero)
        {
            Interlocked.Increment(ref throttled);
            context.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await ErrorAsync(context.Response, StatusCodes.Status429TooManyRequests, "Throttled", $"Too many requests to {conversationId} or to this app; retry after the Retry-After.");
        }
        else if (fail)
        {
            Interlocked.Increment(ref unavailable);
            await ErrorAsync(context.Response, StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "The service is temporarily unavailable (simulated).");
        }
        else
        {
            context.Response.StatusCode = context.Request.Method == HttpMethods.Put ? StatusCodes.Status200OK : StatusCodes.Status201Created;
            await context.Response.WriteAsJsonAsync(new { id = activityId }, context.RequestAborted);
        }
    }

    private async Task UnexpectedAsync(HttpContext context)
    {
        // The bot should only ever post or update activities; anything else means the benchmark measures the wrong path.
        if (Interlocked.Increment(ref unexpected) <= 5)
        {
            await Console.Error.WriteLineAsync($"connector simulator: unexpected {context.Request.Method} {context.Request.Path}");
        }

        await ErrorAsync(context.Response, StatusCodes.Status404NotFound, "NotFound", "The connector simulator does not serve this route.");
    }

    private static async Task<string?> TextOfAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var activity = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        return activity.RootElement.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
    }

    private static Task ErrorAsync(HttpResponse response, int status, string code, string message)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(new { error = new { code, message } });
    }
}
