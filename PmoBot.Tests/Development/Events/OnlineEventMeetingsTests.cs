using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GraphStandIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.People;
using PmoBot.Tests.TestSupport;
using StandIn = GraphStandIn.GraphStandInApp;

namespace PmoBot.Tests.Development.Events;

/// <summary>
/// An online event's Teams meeting through the Microsoft Graph SDK against <c>tools/GraphStandIn</c>: created once, each
/// registrant invited alone (the exact forward request asserted), a cancellation declining only that person's copy, no
/// request ever writing the attendee list, and attendance read from the meeting's attendance report.
/// </summary>
public sealed class OnlineEventMeetingsTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private WebApplication standIn = null!;
    private string root = string.Empty;

    public async Task InitializeAsync()
    {
        standIn = StandIn.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await standIn.StartAsync();
        root = standIn.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }

    public async Task DisposeAsync() => await standIn.DisposeAsync();

    private IReadOnlyList<GraphRequest> Requests => standIn.Services.GetRequiredService<GraphRequestLog>().Requests;

    [Fact]
    public async Task Registrants_are_invited_one_at_a_time_a_cancellation_declines_only_theirs_and_attendance_comes_from_the_report()
    {
        var h = await DevelopmentHarness.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = root + "/v1.0/",
            ["Graph:AccessToken"] = StandIn.DefaultAccessToken,
        });
        var alex = await h.PersonWithMailAsync("Alex", "alex.pmo@contoso.test", "Europe/London", Role.Pmo);
        var form = OnlineForm(h, "Agile chapter meeting", "ChapterMeeting", "16:00", capacity: 2, "agile");
        form[EventForm.PduWaysField] = "2";

        var saved = Assert.IsType<EventFormAnswer.Saved>(await h.Get<EventOrganiser>().SaveAsync(alex, form, asDialog: false, None));

        Assert.Equal("Its Teams meeting is created; each registrant is invited as they register.", saved.MeetingNote);
        var learningEvent = saved.Event;
        var create = Assert.Single(Requests);
        Assert.Equal(("POST", $"/v1.0/users/{alex.UserKey}/events"), (create.Method, create.PathAndQuery));
        var created = JsonNode.Parse(create.Body)!;
        Assert.True(created["isOnlineMeeting"]!.GetValue<bool>());
        Assert.Equal("teamsForBusiness", created["onlineMeetingProvider"]!.GetValue<string>());
        Assert.Null(created["attendees"]);
        Assert.False(string.IsNullOrEmpty(created["transactionId"]!.GetValue<string>()));
        var meeting = (await h.Get<EventMeetingStore>().GetAsync(learningEvent.Id, None))!;
        Assert.StartsWith("https://teams.microsoft.com/l/meetup-join/", meeting.JoinUrl, StringComparison.Ordinal);

        var people = new Dictionary<string, PmoUser>();
        foreach (var name in new[] { "Megan", "Adele", "Nestor" })
        {
            people[name] = await h.PersonWithMailAsync(name, $"{name.ToLowerInvariant()}.{Guid.NewGuid():N}@contoso.test", "Europe/London", Role.ProjectManager);
            using var known = await new HttpClient().PostAsJsonAsync($"{root}/standin/users", new { id = people[name].UserKey, mail = people[name].Email });
            known.EnsureSuccessStatusCode();
        }

        var ledger = h.Get<RegistrationLedger>();
        var sync = h.Get<OnlineEventMeetings>();
        await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(people["Megan"]), EventResponse.Register, None);
        await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(people["Adele"]), EventResponse.Register, None);
        Assert.Equal(2, await sync.SyncAsync(learningEvent, None));
        var afterTwo = Requests.Count;
        Assert.Equal(0, await sync.SyncAsync(learningEvent, None));
        Assert.Equal(afterTwo, Requests.Count);

        // A third registrant is waitlisted (capacity 2): invited only once Megan's cancellation gives them her place.
        await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(people["Nestor"]), EventResponse.Register, None);
        Assert.Equal(0, await sync.SyncAsync(learningEvent, None));
        var cancelled = await ledger.RespondAsync(learningEvent, DevelopmentHarness.RegistrantOf(people["Megan"]), EventResponse.CantGo, None);
        Assert.Equal(people["Nestor"].UserKey, Assert.Single(cancelled.Promoted!).UserKey);
        var beforeCancel = Requests.Count;
        Assert.Equal(2, await sync.SyncAsync(learningEvent, None));

        // Every invitation is one forward to one person: the exact request, and nobody else's address in it.
        var forwards = Requests.Where(r => r.PathAndQuery.EndsWith("/forward", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, forwards.Count);
        Assert.All(forwards, f => Assert.Equal(("POST", $"/v1.0/users/{alex.UserKey}/events/{meeting.GraphEventId}/forward"), (f.Method, f.PathAndQuery)));
        // Graph's action parameters go as its metadata names them (ToRecipients, Comment); Graph reads names in any case.
        var invited = forwards.Select(f => JsonNode.Parse(f.Body, new JsonNodeOptions { PropertyNameCaseInsensitive = true })!).ToList();
        Assert.All(invited, body =>
        {
            var recipient = Assert.Single(body["toRecipients"]!.AsArray());
            Assert.Equal(["comment", "torecipients"], body.AsObject().Select(p => p.Key.ToLowerInvariant()).Order(StringComparer.Ordinal));
            Assert.Equal(["emailaddress"], recipient!.AsObject().Select(p => p.Key.ToLowerInvariant()));
        });
        var addresses = invited.Select(b => b["toRecipients"]![0]!["emailAddress"]!["address"]!.GetValue<string>()).ToList();
        Assert.Equal(new[] { people["Megan"].Email!, people["Adele"].Email! }.Order(), addresses.Take(2).Order());
        Assert.Equal(people["Nestor"].Email, addresses[2]);
        Assert.Equal($"{{\"emailAddress\":{{\"address\":\"{people["Nestor"].Email}\",\"name\":\"{people["Nestor"].Name}\"}}}}", invited[2]["toRecipients"]![0]!.ToJsonString());

        // The cancellation: Megan's own copy found and declined; nothing else was sent for it.
        var forCancel = Requests.Skip(beforeCancel).Where(r => !r.PathAndQuery.EndsWith("/forward", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, forCancel.Count);
        Assert.Equal(("GET", $"/v1.0/users/{people["Megan"].UserKey}/events?$filter=iCalUId eq '{meeting.ICalUId}'&$select=id"), (forCancel[0].Method, forCancel[0].PathAndQuery));
        Assert.Equal("POST", forCancel[1].Method);
        Assert.StartsWith($"/v1.0/users/{people["Megan"].UserKey}/events/AAMkCopy", forCancel[1].PathAndQuery, StringComparison.Ordinal);
        Assert.EndsWith("/decline", forCancel[1].PathAndQuery, StringComparison.Ordinal);
        Assert.True(JsonNode.Parse(forCancel[1].Body, new JsonNodeOptions { PropertyNameCaseInsensitive = true })!["sendResponse"]!.GetValue<bool>());

        // No request ever wrote the meeting: no PATCH, no PUT, no body naming two people.
        Assert.DoesNotContain(Requests, r => r.Method is "PATCH" or "PUT");
        Assert.DoesNotContain(Requests, r => r.Body.Contains("\"attendees\"", StringComparison.Ordinal));
        Assert.DoesNotContain(Requests, r => people.Values.Count(p => r.Body.Contains(p.Email!, StringComparison.OrdinalIgnoreCase)) > 1);

        // Attendance from the Teams report: Adele stayed 100 minutes of 120 (attended), Nestor 10 (a no-show).
        using (var report = await new HttpClient().PostAsJsonAsync($"{root}/standin/attendance", new { joinUrl = meeting.JoinUrl, seconds = new Dictionary<string, int> { [people["Adele"].Email!] = 6000, [people["Nestor"].Email!] = 600 } }))
        {
            report.EnsureSuccessStatusCode();
        }

        h.Time.Advance(TimeSpan.FromDays(11));
        var seated = await h.Registrations.ListAsync(learningEvent.Id, None, RegistrationStatus.Registered);
        var attendance = await sync.AttendanceAsync(learningEvent, seated, None);
        Assert.Equal(new Dictionary<string, bool> { [people["Adele"].UserKey] = true, [people["Nestor"].UserKey] = false }, attendance.ToDictionary(a => a.Key, a => a.Value));
        var marked = await h.Get<EventAttendance>().MarkAsync(learningEvent, attendance, None);
        Assert.Equal((1, 1, 1), (marked.Attended, marked.NoShows, marked.Credited));
        Assert.Equal(2m, (await h.Get<PduLogStore>().ListAsync(people["Adele"].UserKey, None)).Sum(p => p.Units));
        Assert.Contains(Requests, r => r.PathAndQuery.StartsWith($"/v1.0/users/{alex.UserKey}/onlineMeetings?$filter=JoinWebUrl eq '", StringComparison.Ordinal));
        Assert.Contains(Requests, r => r.PathAndQuery.EndsWith("/attendanceRecords", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_meeting_graph_is_slow_to_create_does_not_hold_the_form_and_the_sync_creates_it_when_graph_answers_again()
    {
        var port = new Uri(root).Port;
        await using var graph = TcpProxy.Start(port);
        var h = await DevelopmentHarness.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = $"http://127.0.0.1:{graph.Port}/v1.0/",
            ["Graph:AccessToken"] = StandIn.DefaultAccessToken,
        });
        var alex = await h.PersonWithMailAsync("Alex", "alex.slow@contoso.test", "Europe/London", Role.Pmo);
        var form = OnlineForm(h, "Risk clinic", "Webinar", "15:00", capacity: 20, "risk");

        // Graph takes the request and answers nothing: the form is answered when Graph:AnswerWithin has passed.
        graph.Stall();
        var saving = h.Get<EventOrganiser>().SaveAsync(alex, form, asDialog: true, None);
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!saving.IsCompleted && DateTime.UtcNow < until)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(saving, Task.Delay(50));
        }

        var saved = Assert.IsType<EventFormAnswer.Saved>(await saving.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal("Its Teams meeting is being created (Microsoft Graph is slow to answer); each registrant is invited as they register.", saved.MeetingNote);
        Assert.NotNull(await h.Events.GetAsync(saved.Event.Id, None));
        Assert.Null(await h.Get<EventMeetingStore>().GetAsync(saved.Event.Id, None));

        // The held request is cut; the next sync creates the meeting, once.
        graph.Flow();
        var budget = h.Get<PmoBot.Graph.GraphAnswerBudget>();
        var settled = DateTime.UtcNow.AddSeconds(10);
        while (budget.Running > 0 && DateTime.UtcNow < settled)
        {
            await Task.Delay(20);
        }

        await h.Get<OnlineEventMeetings>().SweepOnceAsync(None);
        var meeting = await h.Get<EventMeetingStore>().GetAsync(saved.Event.Id, None);
        Assert.StartsWith("https://teams.microsoft.com/l/meetup-join/", meeting?.JoinUrl, StringComparison.Ordinal);
        Assert.Single(Requests, r => r.Method == "POST" && r.PathAndQuery == $"/v1.0/users/{alex.UserKey}/events");
    }

    [Fact]
    public async Task Without_graph_an_online_event_is_saved_and_says_it_has_no_teams_meeting()
    {
        var h = await DevelopmentHarness.CreateAsync();
        var alex = await h.PersonWithMailAsync("Alex", "alex@contoso.test", "Europe/London", Role.Pmo);
        var form = OnlineForm(h, "Webinar", "Webinar", "15:00", capacity: 20, "risk");

        var saved = Assert.IsType<EventFormAnswer.Saved>(await h.Get<EventOrganiser>().SaveAsync(alex, form, asDialog: false, None));

        Assert.StartsWith("It has no Teams meeting: Microsoft Graph is not configured", saved.MeetingNote, StringComparison.Ordinal);
        Assert.NotNull(await h.Events.GetAsync(saved.Event.Id, None));
        Assert.Equal(0, await h.Get<OnlineEventMeetings>().SweepOnceAsync(None));
    }

    /// <summary>The event form as the PMO fills it: an online event ten days ahead, from 14:00.</summary>
    private static JsonObject OnlineForm(DevelopmentHarness h, string title, string kind, string endTime, int capacity, string areas) => new()
    {
        [EventForm.FormIdField] = Guid.NewGuid().ToString("N"),
        [EventForm.TitleField] = title,
        [EventForm.KindField] = kind,
        [EventForm.FormatField] = EventFormValues.Online,
        [EventForm.StartDateField] = h.Time.GetUtcNow().AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        [EventForm.StartTimeField] = "14:00",
        [EventForm.EndTimeField] = endTime,
        [EventForm.CapacityField] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [EventForm.AreasField] = areas,
    };
}
