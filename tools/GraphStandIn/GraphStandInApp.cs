using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Demo;

namespace GraphStandIn;

/// <summary>
/// A local stand-in for the Microsoft Graph calendar endpoints PmoBot's review meetings use, so that "Schedule review
/// meeting" books a time in the Agents Playground without a tenant. It knows the demo organisation's people
/// (<see cref="DemoOrganisation"/>): <c>POST /v1.0/users/{id}/calendar/getSchedule</c> answers plausible free/busy
/// (<see cref="DemoCalendars"/>) and working hours (Monday to Friday, 09:00 to 17:00 in each person's zone);
/// <c>POST /v1.0/users/{id}/events</c> creates a Teams meeting with a join URL and marks both calendars busy, once per
/// organiser and <c>transactionId</c> (as Graph does: a repeat gets the event already created, and books nothing more);
/// <c>GET /v1.0/users/{id}</c> returns the person's mail. Every Graph call needs <c>Authorization: Bearer</c> with the
/// token PmoBot is given as <c>Graph:AccessToken</c> (<c>StandIn:AccessToken</c> here), so no Entra ID is involved.
/// </summary>
public static class GraphStandInApp
{
    public const string DefaultAccessToken = "graph-standin-token";

    /// <summary>
    /// Graph reads property names case-insensitively, and the Graph SDK sends getSchedule's parameters as Graph's
    /// metadata names them (<c>Schedules</c>, <c>StartTime</c>, <c>EndTime</c>, <c>AvailabilityViewInterval</c>).
    /// </summary>
    private static readonly JsonNodeOptions GraphJsonReading = new() { PropertyNameCaseInsensitive = true };

    public static async Task Main(string[] args) => await Build(args).RunAsync();

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddSingleton<GraphRequestLog>();
        builder.Services.AddSingleton<StandInMeetings>();
        var app = builder.Build();
        var log = app.Services.GetRequiredService<GraphRequestLog>();
        var meetings = app.Services.GetRequiredService<StandInMeetings>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/v1.0"))
            {
                context.Request.EnableBuffering();
                using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                context.Request.Body.Position = 0;
                log.Add(new GraphRequest(context.Request.Method, Uri.UnescapeDataString(context.Request.Path + context.Request.QueryString), body));
            }

