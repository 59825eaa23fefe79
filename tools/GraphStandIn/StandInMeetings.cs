using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace GraphStandIn;

/// <summary>One request the stand-in received under <c>/v1.0</c>: what a test asserts Graph was asked.</summary>
public sealed record GraphRequest(string Method, string PathAndQuery, string Body);

/// <summary>Every Graph request the stand-in received, in order (the tests read it to assert exactly what was sent).</summary>
public sealed class GraphRequestLog
{
    private readonly ConcurrentQueue<GraphRequest> requests = new();

    public IReadOnlyList<GraphRequest> Requests => [.. requests];

    public void Add(GraphRequest request) => requests.Enqueue(request);
}

/// <summary>
/// The online-meeting side of the stand-in, for PmoBot's online learning events: forwarding the organiser's meeting to
/// one new recipient (who gets their own copy, and is added to the organiser's attendees, as Exchange does), finding a
/// person's copy by iCalUId and declining it, the Teams meeting behind a join URL, and its attendance report. The
/// attendance is what <c>POST /standin/attendance</c> set for the meeting (the tests and a demo set it); without it,
/// every invited person who did not decline attended the whole meeting.
/// </summary>
public sealed class StandInMeetings
{
    private readonly ConcurrentDictionary<string, Meeting> byEventId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AttendeeCopy> copies = new(StringComparer.Ordinal);

    /// <summary>People besides the demo organisation, by Entra object id: their mail (set with <c>POST /standin/users</c>).</summary>
    private readonly ConcurrentDictionary<string, string> mailById = new(StringComparer.OrdinalIgnoreCase);

    public string? IdOf(string address) =>
        DemoCalendars.Find(address)?.AadObjectId ?? mailById.FirstOrDefault(p => string.Equals(p.Value, address, StringComparison.OrdinalIgnoreCase)).Key;

    public string AddressOf(string userId) => DemoCalendars.Find(userId)?.Email ?? mailById.GetValueOrDefault(userId) ?? userId;

    private sealed record Meeting(string EventId, string ICalUId, string JoinUrl, string OnlineMeetingId, DateTimeOffset Start, DateTimeOffset End, JsonObject Organiser)
    {
        public ConcurrentDictionary<string, (string Address, string? Name)> Attendees { get; } = new(StringComparer.OrdinalIgnoreCase);

        public ConcurrentDictionary<string, int>? AttendanceSeconds { get; set; }
    }

    private sealed record AttendeeCopy(string Id, string Address, Meeting Meeting)
    {
        public bool Declined { get; set; }
    }

    public void Created(JsonObject created, DateTimeOffset start, DateTimeOffset end)
    {
        var id = created["id"]!.GetValue<string>();
        var joinUrl = created["onlineMeeting"]!["joinUrl"]!.GetValue<string>();
        byEventId.TryAdd(id, new Meeting(id, created["iCalUId"]!.GetValue<string>(), joinUrl, "MSo" + id[^20..], start, end, created));
    }

