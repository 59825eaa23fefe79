using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Meetings;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using static PmoBot.Tests.Meetings.MeetingsHarness;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Meetings;

public sealed class MeetingCommandsTests : IAsyncLifetime
{
    private MeetingsHarness harness = null!;

    public async Task InitializeAsync() => harness = await MeetingsHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Meeting_books_the_review_with_the_projects_pm_and_shows_the_time_in_the_callers_zone_with_the_join_link()
    {
        var (reviewer, pm, code) = await BerlinReviewerAndNewYorkPmAsync(harness);

        var reply = await harness.SayAsync(reviewer, $"meeting {code.ToLowerInvariant()}");

        // Berlin 09:00-17:00 is 08:00-16:00 UTC, New York from 13:00 UTC: 13:00 UTC is 14:00 in Berlin.
        var card = reply.Card!;
        Assert.Contains(("When", "Mon 10 Mar 2025, 14:00–14:30 (Europe/Berlin)"), FactsOf(card));
        Assert.Contains(("With", pm.Name), FactsOf(card));
        var join = Assert.Single(card["actions"]!.AsArray())!;
        Assert.Equal(("Action.OpenUrl", "Join in Teams"), (join["type"]!.GetValue<string>(), join["title"]!.GetValue<string>()));
        var created = Assert.Single(harness.Graph.RequestsTo(CalendarGraphStandIn.Events));
        Assert.Equal($"PMO review: {code} Mobile banking app relaunch", created.Body["subject"]!.GetValue<string>());
        Assert.Contains(pm.Name, created.Body["body"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync("meeting booked", card);
    }

    [Fact]
    public async Task Meeting_typed_twice_books_one_meeting_and_the_second_answer_shows_it_while_another_project_still_gets_its_own()
    {
        var (reviewer, pm, code) = await BerlinReviewerAndNewYorkPmAsync(harness);
        var other = ProjectsHarness.NewCode();
        await harness.Projects.CreateAsync(ProjectsHarness.Valid(other, pm));

        await harness.SayAsync(reviewer, $"meeting {code}");
        var again = await harness.SayAsync(reviewer, $"meeting {code}");

        Assert.Equal($"A review meeting on {code} is already booked for Mon 10 Mar 2025, 14:00–14:30 (Europe/Berlin); nothing new was booked.", again.Text);
        Assert.Equal("Review meeting already booked", TextsOf(again.Card!)[0]);
        Assert.Contains(("When", "Mon 10 Mar 2025, 14:00–14:30 (Europe/Berlin)"), FactsOf(again.Card!));
        Assert.Single(harness.Graph.RequestsTo(CalendarGraphStandIn.Events));
        await AdaptiveCardValidator.AssertValidAsync("meeting already booked", again.Card!);

        // The twin: another project of the same PM is booked as usual, and once a meeting has ended the next one is too.
        var second = await harness.SayAsync(reviewer, $"meeting {other}");
        Assert.Equal("Review meeting booked", TextsOf(second.Card!)[0]);
        harness.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal("Review meeting booked", TextsOf((await harness.SayAsync(reviewer, $"meeting {code}")).Card!)[0]);
        Assert.Equal(3, harness.Graph.RequestsTo(CalendarGraphStandIn.Events).Count);
    }

    [Fact]
    public async Task When_graph_is_slow_meeting_answers_at_once_and_the_booked_meeting_follows_in_the_same_chat()
    {
        await using var slow = await MeetingsHarness.CreateAsync(answerWithin: TimeSpan.FromMilliseconds(300));
        var (reviewer, pm, code) = await BerlinReviewerAndNewYorkPmAsync(slow);
        slow.Graph.HoldEvents();

        var reply = await slow.Commands.RouteAsync(reviewer, $"meeting {code}", ConversationKind.Personal, [], CancellationToken.None);

        Assert.Null(reply.Card);
        Assert.StartsWith($"Booking the review meeting of {code} with {pm.Name}: Microsoft Graph is slow to answer, so the meeting (or why none was booked) comes here when it answers.", reply.Text, StringComparison.Ordinal);
        Assert.Equal(1, slow.Budget.Running);

        slow.Graph.ReleaseEvents();
        var sent = await WaitForDeliveryAsync(slow, code);
        Assert.Equal(DeliveryTarget.PersonalChat(reviewer.UserKey), sent.Target);
        Assert.Contains(("When", "Mon 10 Mar 2025, 14:00–14:30 (Europe/Berlin)"), FactsOf(sent.Card!));
        Assert.Single(slow.Graph.CreatedEvents);
        await AdaptiveCardValidator.AssertValidAsync("meeting booked late", sent.Card!);
    }

    [Fact]
    public async Task When_graph_answers_within_the_budget_the_card_is_the_answer_and_nothing_goes_through_the_outbox()
    {
        await using var quick = await MeetingsHarness.CreateAsync(answerWithin: TimeSpan.FromSeconds(3));
        var (reviewer, _, code) = await BerlinReviewerAndNewYorkPmAsync(quick);

        var reply = await quick.Commands.RouteAsync(reviewer, $"meeting {code}", ConversationKind.Personal, [], CancellationToken.None);

        Assert.Contains(("When", "Mon 10 Mar 2025, 14:00–14:30 (Europe/Berlin)"), FactsOf(reply.Card!));
        Assert.Equal(0, quick.Budget.Running);
        Assert.Null(await quick.Delivery.Deliveries.GetAsync(DeliveryKey(quick, code), CancellationToken.None));
    }

    [Fact]
    public async Task Meeting_explains_a_missing_permission_with_what_an_administrator_must_grant()
    {
        var reviewer = await harness.PersonAsync("Alex", "Europe/London", roles: Role.Pmo);
        var pm = await harness.PersonAsync("Megan", "America/New_York");
        var code = ProjectsHarness.NewCode();
        await harness.Projects.CreateAsync(ProjectsHarness.Valid(code, pm));
        harness.Graph.Script(CalendarGraphStandIn.GetSchedule, new CalendarGraphStandIn.Fault(403));

        var reply = await harness.SayAsync(reviewer, $"meeting {code}");

        Assert.Contains(TextsOf(reply.Card), t => t.Contains("**Calendars.Read**", StringComparison.Ordinal));
        Assert.Contains("Calendars.Read", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meeting_answers_a_missing_unknown_or_own_project_without_calling_graph()
    {
        var reviewer = await harness.PersonAsync("Alex", "Europe/London", roles: Role.Pmo);
        var code = ProjectsHarness.NewCode();
        await harness.Projects.CreateAsync(ProjectsHarness.Valid(code, reviewer));

        Assert.StartsWith("Which project?", (await harness.SayAsync(reviewer, "meeting")).Text, StringComparison.Ordinal);
        Assert.Contains("is not a project code", (await harness.SayAsync(reviewer, "meeting banking")).Text, StringComparison.Ordinal);
        Assert.Contains("There is no project", (await harness.SayAsync(reviewer, $"meeting {ProjectsHarness.NewCode()}")).Text, StringComparison.Ordinal);
        Assert.Contains("You are", (await harness.SayAsync(reviewer, $"meeting {code}")).Text, StringComparison.Ordinal);
        Assert.Empty(harness.Graph.Requests);
    }

    [Fact]
    public async Task Meeting_is_for_the_pmo()
    {
        var pm = await harness.PersonAsync("Megan", "America/New_York", roles: Role.ProjectManager);

        var reply = await harness.SayAsync(pm, "meeting PRJ-101");

        Assert.Contains("is for PMO or Admin", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_outcome_card_is_valid_and_says_what_to_do()
    {
        var viewer = await harness.PersonAsync("Alex", "Europe/London", roles: Role.Pmo);
        MeetingBooking[] outcomes =
        [
            new MeetingBooking.Booked(Utc(10, 13), Utc(10, 13, 30), "https://teams.microsoft.com/l/meetup-join/x", "AAMk1"),
            new MeetingBooking.Booked(Utc(10, 13), Utc(10, 13, 30), null, "AAMk2"),
            new MeetingBooking.NoCommonSlot([Utc(10, 9), Utc(10, 9, 30)]),
            new MeetingBooking.NoCommonSlot([]),
            new MeetingBooking.NotConfigured("Microsoft Graph is not configured"),
            new MeetingBooking.Forbidden("Calendars.ReadWrite"),
            new MeetingBooking.Failed("Graph could not create the meeting (500: boom)"),
        ];

        var cards = outcomes.Select((o, i) => ($"meeting outcome {i} {o.GetType().Name}", MeetingCards.Outcome(o, "PRJ-101", "Mobile banking app relaunch", "Megan Bowen", viewer, "meeting PRJ-101"))).ToList();

        Assert.All(cards.Skip(2), c => Assert.Contains(TextsOf(c.Item2), t => t.StartsWith("**What to do:**", StringComparison.Ordinal)));
        Assert.Contains(("Option 1", "Mon 10 Mar 2025, 09:00–09:30 (Europe/London)"), FactsOf(cards[2].Item2));
        await AdaptiveCardValidator.AssertAllValidAsync(cards);
    }

    private static async Task<(PmoUser Reviewer, PmoUser Pm, string Code)> BerlinReviewerAndNewYorkPmAsync(MeetingsHarness harness)
    {
        var reviewer = await harness.PersonAsync("Alex", "Europe/Berlin", roles: Role.Pmo);
        var pm = await harness.PersonAsync("Megan", "America/New_York", roles: Role.ProjectManager);
        var code = ProjectsHarness.NewCode();
        await harness.Projects.CreateAsync(ProjectsHarness.Valid(code, pm));
        harness.Graph.SetMailbox(reviewer.Email!, Mailbox("W. Europe Standard Time"));
        harness.Graph.SetMailbox(pm.Email!, Mailbox("Eastern Standard Time"));
        return (reviewer, pm, code);
    }

    /// <summary>The outbox key of the card a late booking sends: the command's one Graph event names it.</summary>
    private static string DeliveryKey(MeetingsHarness harness, string code) =>
        $"meeting|{code}|{harness.Graph.CreatedEvents.Single()["transactionId"]!.GetValue<string>()}";

    private static async Task<DeliveryRecord> WaitForDeliveryAsync(MeetingsHarness harness, string code)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (harness.Graph.CreatedEvents.Count == 1 && await harness.Delivery.Deliveries.GetAsync(DeliveryKey(harness, code), CancellationToken.None) is { } record)
            {
                return record;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No meeting card for {code} reached the outbox.");
    }
}