            await next(context);
        });
        var token = app.Configuration["StandIn:AccessToken"] is { Length: > 0 } configured ? configured : DefaultAccessToken;
        var calendars = new DemoCalendars();
        var events = new ConcurrentDictionary<string, Lazy<JsonObject>>(StringComparer.Ordinal);

        app.MapGet("/", () => Results.Text("Graph stand-in for PmoBot: POST /v1.0/users/{id}/calendar/getSchedule, POST /v1.0/users/{id}/events, GET /v1.0/users/{id}, POST /v1.0/users/{id}/events/{id}/forward, GET /v1.0/users/{id}/events?$filter=iCalUId eq '...', POST /v1.0/users/{id}/events/{id}/decline, GET /v1.0/users/{id}/onlineMeetings?$filter=JoinWebUrl eq '...', GET .../onlineMeetings/{id}/attendanceReports[/{id}/attendanceRecords]; POST /standin/attendance\n"));
        var graph = app.MapGroup("/v1.0");
        graph.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.Headers.Authorization.ToString() == $"Bearer {token}"
                ? await next(context)
                : Error(401, "InvalidAuthenticationToken", "Access token is empty or is not the stand-in's (set Graph:AccessToken to StandIn:AccessToken)."));
        graph.MapPost("/users/{userId}/calendar/getSchedule", async (string userId, HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body, GraphJsonReading) as JsonObject;
            if (body?["schedules"] is not JsonArray schedules || Instant(body["startTime"]) is not { } start || Instant(body["endTime"]) is not { } end || end <= start)
            {
                return Error(400, "ErrorInvalidRequest", "getSchedule needs schedules, startTime and endTime.");
            }

            var interval = TimeSpan.FromMinutes(body["availabilityViewInterval"]?.GetValue<int>() ?? 30);
            var value = new JsonArray();
            foreach (var address in schedules.Select(s => s?.GetValue<string>() ?? string.Empty))
            {
                value.Add(calendars.Schedule(address, start, end, interval));
            }

            return Results.Json(new JsonObject { ["value"] = value });
        });
        graph.MapPost("/users/{userId}/events", async (string userId, HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body, GraphJsonReading) as JsonObject;
            if (body is null || Instant(body["start"]) is not { } start || Instant(body["end"]) is not { } end || end <= start)
            {
                return Error(400, "ErrorInvalidRequest", "An event needs start and end.");
            }

            var organiser = DemoCalendars.Find(userId);
            var transactionId = body["transactionId"]?.GetValue<string>();
            var key = transactionId is null ? Guid.NewGuid().ToString() : $"{(organiser?.Email ?? userId).ToLowerInvariant()}|{transactionId}";
            var created = events.GetOrAdd(key, _ => new Lazy<JsonObject>(() =>
            {
                var attendees = (body["attendees"] as JsonArray ?? []).Select(a => a?["emailAddress"]?["address"]?.GetValue<string>()).OfType<string>();
                calendars.Book([organiser?.Email ?? userId, .. attendees], start, end);
                var id = "AAMkStandIn" + Guid.NewGuid().ToString("N");
                var created = new JsonObject
                {
                    ["id"] = id,
                    ["iCalUId"] = "040000008200E00074C5B7101A82E008" + id[^24..].ToUpperInvariant(),
                    ["transactionId"] = transactionId,
                    ["subject"] = body["subject"]?.DeepClone(),
                    ["body"] = body["body"]?.DeepClone(),
                    ["start"] = body["start"]?.DeepClone(),
                    ["end"] = body["end"]?.DeepClone(),
                    ["attendees"] = body["attendees"]?.DeepClone(),
                    ["organizer"] = new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = organiser?.Name ?? userId, ["address"] = organiser?.Email ?? userId } },
                    ["isOnlineMeeting"] = true,
                    ["onlineMeetingProvider"] = "teamsForBusiness",
                    ["onlineMeeting"] = new JsonObject { ["joinUrl"] = $"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{id[^16..]}%40thread.v2/0" },
                    ["webLink"] = $"https://outlook.office365.com/owa/?itemid={id}",
                };
                meetings.Created(created, start, end);
                return created;
            })).Value;
            return Results.Json(
                created,
                statusCode: 201);
        });
        graph.MapGet("/users/{userId}", (string userId) => DemoCalendars.Find(userId) is { } person
            ? Results.Json(new { id = person.AadObjectId, displayName = person.Name, mail = person.Email, userPrincipalName = person.Email })
            : Error(404, "Request_ResourceNotFound", $"Resource '{userId}' does not exist or one of its queried reference-property objects are not present."));
        StandInMeetings.Map(graph, app, meetings, calendars);
        app.MapFallback(() => Error(404, "UnknownRequest", "The Graph stand-in does not serve this request."));
        return app;
    }

    public static IResult GraphError(int status, string code, string message) => Error(status, code, message);

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    /// <summary>A Graph <c>dateTimeTimeZone</c> (PmoBot sends UTC) as an instant.</summary>
    private static DateTimeOffset? Instant(JsonNode? time)
    {
        if (time?["dateTime"]?.GetValue<string>() is not { } text
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var zoneName = time["timeZone"]?.GetValue<string>();
        var zone = string.IsNullOrEmpty(zoneName) || zoneName == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zoneName);
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}