    public static void Map(RouteGroupBuilder graph, WebApplication app, StandInMeetings meetings, DemoCalendars calendars)
    {
        graph.MapPost("/users/{userId}/events/{eventId}/forward", async (string userId, string eventId, HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body, new JsonNodeOptions { PropertyNameCaseInsensitive = true }) as JsonObject;
            if (!meetings.byEventId.TryGetValue(eventId, out var meeting))
            {
                return GraphStandInApp.GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
            }

            var recipients = (body?["toRecipients"] as JsonArray ?? []).Select(r => (Address: r?["emailAddress"]?["address"]?.GetValue<string>(), Name: r?["emailAddress"]?["name"]?.GetValue<string>())).Where(r => r.Address is not null).ToList();
            if (recipients.Count == 0)
            {
                return GraphStandInApp.GraphError(400, "ErrorInvalidRecipients", "At least one recipient is required.");
            }

            foreach (var (address, name) in recipients)
            {
                meeting.Attendees[address!] = (address!, name);
                var copy = meetings.copies.GetOrAdd($"{address!.ToLowerInvariant()}|{meeting.ICalUId}", _ => new AttendeeCopy("AAMkCopy" + Guid.NewGuid().ToString("N"), address!, meeting));
                copy.Declined = false;
                calendars.Book([address!], meeting.Start, meeting.End);
            }

            return Results.StatusCode(202);
        });
        graph.MapGet("/users/{userId}/events", (string userId, HttpRequest request) =>
        {
            var filter = request.Query["$filter"].ToString();
            var uid = filter.StartsWith("iCalUId eq '", StringComparison.Ordinal) ? filter["iCalUId eq '".Length..].TrimEnd('\'') : null;
            var address = meetings.AddressOf(userId);
            var found = uid is not null && meetings.copies.TryGetValue($"{address.ToLowerInvariant()}|{uid}", out var copy) && !copy.Declined
                ? new JsonArray(new JsonObject { ["id"] = copy.Id })
                : [];
            return Results.Json(new JsonObject { ["value"] = found });
        });
        graph.MapPost("/users/{userId}/events/{copyId}/decline", (string userId, string copyId) =>
        {
            var copy = meetings.copies.Values.FirstOrDefault(c => c.Id == copyId);
            if (copy is null)
            {
                return GraphStandInApp.GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
            }

            copy.Declined = true;
            copy.Meeting.Attendees.TryRemove(copy.Address, out _);
            return Results.StatusCode(202);
        });
        graph.MapGet("/users/{userId}/onlineMeetings", (string userId, HttpRequest request) =>
        {
            var filter = request.Query["$filter"].ToString();
            var joinUrl = filter.StartsWith("JoinWebUrl eq '", StringComparison.Ordinal) ? filter["JoinWebUrl eq '".Length..].TrimEnd('\'') : null;
            var meeting = meetings.byEventId.Values.FirstOrDefault(m => m.JoinUrl == joinUrl);
            return Results.Json(new JsonObject { ["value"] = meeting is null ? new JsonArray() : new JsonArray(new JsonObject { ["id"] = meeting.OnlineMeetingId, ["joinWebUrl"] = meeting.JoinUrl }) });
        });
        graph.MapGet("/users/{userId}/onlineMeetings/{meetingId}/attendanceReports", (string userId, string meetingId) =>
        {
            var meeting = meetings.byEventId.Values.FirstOrDefault(m => m.OnlineMeetingId == meetingId);
            return meeting is null
                ? GraphStandInApp.GraphError(404, "NotFound", "The online meeting was not found.")
                : Results.Json(new JsonObject { ["value"] = new JsonArray(new JsonObject { ["id"] = $"report-{meetingId}", ["totalParticipantCount"] = Attendance(meeting).Count }) });
        });
        graph.MapGet("/users/{userId}/onlineMeetings/{meetingId}/attendanceReports/{reportId}/attendanceRecords", (string userId, string meetingId, string reportId) =>
        {
            var meeting = meetings.byEventId.Values.FirstOrDefault(m => m.OnlineMeetingId == meetingId);
            if (meeting is null)
            {
                return GraphStandInApp.GraphError(404, "NotFound", "The online meeting was not found.");
            }

            var records = Attendance(meeting).Select(a => (JsonNode)new JsonObject
            {
                ["emailAddress"] = a.Key,
                ["totalAttendanceInSeconds"] = a.Value,
                ["role"] = "Attendee",
                ["identity"] = new JsonObject { ["id"] = meetings.IdOf(a.Key), ["displayName"] = meeting.Attendees.GetValueOrDefault(a.Key).Name },
            });
            return Results.Json(new JsonObject { ["value"] = new JsonArray([.. records]) });
        });

        // Not Graph: the stand-in's own controls (no token), for tests and demos: people it should know, and who spent how long in a meeting.
        app.MapPost("/standin/users", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (body?["id"]?.GetValue<string>() is not { Length: > 0 } id || body["mail"]?.GetValue<string>() is not { Length: > 0 } mail)
            {
                return Results.BadRequest(new { error = "give id and mail" });
            }

            meetings.mailById[id] = mail;
            return Results.NoContent();
        });
        app.MapPost("/standin/attendance", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            var joinUrl = body?["joinUrl"]?.GetValue<string>();
            var meeting = meetings.byEventId.Values.FirstOrDefault(m => m.JoinUrl == joinUrl);
            if (meeting is null || body?["seconds"] is not JsonObject seconds)
            {
                return Results.BadRequest(new { error = "give joinUrl of a meeting created here and seconds: { address: seconds }" });
            }

            meeting.AttendanceSeconds = new ConcurrentDictionary<string, int>(seconds.Select(s => KeyValuePair.Create(s.Key, s.Value!.GetValue<int>())), StringComparer.OrdinalIgnoreCase);
            return Results.NoContent();
        });
    }

    private static IReadOnlyDictionary<string, int> Attendance(Meeting meeting) =>
        meeting.AttendanceSeconds ?? (IReadOnlyDictionary<string, int>)meeting.Attendees.Keys.ToDictionary(a => a, _ => (int)(meeting.End - meeting.Start).TotalSeconds, StringComparer.OrdinalIgnoreCase);
}
