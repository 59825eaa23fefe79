using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PmoBot.Graph;

namespace PmoBot.Meetings;

/// <summary>Graph's final answer to one call: the status, the JSON body, and Graph's own error message when it refused.</summary>
public sealed record GraphResponse(HttpStatusCode Status, JsonNode? Body, string? Error)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

/// <summary>
/// The three Graph calendar calls a review meeting needs, over the named <c>graph</c> HttpClient (base URL from
/// <c>Graph:BaseUrl</c>, app-only token added by its handler). Throttling (429) and unavailability (503) are
/// retried after Graph's <c>Retry-After</c>, a bounded number of times, so a busy tenant slows a booking down
/// but never holds a chat turn for long.
/// </summary>
public sealed class GraphCalendarClient(IHttpClientFactory httpClients, TimeProvider time)
{
    public const int MaxAttempts = 4;

    /// <summary>All waits of one call together stay under this: a user (or a card button) is waiting for the answer, which then says to try later.</summary>
    public static readonly TimeSpan MaxTotalWait = TimeSpan.FromSeconds(20);

    /// <summary><c>POST /users/{organiser}/calendar/getSchedule</c>, times in UTC.</summary>
    public Task<GraphResponse> GetScheduleAsync(string organiser, IReadOnlyList<string> addresses, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["schedules"] = new JsonArray([.. addresses.Select(a => (JsonNode)a)]),
            ["startTime"] = GraphTime(start),
            ["endTime"] = GraphTime(end),
            ["availabilityViewInterval"] = (int)SlotFinder.SlotLength.TotalMinutes,
        };
        return SendAsync(HttpMethod.Post, $"users/{Uri.EscapeDataString(organiser)}/calendar/getSchedule", body, cancellationToken);
    }

    /// <summary><c>POST /users/{organiser}/events</c>: the Teams meeting in the organiser's calendar, the attendee invited.</summary>
    /// <param name="transactionId">The same id on every retry, so Graph creates the event once even if an answer is lost.</param>
    public Task<GraphResponse> CreateEventAsync(string organiser, MeetingInvitation invitation, string transactionId, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["subject"] = invitation.Subject,
            ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = invitation.Body },
            ["start"] = GraphTime(invitation.Start),
            ["end"] = GraphTime(invitation.End),
            ["attendees"] = new JsonArray(new JsonObject
            {
                ["emailAddress"] = new JsonObject { ["address"] = invitation.AttendeeAddress, ["name"] = invitation.AttendeeName },
                ["type"] = "required",
            }),
            ["isOnlineMeeting"] = true,
            ["onlineMeetingProvider"] = "teamsForBusiness",
            ["allowNewTimeProposals"] = true,
            ["transactionId"] = transactionId,
        };
        return SendAsync(HttpMethod.Post, $"users/{Uri.EscapeDataString(organiser)}/events", body, cancellationToken);
    }

    /// <summary><c>GET /users/{id}</c> for the mail address of someone PmoBot only knows by Entra object id.</summary>
    public Task<GraphResponse> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"users/{Uri.EscapeDataString(userId)}?$select=displayName,mail,userPrincipalName", null, cancellationToken);

    private async Task<GraphResponse> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(GraphOptions.HttpClientName);
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            // Busy periods and working hours come back in UTC, whatever each mailbox's own zone.
            request.Headers.Add("Prefer", "outlook.timezone=\"UTC\"");
            using var response = await client.SendAsync(request, cancellationToken);
            var delay = RetryDelay(response, attempt);
            if (delay is null || attempt >= MaxAttempts || waited + delay.Value > MaxTotalWait)
            {
                return await ReadAsync(response, cancellationToken);
            }

            waited += delay.Value;
            await Task.Delay(delay.Value, time, cancellationToken);
        }
    }

    /// <summary>How long to wait before retrying, or null when the answer is final.</summary>
    private TimeSpan? RetryDelay(HttpResponseMessage response, int attempt)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            return null;
        }

        var retryAfter = response.Headers.RetryAfter;
        var wait = retryAfter?.Delta
            ?? (retryAfter?.Date is { } date ? date - time.GetUtcNow() : TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static async Task<GraphResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? json = null;
        try
        {
            json = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // A proxy's HTML error page: the status says enough.
        }

        var error = GraphJson.Text((json as JsonObject)?["error"], "message");
        if (!response.IsSuccessStatusCode && response.Headers.RetryAfter?.Delta is { } wait)
        {
            error = $"{error ?? response.ReasonPhrase} (Graph asked to wait {wait.TotalSeconds:0} seconds)";
        }

        return new GraphResponse(response.StatusCode, json, error ?? (response.IsSuccessStatusCode ? null : response.ReasonPhrase));
    }

    private static JsonObject GraphTime(DateTimeOffset at) => new()
    {
        ["dateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        ["timeZone"] = "UTC",
    };
}

/// <summary>The event to create: when, with whom, and what it says.</summary>
public sealed record MeetingInvitation(DateTimeOffset Start, DateTimeOffset End, string AttendeeAddress, string AttendeeName, string Subject, string Body);