/// <summary>
/// The demo people's calendars: at work Monday to Friday, 09:00 to 17:00 in their own zone, with a daily stand-up
/// (09:00 to 09:30), lunch (12:00 to 13:00, tentative) and one or two meetings a day placed from a hash of the person
/// and the date (the same every run), plus what was booked here since the start. Someone not in the demo
/// organisation has working hours in UTC and the same kind of day.
/// </summary>
public sealed class DemoCalendars
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<(DateTimeOffset Start, DateTimeOffset End)>> booked = new(StringComparer.OrdinalIgnoreCase);

    public static DemoPerson? Find(string idOrAddress) => DemoOrganisation.People.FirstOrDefault(p =>
        string.Equals(p.AadObjectId, idOrAddress, StringComparison.OrdinalIgnoreCase)
        || string.Equals(p.Email, idOrAddress, StringComparison.OrdinalIgnoreCase));

    public void Book(IEnumerable<string> addresses, DateTimeOffset start, DateTimeOffset end)
    {
        foreach (var address in addresses)
        {
            booked.GetOrAdd(Find(address)?.Email ?? address, _ => []).Add((start, end));
        }
    }

    public JsonObject Schedule(string address, DateTimeOffset start, DateTimeOffset end, TimeSpan interval)
    {
        var person = Find(address);
        var zone = person is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(person.TimeZone);
        var items = Items(person?.Email ?? address, zone, start, end).ToList();
        var view = new char[(int)Math.Ceiling((end - start) / interval)];
        for (var slot = 0; slot < view.Length; slot++)
        {
            var from = start + (interval * slot);
            var statuses = items.Where(i => i.Start < from + interval && from < i.End).Select(i => i.Status).ToList();
            view[slot] = statuses.Contains("busy") ? '2' : statuses.Contains("tentative") ? '1' : '0';
        }

        return new JsonObject
        {
            ["scheduleId"] = address,
            ["availabilityView"] = new string(view),
            ["scheduleItems"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
            {
                ["isPrivate"] = false,
                ["status"] = i.Status,
                ["subject"] = i.Subject,
                ["start"] = GraphTime(i.Start),
                ["end"] = GraphTime(i.End),
            })]),
            ["workingHours"] = new JsonObject
            {
                ["daysOfWeek"] = new JsonArray("monday", "tuesday", "wednesday", "thursday", "friday"),
                ["startTime"] = "09:00:00.0000000",
                ["endTime"] = "17:00:00.0000000",
                ["timeZone"] = new JsonObject { ["name"] = WindowsName(zone) },
            },
        };
    }

    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End, string Status, string Subject)> Items(string address, TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end)
    {
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime).AddDays(-1);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(end, zone).DateTime);
        var all = new List<(DateTimeOffset Start, DateTimeOffset End, string Status, string Subject)>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            all.Add((At(day, 9, 0, zone), At(day, 9, 30, zone), "busy", "Team stand-up"));
            all.Add((At(day, 12, 0, zone), At(day, 13, 0, zone), "tentative", "Lunch"));
            var seed = Hash($"{address.ToLowerInvariant()}|{day:yyyy-MM-dd}");
            var meetingStart = 10 + (int)(seed % 6);
            all.Add((At(day, meetingStart, 0, zone), At(day, meetingStart, 0, zone).AddMinutes(60 + (30 * (int)(seed / 6 % 3))), "busy", "Project meeting"));
            if (seed % 4 == 0)
            {
                all.Add((At(day, 16, 0, zone), At(day, 17, 0, zone), "busy", "Steering committee"));
            }
        }

        all.AddRange((booked.TryGetValue(address, out var bag) ? bag : []).Select(b => (b.Start, b.End, "busy", "PmoBot review meeting")));
        if (string.Equals(address, DemoOrganisation.OnLeaveNextWeekEmail, StringComparison.OrdinalIgnoreCase))
        {
            var (from, to) = DemoOrganisation.NextWeek(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime));
            all.Add((At(from, 0, 0, zone), At(to, 0, 0, zone), "oof", "Annual leave"));
        }

        return all.Where(i => i.Start < end && start < i.End).OrderBy(i => i.Start);
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minute, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>FNV-1a: stable across runs, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static string WindowsName(TimeZoneInfo zone) =>
        zone == TimeZoneInfo.Utc ? "UTC" : TimeZoneInfo.TryConvertIanaIdToWindowsId(zone.Id, out var windows) ? windows : zone.Id;

    private static JsonObject GraphTime(DateTimeOffset at) => new()
    {
        ["dateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = "UTC",
    };
}
