using System.Text.Json.Nodes;
using PmoBot.Meetings;
using PmoBot.People;
using static PmoBot.Tests.Meetings.MeetingsHarness;

namespace PmoBot.Tests.Meetings;

/// <summary>Booking against the Graph calendar stand-in: the exact requests, slots across time zones, and every refusal.</summary>
public sealed class ReviewMeetingBookerTests : IAsyncLifetime
{
    private MeetingsHarness harness = null!;

    public async Task InitializeAsync() => harness = await CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task The_earliest_slot_inside_both_working_hours_in_their_own_zones_and_free_for_both_is_booked_as_a_teams_meeting()
    {
        // PmoBot still has the PM in Berlin; Outlook's working hours (New York) are what count.
        var (reviewer, pm) = await PairAsync(pmZone: "Europe/Berlin");

        // London works 09:00-17:00 UTC (winter time), New York 09:00-17:00 EDT = 13:00-21:00 UTC since 9 March.
        // 13:00 is taken by the reviewer, so 13:30 UTC (09:30 in New York) is the first time that suits both.
        harness.Graph.SetMailbox(reviewer.Email!, Mailbox("GMT Standard Time", (Utc(10, 13), Utc(10, 13, 30), "busy")));
        harness.Graph.SetMailbox(pm.Email!, Mailbox("Eastern Standard Time", (Utc(10, 14), Utc(10, 15), "tentative")));

        var transactionId = MeetingTransaction.New();
        var booked = Assert.IsType<MeetingBooking.Booked>(await harness.BookAsync(reviewer, pm, transactionId: transactionId));

        Assert.Equal((Utc(10, 13, 30), Utc(10, 14)), (booked.Start, booked.End));
        Assert.StartsWith("https://teams.microsoft.com/l/meetup-join/", booked.JoinUrl, StringComparison.Ordinal);
        Assert.StartsWith("AAMk", booked.EventId, StringComparison.Ordinal);

        var schedule = Assert.Single(harness.Graph.RequestsTo(CalendarGraphStandIn.GetSchedule));
        Assert.Equal(reviewer.UserKey, schedule.UserId);
        Assert.Equal($"Bearer {GraphToken}", schedule.Authorization);
        Assert.Equal("outlook.timezone=\"UTC\"", schedule.Prefer);
        Assert.Equal([reviewer.Email, pm.Email], schedule.Body["schedules"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("2025-03-10T07:30:00", schedule.Body["startTime"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("2025-03-24T07:30:00", schedule.Body["endTime"]!["dateTime"]!.GetValue<string>());
        Assert.Equal(30, schedule.Body["availabilityViewInterval"]!.GetValue<int>());

        var created = Assert.Single(harness.Graph.RequestsTo(CalendarGraphStandIn.Events));
        Assert.Equal(reviewer.UserKey, created.UserId);
        Assert.Equal($"Bearer {GraphToken}", created.Authorization);
        Assert.Equal("outlook.timezone=\"UTC\"", created.Prefer);
        var body = created.Body;
        Assert.Equal("PMO review: PRJ-101", body["subject"]!.GetValue<string>());
        Assert.Equal("Review of PRJ-101: CPI 0.82", body["body"]!["content"]!.GetValue<string>());
        Assert.Equal(("2025-03-10T13:30:00", "UTC"), (body["start"]!["dateTime"]!.GetValue<string>(), body["start"]!["timeZone"]!.GetValue<string>()));
        Assert.Equal("2025-03-10T14:00:00", body["end"]!["dateTime"]!.GetValue<string>());
        var attendee = Assert.Single(body["attendees"]!.AsArray())!;
        Assert.Equal((pm.Email, pm.Name, "required"), (attendee["emailAddress"]!["address"]!.GetValue<string>(), attendee["emailAddress"]!["name"]!.GetValue<string>(), attendee["type"]!.GetValue<string>()));
        Assert.True(body["isOnlineMeeting"]!.GetValue<bool>());
        Assert.Equal("teamsForBusiness", body["onlineMeetingProvider"]!.GetValue<string>());
        Assert.True(body["allowNewTimeProposals"]!.GetValue<bool>());
        Assert.Equal(transactionId, body["transactionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Busy_times_read_only_from_the_availability_view_and_a_custom_time_zone_are_honoured()
    {
        var (reviewer, pm) = await PairAsync(pmZone: "Asia/Kolkata");

        // Kolkata works 09:00-17:00 IST = 03:30-11:30 UTC; the mailbox's zone is a hand-made one, bias -330 minutes.
        harness.Graph.SetMailbox(reviewer.Email!, Mailbox("GMT Standard Time", (Utc(10, 9), Utc(10, 10), "busy")));
        harness.Graph.SetMailbox(pm.Email!, new CalendarGraphStandIn.Mailbox(
            Weekdays, "09:00:00", "17:00:00", new JsonObject { ["@odata.type"] = "#microsoft.graph.customTimeZone", ["bias"] = -330, ["name"] = "Customized Time Zone" }, []));

        var booked = Assert.IsType<MeetingBooking.Booked>(await harness.BookAsync(reviewer, pm));

        Assert.Equal(Utc(10, 10), booked.Start);
    }

    [Fact]
    public async Task Without_a_common_free_slot_in_five_working_days_nothing_is_booked_and_the_nearest_options_are_offered()
    {
        var (reviewer, pm) = await PairAsync(pmZone: "Asia/Kolkata");

        // The only overlap of London and Kolkata working hours is 09:00-11:30 UTC; the reviewer is busy then all week.
        // Next Monday (the sixth working day) is free, but outside the five days searched.
        var busyWeek = Enumerable.Range(10, 5).Select(day => (Utc(day, 9), Utc(day, 11, 30), "busy")).ToArray();
        harness.Graph.SetMailbox(reviewer.Email!, Mailbox("GMT Standard Time", busyWeek));
        harness.Graph.SetMailbox(pm.Email!, Mailbox("India Standard Time"));

        var none = Assert.IsType<MeetingBooking.NoCommonSlot>(await harness.BookAsync(reviewer, pm));

        Assert.Equal([Utc(10, 9), Utc(10, 9, 30), Utc(10, 10)], none.NearestOptions);
        Assert.Empty(harness.Graph.RequestsTo(CalendarGraphStandIn.Events));
    }

    [Fact]
    public async Task A_refused_schedule_read_names_calendars_read_and_books_nothing()
    {
        var (reviewer, pm) = await PairAsync();
        harness.Graph.Script(CalendarGraphStandIn.GetSchedule, new CalendarGraphStandIn.Fault(403, Message: "Access is denied."));

        var forbidden = Assert.IsType<MeetingBooking.Forbidden>(await harness.BookAsync(reviewer, pm));

        Assert.Equal("Calendars.Read", forbidden.Permission);
        Assert.Empty(harness.Graph.RequestsTo(CalendarGraphStandIn.Events));
    }

    [Fact]
    public async Task A_refused_event_creation_names_calendars_read_write()
    {
        var (reviewer, pm) = await PairAtWorkAsync();
        harness.Graph.Script(CalendarGraphStandIn.Events, new CalendarGraphStandIn.Fault(403, Message: "ErrorAccessDenied"));

        var forbidden = Assert.IsType<MeetingBooking.Forbidden>(await harness.BookAsync(reviewer, pm));

        Assert.Equal("Calendars.ReadWrite", forbidden.Permission);
    }

    [Fact]
    public async Task A_throttled_schedule_read_is_retried_by_the_sdk_after_graphs_retry_after_and_the_meeting_booked()
    {
        var (reviewer, pm) = await PairAtWorkAsync();
        harness.Graph.Script(CalendarGraphStandIn.GetSchedule, new CalendarGraphStandIn.Fault(429, RetryAfter: "1", Message: "Too many requests"));

        Assert.IsType<MeetingBooking.Booked>(await harness.BookAsync(reviewer, pm));

        var (first, retry) = Two(harness.Graph.RequestsTo(CalendarGraphStandIn.GetSchedule));
        Assert.True(retry.At - first.At >= TimeSpan.FromMilliseconds(950), $"retried after {retry.At - first.At}, before the second Graph asked for");
        Assert.Equal((string.Empty, "1"), (first.RetryAttempt, retry.RetryAttempt));
        Assert.Equal(first.Body.ToJsonString(), retry.Body.ToJsonString());
        Assert.Equal("outlook.timezone=\"UTC\"", retry.Prefer);
    }

    [Fact]
    public async Task Unavailability_that_outlasts_the_sdks_retries_says_graph_is_busy_and_books_nothing()
    {
        var (reviewer, pm) = await PairAtWorkAsync();
        var unavailable = new CalendarGraphStandIn.Fault(503, RetryAfter: "0", Message: "Service unavailable");
        harness.Graph.Script(CalendarGraphStandIn.GetSchedule, unavailable, unavailable, unavailable, unavailable);

        var failed = Assert.IsType<MeetingBooking.Failed>(await harness.BookAsync(reviewer, pm));

        Assert.StartsWith("Microsoft Graph is busy (503: Service Unavailable, 4 times", failed.Reason, StringComparison.Ordinal);
        Assert.EndsWith("try again in a few minutes", failed.Reason, StringComparison.Ordinal);
        Assert.Equal([string.Empty, "1", "2", "3"], harness.Graph.RequestsTo(CalendarGraphStandIn.GetSchedule).Select(r => r.RetryAttempt));
        Assert.Empty(harness.Graph.RequestsTo(CalendarGraphStandIn.Events));
    }

    [Fact]
    public async Task Unavailability_that_clears_within_the_retries_still_books()
    {
        var (reviewer, pm) = await PairAtWorkAsync();
        var unavailable = new CalendarGraphStandIn.Fault(503, RetryAfter: "0", Message: "Service unavailable");
        harness.Graph.Script(CalendarGraphStandIn.GetSchedule, unavailable, unavailable, unavailable);

        Assert.IsType<MeetingBooking.Booked>(await harness.BookAsync(reviewer, pm));

        Assert.Equal(4, harness.Graph.RequestsTo(CalendarGraphStandIn.GetSchedule).Count);
    }

    [Fact]
    public async Task An_organiser_without_a_mailbox_is_explained_and_nothing_is_booked()
    {
        var (reviewer, pm) = await PairAsync();
        harness.Graph.Script(CalendarGraphStandIn.GetSchedule, new CalendarGraphStandIn.Fault(404, Message: "The specified object was not found in the store."));

        var failed = Assert.IsType<MeetingBooking.Failed>(await harness.BookAsync(reviewer, pm));

        Assert.Equal("Graph found no mailbox for the organiser (404), so PmoBot cannot read the calendars", failed.Reason);
        Assert.Single(harness.Graph.RequestsTo(CalendarGraphStandIn.GetSchedule));
        Assert.Empty(harness.Graph.RequestsTo(CalendarGraphStandIn.Events));
    }

    [Fact]
    public async Task A_gateways_html_error_page_is_explained_by_its_status()
    {
        var (reviewer, pm) = await PairAtWorkAsync();
        harness.Graph.Script(CalendarGraphStandIn.GetSchedule, new CalendarGraphStandIn.Fault(502, Message: "Bad gateway", Html: true));

        var failed = Assert.IsType<MeetingBooking.Failed>(await harness.BookAsync(reviewer, pm));

        Assert.Equal("Graph could not read the calendars (502: Bad Gateway)", failed.Reason);
        Assert.Empty(harness.Graph.RequestsTo(CalendarGraphStandIn.Events));
    }

    [Fact]
    public async Task Two_bookings_of_the_same_meeting_carry_one_transaction_id_and_give_one_event()
    {
        var (reviewer, pm) = await PairAtWorkAsync();
        var transactionId = MeetingTransaction.For("warning-review", $"PRJ-101|cpi-low|{Guid.NewGuid():N}");

        var first = Assert.IsType<MeetingBooking.Booked>(await harness.BookAsync(reviewer, pm, transactionId: transactionId));

        // Exchange now shows the reviewer busy then, so the second attempt finds a later slot; Graph still answers with the first event.
        harness.Graph.SetMailbox(reviewer.Email!, Mailbox("GMT Standard Time", (first.Start, first.End, "busy")));
        var second = Assert.IsType<MeetingBooking.Booked>(await harness.BookAsync(reviewer, pm, transactionId: transactionId));

        Assert.Equal(first, second);
        var posts = harness.Graph.RequestsTo(CalendarGraphStandIn.Events);
        Assert.Equal([transactionId, transactionId], posts.Select(r => r.Body["transactionId"]!.GetValue<string>()));
        Assert.NotEqual(posts[0].Body["start"]!["dateTime"]!.GetValue<string>(), posts[1].Body["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal(first.EventId, Assert.Single(harness.Graph.CreatedEvents)["id"]!.GetValue<string>());

        // Another meeting (another transaction id) is another event.
        var other = Assert.IsType<MeetingBooking.Booked>(await harness.BookAsync(reviewer, pm, transactionId: MeetingTransaction.New()));
        Assert.NotEqual(first.EventId, other.EventId);
        Assert.Equal(2, harness.Graph.CreatedEvents.Count);
    }

    [Fact]
    public async Task An_event_creation_whose_answer_is_lost_is_replayed_by_the_sdk_and_gives_one_event()
    {
        var (reviewer, pm) = await PairAtWorkAsync();
        harness.Graph.Script(CalendarGraphStandIn.Events, new CalendarGraphStandIn.Fault(503, RetryAfter: "0", Message: "Service unavailable", AfterCreating: true));

        var booked = Assert.IsType<MeetingBooking.Booked>(await harness.BookAsync(reviewer, pm));

        var (first, replay) = Two(harness.Graph.RequestsTo(CalendarGraphStandIn.Events));
        Assert.Equal((string.Empty, "1"), (first.RetryAttempt, replay.RetryAttempt));
        Assert.Equal(first.Body["transactionId"]!.GetValue<string>(), replay.Body["transactionId"]!.GetValue<string>());
        Assert.Equal(booked.EventId, Assert.Single(harness.Graph.CreatedEvents)["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Throttling_that_asks_for_a_long_wait_is_not_waited_for_and_the_answer_says_to_try_later()
    {
        var (reviewer, pm) = await PairAsync();
        harness.Graph.Script(CalendarGraphStandIn.GetSchedule, new CalendarGraphStandIn.Fault(429, RetryAfter: "600", Message: "Too many requests"));

        var failed = Assert.IsType<MeetingBooking.Failed>(await harness.BookAsync(reviewer, pm));

        Assert.Contains("busy (429", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("wait 600 seconds", failed.Reason, StringComparison.Ordinal);
        Assert.Single(harness.Graph.RequestsTo(CalendarGraphStandIn.GetSchedule));
    }

    [Fact]
    public async Task A_pm_known_only_by_object_id_is_looked_up_in_graph_for_their_mail()
    {
        var (reviewer, pm) = await PairAsync(pmHasEmail: false);
        var mail = $"pm.{pm.UserKey[..8]}@contoso.example";
        harness.Graph.SetUser(pm.UserKey, mail);
        harness.Graph.SetMailbox(reviewer.Email!, Mailbox("GMT Standard Time"));
        harness.Graph.SetMailbox(mail, Mailbox("Eastern Standard Time"));

        Assert.IsType<MeetingBooking.Booked>(await harness.BookAsync(reviewer, pm));

        Assert.Equal(pm.UserKey, Assert.Single(harness.Graph.RequestsTo(CalendarGraphStandIn.Users)).UserId);
        Assert.Equal(mail, harness.Graph.RequestsTo(CalendarGraphStandIn.Events).Single().Body["attendees"]![0]!["emailAddress"]!["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pm_graph_does_not_know_is_explained_and_nothing_is_booked()
    {
        var (reviewer, pm) = await PairAsync(pmHasEmail: false);

        var failed = Assert.IsType<MeetingBooking.Failed>(await harness.BookAsync(reviewer, pm));

        Assert.Equal($"Graph found no user {pm.Name} ({pm.UserKey}) in the tenant", failed.Reason);
        Assert.Equal(pm.UserKey, Assert.Single(harness.Graph.RequestsTo(CalendarGraphStandIn.Users)).UserId);
        Assert.Empty(harness.Graph.RequestsTo(CalendarGraphStandIn.GetSchedule));
    }

    [Fact]
    public async Task A_refused_user_lookup_names_user_read_all()
    {
        var (reviewer, pm) = await PairAsync(pmHasEmail: false);
        harness.Graph.Script(CalendarGraphStandIn.Users, new CalendarGraphStandIn.Fault(403, Message: "Authorization_RequestDenied"));

        var forbidden = Assert.IsType<MeetingBooking.Forbidden>(await harness.BookAsync(reviewer, pm));

        Assert.Equal("User.Read.All", forbidden.Permission);
        Assert.Empty(harness.Graph.RequestsTo(CalendarGraphStandIn.GetSchedule));
    }

    [Fact]
    public async Task Without_graph_configured_the_booking_says_what_to_set_and_calls_nothing()
    {
        await using var unconfigured = await CreateAsync(configured: false);
        var reviewer = await unconfigured.PersonAsync("Alex", "Europe/London", roles: Role.Pmo);
        var pm = await unconfigured.PersonAsync("Megan", "America/New_York");

        var notConfigured = Assert.IsType<MeetingBooking.NotConfigured>(await unconfigured.BookAsync(reviewer, pm));

        Assert.Contains("Graph:TenantId", notConfigured.Reason, StringComparison.Ordinal);
        Assert.Empty(unconfigured.Graph.Requests);
    }

    private static (CalendarGraphStandIn.Request First, CalendarGraphStandIn.Request Second) Two(IReadOnlyList<CalendarGraphStandIn.Request> requests)
    {
        Assert.Equal(2, requests.Count);
        return (requests[0], requests[1]);
    }

    /// <summary>The reviewer in London and the PM in New York, both with free calendars and office hours in Outlook.</summary>
    private async Task<(PmoUser Reviewer, PmoUser Pm)> PairAtWorkAsync()
    {
        var (reviewer, pm) = await PairAsync();
        harness.Graph.SetMailbox(reviewer.Email!, Mailbox("GMT Standard Time"));
        harness.Graph.SetMailbox(pm.Email!, Mailbox("Eastern Standard Time"));
        return (reviewer, pm);
    }

    private async Task<(PmoUser Reviewer, PmoUser Pm)> PairAsync(string pmZone = "America/New_York", bool pmHasEmail = true) =>
        (await harness.PersonAsync("Alex", "Europe/London", roles: Role.Pmo), await harness.PersonAsync("Megan", pmZone, pmHasEmail, Role.ProjectManager));
}
