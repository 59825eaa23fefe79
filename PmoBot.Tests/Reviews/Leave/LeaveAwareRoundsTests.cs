using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PmoBot.Alerts;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Graph;
using PmoBot.Meetings;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Leave;
using PmoBot.Reviews.Schedule;
using PmoBot.Storage;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.Meetings;
using PmoBot.Tests.Projects;
using PmoBot.Tests.Reviews.CheckIn;
using PmoBot.Tests.Reviews.Schedule;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Reviews.Leave;

/// <summary>
/// The weekly round reading the PM's calendar through the Graph SDK against the calendar stand-in (real HTTP, the
/// SDK's retry handler), with the round's stores on Azurite: leave for the whole window, leave that ends or starts
/// inside it, a public holiday, a deputy, Graph throttling, down or not configured.
/// </summary>
public sealed class LeaveAwareRoundsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ReviewsOptions Settings = new();

    [Fact]
    public async Task A_pm_out_of_office_for_the_whole_window_is_not_asked_and_the_week_reads_on_leave_in_history_and_overdue()
    {
        await using var round = await LeaveHarness.CreateAsync();
        var (pm, code) = await round.ManagerAsync("Asia/Tokyo");
        var opening = Opening(pm.UserKey, "Asia/Tokyo");
        round.Graph.SetMailbox(pm.Email!, MeetingsHarness.Mailbox("Tokyo Standard Time", (opening.DueAt.AddDays(-2), opening.DueAt.AddDays(7), "oof")));

        await round.Rounds.HandleAsync(opening, None);

        Assert.Null(await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|{opening.Period}", None));
        Assert.Null(await round.CheckIn.Sessions.GetAsync(pm.UserKey, None));
        Assert.Empty(await round.FiledForAsync(pm.UserKey));
        Assert.Equal(ReviewOutcome.OnLeave, (await round.CheckIn.History.GetAsync(code, opening.Period, None))!.Outcome);
        Assert.Equal(0, (await round.CheckIn.History.LatestStatusAsync(code, None))!.ConsecutiveMissed);

        // The exact request: the PM's own calendar, the window from the opening to the deadline, in UTC, 30-minute slots.
        var request = Assert.Single(round.Graph.RequestsTo(CalendarGraphStandIn.GetSchedule));
        Assert.Equal(pm.UserKey, request.UserId);
        Assert.Equal($"Bearer {LeaveHarness.Token}", request.Authorization);
        Assert.Equal("outlook.timezone=\"UTC\"", request.Prefer);
        Assert.Equal([pm.Email], request.Body["schedules"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(opening.DueAt, Utc(request.Body["startTime"]!));
        Assert.Equal(opening.DueAt + Settings.DeadlineAfter, Utc(request.Body["endTime"]!));
        Assert.Equal(30, request.Body["availabilityViewInterval"]!.GetValue<int>());

        var pmo = await round.CheckIn.Projects.PersonAsync("Patti", Role.Pmo);
        var commands = new CommandRouter([new ReviewHistoryCommands(round.CheckIn.Projects.Register, round.CheckIn.Projects.Visibility, round.CheckIn.History)]);
        var history = await commands.RouteAsync(pmo, $"review history {code}", ConversationKind.Personal, [], None);
        Assert.Contains(TextsOf(history.Card!), t => t.Contains("🌴 on leave", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("review history with a week on leave", history.Card!);
        var overdue = await round.CheckIn.History.OverdueAsync(0, 1000, m => m.ProjectCode == code, None);
        Assert.True(Assert.Single(overdue.Items).OnLeave);
    }

    [Fact]
    public async Task A_pm_on_leave_with_a_deputy_has_the_review_asked_of_the_deputy_who_is_reminded_and_can_miss_it()
    {
        await using var round = await LeaveHarness.CreateAsync();
        var deputy = await round.CheckIn.Projects.PersonWithEmailAsync("Dana", Role.ProjectManager);
        var (pm, code) = await round.ManagerAsync("Europe/London", deputy);
        var opening = Opening(pm.UserKey, "Europe/London");
        round.Graph.SetMailbox(pm.Email!, MeetingsHarness.Mailbox("GMT Standard Time", (opening.DueAt.AddDays(-1), opening.DueAt.AddDays(5), "oof")));

        await round.Rounds.HandleAsync(opening, None);

        Assert.Null(await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|{opening.Period}", None));
        var invitation = (await round.Delivery.Deliveries.GetAsync($"review-open|{deputy.UserKey}|{opening.Period}|for|{pm.UserKey}", None))!;
        Assert.Equal(deputy.UserKey, invitation.Target.Key);
        Assert.Contains(TextsOf(invitation.Card), t => t.Contains($"{pm.Name} is on leave this week", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("deputy's review invitation", invitation.Card!);
        Assert.Equal(code, (await round.CheckIn.Sessions.GetAsync(deputy.UserKey, None))!.Session.ProjectCode);
        Assert.Empty(await round.FiledForAsync(pm.UserKey));
        var filed = await round.FiledForAsync(deputy.UserKey);
        Assert.Contains(filed, e => e.Kind == ReviewDueKind.Remind && e.StandingInFor == pm.UserKey && e.ProjectCodes.SequenceEqual([code]));
        var deadline = Assert.Single(filed, e => e.Kind == ReviewDueKind.Deadline);

        await round.Rounds.HandleAsync(deadline, None);
        Assert.Equal(ReviewOutcome.Missed, (await round.CheckIn.History.GetAsync(code, opening.Period, None))!.Outcome);
        Assert.NotNull(await round.Delivery.Deliveries.GetAsync($"review-missed-pm|{deputy.UserKey}|{opening.Period}|for|{pm.UserKey}", None));
    }

    [Fact]
    public async Task A_deputy_on_leave_too_is_not_asked_and_the_week_reads_on_leave()
    {
        await using var round = await LeaveHarness.CreateAsync();
        var deputy = await round.CheckIn.Projects.PersonWithEmailAsync("Dana", Role.ProjectManager);
        var (pm, code) = await round.ManagerAsync("Europe/London", deputy);
        var opening = Opening(pm.UserKey, "Europe/London");
        round.Graph.SetMailbox(pm.Email!, MeetingsHarness.Mailbox("GMT Standard Time", (opening.DueAt.AddDays(-1), opening.DueAt.AddDays(5), "oof")));
        round.Graph.SetMailbox(deputy.Email!, MeetingsHarness.Mailbox("GMT Standard Time", (opening.DueAt.AddDays(-3), opening.DueAt.AddDays(9), "oof")));

        await round.Rounds.HandleAsync(opening, None);

        Assert.Null(await round.Delivery.Deliveries.GetAsync($"review-open|{deputy.UserKey}|{opening.Period}|for|{pm.UserKey}", None));
        Assert.Null(await round.CheckIn.Sessions.GetAsync(deputy.UserKey, None));
        Assert.Empty(await round.FiledForAsync(deputy.UserKey));
        Assert.Equal(ReviewOutcome.OnLeave, (await round.CheckIn.History.GetAsync(code, opening.Period, None))!.Outcome);
        // Both calendars were read, each for the same window.
        Assert.Equal([pm.Email, deputy.Email], round.Graph.RequestsTo(CalendarGraphStandIn.GetSchedule).Select(r => r.Body["schedules"]![0]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_pm_back_from_a_public_holiday_in_new_york_is_asked_on_their_first_working_day_of_the_window()
    {
        await using var round = await LeaveHarness.CreateAsync();
        var (pm, code) = await round.ManagerAsync("America/New_York");
        var opening = Opening(pm.UserKey, "America/New_York");
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var holidayStart = new DateTimeOffset(2026, 11, 30, 0, 0, 0, ny.GetUtcOffset(new DateTime(2026, 11, 30)));
        round.Graph.SetMailbox(pm.Email!, MeetingsHarness.Mailbox("Eastern Standard Time", (holidayStart, holidayStart.AddDays(1), "oof")));

        await round.Rounds.HandleAsync(opening, None);

        Assert.Null(await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|{opening.Period}", None));
        var back = new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);
        var deferred = Assert.Single(await round.FiledForAsync(pm.UserKey));
        Assert.Equal((ReviewDueKind.OpenAfterLeave, back, code), (deferred.Kind, deferred.DueAt, Assert.Single(deferred.ProjectCodes)));

        round.CheckIn.Time.SetUtcNow(back.AddSeconds(30));
        await round.Sweeper.SweepOnceAsync(None);

        var invitation = (await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|{opening.Period}", None))!;
        Assert.Contains(TextsOf(invitation.Card), t => t.Contains("Thursday 3 December, 09:00 (America/New_York)", StringComparison.Ordinal));
        var filed = await round.FiledForAsync(pm.UserKey);
        Assert.Contains(filed, e => e.Kind == ReviewDueKind.Deadline && e.DueAt == back + Settings.DeadlineAfter);
        Assert.DoesNotContain(filed, e => e.Kind == ReviewDueKind.OpenAfterLeave);
    }

    [Fact]
    public async Task Leave_that_starts_in_the_middle_of_the_window_does_not_delay_the_review()
    {
        await using var round = await LeaveHarness.CreateAsync();
        var (pm, _) = await round.ManagerAsync("Europe/London");
        var opening = Opening(pm.UserKey, "Europe/London");
        round.Graph.SetMailbox(pm.Email!, MeetingsHarness.Mailbox("GMT Standard Time", (opening.DueAt.AddHours(26), opening.DueAt.AddDays(10), "oof")));

        await round.Rounds.HandleAsync(opening, None);

        Assert.NotNull(await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|{opening.Period}", None));
    }

    [Fact]
    public async Task Graph_throttling_once_is_retried_and_the_leave_still_counts()
    {
        await using var round = await LeaveHarness.CreateAsync();
        var (pm, code) = await round.ManagerAsync("Europe/London");
        var opening = Opening(pm.UserKey, "Europe/London");
        round.Graph.SetMailbox(pm.Email!, MeetingsHarness.Mailbox("GMT Standard Time", (opening.DueAt.AddDays(-1), opening.DueAt.AddDays(5), "oof")));
        round.Graph.Script(CalendarGraphStandIn.GetSchedule, new CalendarGraphStandIn.Fault(429, RetryAfter: "1"));

        await round.Rounds.HandleAsync(opening, None);

        Assert.Equal(2, round.Graph.RequestsTo(CalendarGraphStandIn.GetSchedule).Count);
        Assert.Equal(ReviewOutcome.OnLeave, (await round.CheckIn.History.GetAsync(code, opening.Period, None))!.Outcome);
        Assert.Null(await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|{opening.Period}", None));
    }

    [Fact]
    public async Task When_graph_is_down_the_review_opens_as_usual_and_the_log_says_why_once()
    {
        await using var round = await LeaveHarness.CreateAsync();
        var (pm, _) = await round.ManagerAsync("Europe/London");
        var opening = Opening(pm.UserKey, "Europe/London");
        round.Graph.SetMailbox(pm.Email!, MeetingsHarness.Mailbox("GMT Standard Time", (opening.DueAt.AddDays(-1), opening.DueAt.AddDays(5), "oof")));
        round.Graph.Script(CalendarGraphStandIn.GetSchedule, Enumerable.Repeat(new CalendarGraphStandIn.Fault(503, Message: "down"), 4).ToArray());

        await round.Rounds.HandleAsync(opening, None);

        Assert.NotNull(await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|{opening.Period}", None));
        var why = Assert.Single(round.Logger.MessagesAtLeast(LogLevel.Warning));
        Assert.Contains("without a leave check", why, StringComparison.Ordinal);
        Assert.Contains("503", why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_graph_settings_the_review_opens_as_usual_and_the_log_says_what_to_set()
    {
        await using var round = await LeaveHarness.CreateAsync(configured: false);
        var (pm, _) = await round.ManagerAsync("Europe/London");
        var opening = Opening(pm.UserKey, "Europe/London");

        await round.Rounds.HandleAsync(opening, None);

        Assert.NotNull(await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|{opening.Period}", None));
        Assert.Empty(round.Graph.Requests);
        Assert.Contains(round.Logger.MessagesAtLeast(LogLevel.Warning), m => m.Contains("Graph:TenantId", StringComparison.Ordinal));
    }

    /// <summary>Monday 30 November 2026, 09:00 in the zone: the opening of week 2026-W49.</summary>
    private static ReviewDueEntry Opening(string userKey, string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var local = new DateTime(2026, 11, 30, 9, 0, 0);
        var at = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        return new ReviewDueEntry(at, ReviewDueKind.Open, userKey, ReviewPeriod.Of(at, zone), []);
    }

    private static DateTimeOffset Utc(JsonNode time)
    {
        Assert.Equal("UTC", time["timeZone"]!.GetValue<string>());
        return new DateTimeOffset(DateTime.Parse(time["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture), TimeSpan.Zero);
    }

    private sealed class LeaveHarness : IAsyncDisposable
    {
        public const string Token = "graph-leave-token";

        public required CheckInHarness CheckIn { get; init; }

        public required DeliveryHarness Delivery { get; init; }

        public required CalendarGraphStandIn Graph { get; init; }

        public required ServiceProvider Services { get; init; }

        public required ReviewDueIndex Index { get; init; }

        public required ReviewRounds Rounds { get; init; }

        public required ReviewSweeper Sweeper { get; init; }

        public required RecordingLogger<ReviewRounds> Logger { get; init; }

        public static async Task<LeaveHarness> CreateAsync(bool configured = true)
        {
            var checkIn = await CheckInHarness.CreateAsync();
            var delivery = await DeliveryHarness.CreateAsync();
            var graph = await CalendarGraphStandIn.StartAsync();
            var suffix = Guid.NewGuid().ToString("N")[..10];
            var (dueTable, schedulesTable, alertsTable) = ($"ReviewDue{suffix}", $"ReviewSchedules{suffix}", $"AlertChannels{suffix}");
            var service = await AzuriteStorage.WithTablesAsync(dueTable, schedulesTable, alertsTable);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Graph:BaseUrl"] = graph.BaseUrl,
                ["Graph:AccessToken"] = configured ? Token : null,
            }).Build();
            var services = new ServiceCollection().AddLogging().AddGraph(configuration).BuildServiceProvider();
            var accessor = services.GetRequiredService<GraphClientAccessor>();
            var calendar = new GraphCalendarClient(accessor);
            var people = checkIn.Projects.People.Directory;
            var leave = new LeaveCalendar(accessor, calendar, new MeetingPeople(people, calendar));
            var options = Options.Create(Settings);
            var index = new ReviewDueIndex(service, dueTable);
            var scheduler = new ReviewScheduler(new ReviewScheduleStore(service, schedulesTable), index, people, checkIn.Projects.Register, options, checkIn.Time, NullLogger<ReviewScheduler>.Instance);
            var logger = new RecordingLogger<ReviewRounds>();
            var rounds = new ReviewRounds(
                checkIn.Starter, checkIn.Sessions, scheduler, people, checkIn.Projects.Register, checkIn.History, delivery.Outbox,
                new PmoNotifier(new AlertChannelStore(service, alertsTable), people, delivery.Outbox), options, checkIn.Time, logger, null, leave);
            var readiness = new StorageReadiness();
            readiness.MarkReady();
            var scopes = new ServiceCollection().AddSingleton<IReviewDueHandler>(rounds).BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
            var sweeper = new ReviewSweeper(index, scheduler, scopes, readiness, options, checkIn.Time, NullLogger<ReviewSweeper>.Instance);
            return new LeaveHarness
            {
                CheckIn = checkIn,
                Delivery = delivery,
                Graph = graph,
                Services = services,
                Index = index,
                Rounds = rounds,
                Sweeper = sweeper,
                Logger = logger,
            };
        }

        /// <summary>A PM with a mailbox, living in <paramref name="zone"/>, managing one active weekly project.</summary>
        public async Task<(PmoUser Pm, string Code)> ManagerAsync(string zone, PmoUser? deputy = null)
        {
            var person = TestPerson.New("Megan");
            var email = $"megan.{person.AadObjectId[..8]}@contoso.example";
            var pm = await CheckIn.Projects.People.Directory.EnsureAsync(
                new UserProfile(person.AadObjectId, person.Name, person.TeamsUserId, email, zone, true, new HashSet<Role>(), CheckIn.Time.GetUtcNow()), None);
            var code = ProjectsHarness.NewCode();
            await CheckIn.Projects.CreateAsync(ProjectsHarness.Valid(code, pm, deputy));
            return (pm, code);
        }

        public async Task<IReadOnlyList<ReviewDueEntry>> FiledForAsync(string userKey) =>
            (await Index.ListDueAsync(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), 100, None)).Where(e => e.UserKey == userKey).ToList();

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await Graph.DisposeAsync();
        }
    }
}
