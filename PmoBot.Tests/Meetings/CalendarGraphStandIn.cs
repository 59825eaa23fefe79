using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Meetings;

/// <summary>
/// A local stand-in for the Graph calendar endpoints a review meeting uses: <c>POST /users/{id}/calendar/getSchedule</c>
/// answers from the mailboxes the test sets up (busy items and working hours, with the availability view cut from
/// them as Exchange does), <c>POST /users/{id}/events</c> creates a Teams meeting with a join URL (once per organiser and
/// <c>transactionId</c>: a repeat gets the event already created, as Graph does), <c>GET /users/{id}</c> returns a user's
/// mail. A fault scripted for an endpoint is answered instead, once (for events, optionally after creating the event, as
/// when Graph's answer is lost on the way). Every request is recorded with the time it arrived.
/// </summary>
public sealed class CalendarGraphStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Mailbox> mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> faults = new();
    private readonly ConcurrentQueue<Request> requests = new();
    private readonly ConcurrentDictionary<string, Lazy<JsonObject>> events = new(StringComparer.Ordinal);
    private TaskCompletionSource? eventsGate;
    private int eventsGateCount;

    /// <summary>
    /// Graph reads property names case-insensitively, and the SDK sends getSchedule's parameters as Graph's metadata
    /// names them (<c>Schedules</c>, <c>StartTime</c>, <c>EndTime</c>, <c>AvailabilityViewInterval</c>).
    /// </summary>
    private static readonly JsonNodeOptions GraphJsonReading = new() { PropertyNameCaseInsensitive = true };

    private CalendarGraphStandIn(WebApplication app) => this.app = app;

    public const string GetSchedule = "getSchedule";
    public const string Events = "events";
    public const string Users = "users";

    /// <param name="Days">Working days, as Graph writes them (<c>monday</c>).</param>
    /// <param name="TimeZone">The <c>workingHours.timeZone</c> object, e.g. <c>{"name": "Eastern Standard Time"}</c>.</param>
    public sealed record Mailbox(string[] Days, string Start, string End, JsonObject TimeZone, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End, string Status)> Items);

    /// <param name="AfterCreating">For events: create the event first, then answer the fault (Graph's answer lost on the way).</param>
    /// <param name="Html">Answer with an HTML page instead of Graph's JSON error, as a proxy or gateway in between does.</param>
    public sealed record Fault(int Status, string? RetryAfter = null, string Message = "scripted", bool AfterCreating = false, bool Html = false);

    /// <param name="RetryAttempt">The SDK retry handler's <c>Retry-Attempt</c> header: empty on a first request, 1, 2, 3 on its retries.</param>
    public sealed record Request(string Endpoint, string UserId, string? Authorization, string? Prefer, string? RetryAttempt, DateTimeOffset At, JsonObject Body);

    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<Request> Requests => requests.ToList();

    public IReadOnlyList<Request> RequestsTo(string endpoint) => requests.Where(r => r.Endpoint == endpoint).ToList();

    /// <summary>The events in the organisers' calendars, one per organiser and transaction id.</summary>
    public IReadOnlyList<JsonObject> CreatedEvents => events.Values.Where(e => e.IsValueCreated).Select(e => e.Value).ToList();

    /// <summary>Holds every event creation until <paramref name="count"/> of them have arrived (10 seconds at most), so they overlap.</summary>
    public void HoldEventsUntil(int count)
    {
        eventsGateCount = count;
        eventsGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Holds every event creation until <see cref="ReleaseEvents"/> (10 seconds at most), as a slow Graph would.</summary>
    public void HoldEvents() => HoldEventsUntil(int.MaxValue);

    public void ReleaseEvents() => eventsGate?.TrySetResult();

    public static async Task<CalendarGraphStandIn> StartAsync()
    {
        var app = LocalHttpServer.Create();
        var graph = new CalendarGraphStandIn(app);
        app.MapPost("/v1.0/users/{userId}/calendar/getSchedule", (string userId, HttpContext context) => graph.AnswerAsync(GetSchedule, userId, context, graph.Schedule));
        app.MapPost("/v1.0/users/{userId}/events", (string userId, HttpContext context) => graph.AnswerAsync(Events, userId, context, body => graph.Create(userId, body)));
        app.MapGet("/v1.0/users/{userId}", (string userId, HttpContext context) => graph.AnswerAsync(Users, userId, context, body => graph.User(userId)));
        graph.BaseUrl = await LocalHttpServer.StartAsync(app) + "v1.0/";
        return graph;
    }

    public void SetMailbox(string address, Mailbox mailbox) => mailboxes[address] = mailbox;

    public void SetUser(string userId, string mail) => users[userId] = mail;

    public void Script(string endpoint, params Fault[] answers)
    {
        var queue = faults.GetOrAdd(endpoint, _ => new ConcurrentQueue<Fault>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<IResult> AnswerAsync(string endpoint, string userId, HttpContext context, Func<JsonObject, IResult> answer)
    {
        var body = context.Request.ContentLength is > 0 || context.Request.Method == "POST"
            ? await JsonNode.ParseAsync(context.Request.Body, GraphJsonReading) as JsonObject ?? []
            : [];
        var headers = context.Request.Headers;
        requests.Enqueue(new Request(endpoint, userId, headers.Authorization.ToString(), headers["Prefer"].ToString(), headers["Retry-Attempt"].ToString(), DateTimeOffset.UtcNow, body));
        if (endpoint == Events && eventsGate is { } gate)
        {
            if (RequestsTo(Events).Count >= eventsGateCount)
            {
                gate.TrySetResult();
            }

            try
            {
                await gate.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // Fewer arrived than the test expected: answer anyway, its assertions say what happened.
            }
        }

        if (faults.TryGetValue(endpoint, out var queue) && queue.TryDequeue(out var fault))
        {
            if (fault.AfterCreating)
            {
                answer(body);
            }

            if (fault.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = fault.RetryAfter;
            }

            return fault.Html
                ? Results.Content($"<html><body><h1>{fault.Status}</h1><p>{fault.Message}</p></body></html>", "text/html", statusCode: fault.Status)
                : Results.Json(new { error = new { code = $"Status{fault.Status}", message = fault.Message } }, statusCode: fault.Status);
        }

        return answer(body);
    }

    private IResult Schedule(JsonObject body)
    {
        var start = Utc(body["startTime"]!);
        var end = Utc(body["endTime"]!);
        var interval = TimeSpan.FromMinutes(body["availabilityViewInterval"]!.GetValue<int>());
        var value = new JsonArray();
        foreach (var address in body["schedules"]!.AsArray().Select(a => a!.GetValue<string>()))
        {
            if (!mailboxes.TryGetValue(address, out var mailbox))
            {
                value.Add(new JsonObject { ["scheduleId"] = address, ["error"] = new JsonObject { ["message"] = "The mailbox was not found.", ["responseCode"] = "ErrorMailRecipientNotFound" } });
                continue;
            }

            var items = mailbox.Items.Where(i => i.Start < end && start < i.End).ToList();
            var view = new char[(int)((end - start) / interval)];
            for (var slot = 0; slot < view.Length; slot++)
            {
                var from = start + (interval * slot);
                var status = items.Where(i => i.Start < from + interval && from < i.End).Select(i => i.Status).FirstOrDefault();
                view[slot] = status switch { "tentative" => '1', "busy" => '2', "oof" => '3', "workingElsewhere" => '4', _ => '0' };
            }

            value.Add(new JsonObject
            {
                ["scheduleId"] = address,
                ["availabilityView"] = new string(view),
                ["scheduleItems"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
                {
                    ["isPrivate"] = false,
                    ["status"] = i.Status,
                    ["start"] = GraphTime(i.Start),
                    ["end"] = GraphTime(i.End),
                })]),
                ["workingHours"] = new JsonObject
                {
                    ["daysOfWeek"] = new JsonArray([.. mailbox.Days.Select(d => (JsonNode)d)]),
                    ["startTime"] = mailbox.Start + ".0000000",
                    ["endTime"] = mailbox.End + ".0000000",
                    ["timeZone"] = mailbox.TimeZone.DeepClone(),
                },
            });
        }

        return Results.Json(new JsonObject { ["value"] = value });
    }

    /// <summary>One event per organiser and transaction id: a repeat is answered with the event created first.</summary>
    private IResult Create(string organiser, JsonObject body)
    {
        var transactionId = body["transactionId"]?.GetValue<string>();
        var key = transactionId is null ? Guid.NewGuid().ToString() : $"{organiser.ToLowerInvariant()}|{transactionId}";
        var created = events.GetOrAdd(key, _ => new Lazy<JsonObject>(() => new JsonObject
        {
            ["id"] = "AAMk" + Guid.NewGuid().ToString("N"),
            ["subject"] = body["subject"]?.DeepClone(),
            ["start"] = body["start"]?.DeepClone(),
            ["end"] = body["end"]?.DeepClone(),
            ["transactionId"] = transactionId,
            ["isOnlineMeeting"] = true,
            ["onlineMeeting"] = new JsonObject { ["joinUrl"] = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_standin%40thread.v2/0" },
        })).Value;
        return Results.Json(created, statusCode: 201);
    }

    private IResult User(string userId) => users.TryGetValue(userId, out var mail)
        ? Results.Json(new { id = userId, displayName = "From Graph", mail, userPrincipalName = mail })
        : Results.Json(new { error = new { code = "Request_ResourceNotFound", message = $"Resource '{userId}' does not exist." } }, statusCode: 404);

    private static DateTimeOffset Utc(JsonNode time)
    {
        Assert.Equal("UTC", time["timeZone"]!.GetValue<string>());
        return new DateTimeOffset(DateTime.SpecifyKind(DateTime.Parse(time["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture), DateTimeKind.Unspecified), TimeSpan.Zero);
    }

    private static JsonObject GraphTime(DateTimeOffset at) => new()
    {
        ["dateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = "UTC",
    };
}
