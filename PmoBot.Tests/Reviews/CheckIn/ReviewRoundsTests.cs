using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PmoBot.Alerts;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Reviews;
using PmoBot.Reviews.CheckIn;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Schedule;
using PmoBot.Storage;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Reviews.CheckIn;

/// <summary>
/// The weekly round against Azurite: opening, reminder and deadline as the sweeper hands them over, with the real
/// outbox (its delivery records are what the tests read). The due index, schedules and alert channel are tables of
/// the test's own, so no other test's entries come due here.
/// </summary>
public sealed class ReviewRoundsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ReviewsOptions Settings = new();

    [Fact]
    public async Task Opening_starts_the_chat_on_the_first_project_sends_the_invitation_and_files_reminder_and_deadline()
    {
        var round = await RoundHarness.CreateAsync();
        var (pm, codes) = await round.CheckIn.ManagerWithProjectsAsync(2);
        var opening = Open(pm.UserKey);

        await round.Rounds.HandleAsync(opening, None);

        var invitation = (await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|2026-W48", None))!;
        Assert.Equal(new PmoBot.Delivery.DeliveryTarget(ConversationKind.Personal, pm.UserKey), invitation.Target);
        Assert.Contains("question 1 of", string.Join(' ', TextsOf(invitation.Card)), StringComparison.Ordinal);
        Assert.Contains(TextsOf(invitation.Card), t => t.Contains($"2 projects ({codes[0]}, {codes[1]})", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("review invitation", invitation.Card!);
        var session = (await round.CheckIn.Sessions.GetAsync(pm.UserKey, None))!.Session;
        Assert.Equal(codes[0], session.ProjectCode);
        Assert.Equal(codes.Skip(1), session.Queue);
        var filed = await round.Index.ListDueAsync(opening.DueAt + Settings.DeadlineAfter, 10, None);
        Assert.Contains(filed, e => e.Kind == ReviewDueKind.Remind && e.DueAt == opening.DueAt + Settings.ReminderAfter && e.ProjectCodes.SequenceEqual(codes));
        Assert.Contains(filed, e => e.Kind == ReviewDueKind.Deadline && e.DueAt == opening.DueAt + Settings.DeadlineAfter);

        var replyToInvitation = await round.CheckIn.SayAsync(pm, "green");
        Assert.Contains("question 2 of", replyToInvitation.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_opening_handled_twice_keeps_one_session_and_one_invitation()
    {
        var round = await RoundHarness.CreateAsync();
        var (pm, _) = await round.CheckIn.ManagerWithProjectsAsync();

        await round.Rounds.HandleAsync(Open(pm.UserKey), None);
        var first = (await round.CheckIn.Sessions.GetAsync(pm.UserKey, None))!.Session;
        await round.Rounds.HandleAsync(Open(pm.UserKey), None);

        Assert.Equal(first.SessionId, (await round.CheckIn.Sessions.GetAsync(pm.UserKey, None))!.Session.SessionId);
        var record = (await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|2026-W48", None))!;
        Assert.Equal(PmoBot.Delivery.DeliveryStatus.Queued, record.Status);
    }

    [Fact]
    public async Task The_reminder_names_only_the_reviews_not_yet_submitted_and_none_is_sent_when_all_are_in()
    {
        var round = await RoundHarness.CreateAsync();
        var (pm, codes) = await round.CheckIn.ManagerWithProjectsAsync(2);
        var (done, doneCodes) = await round.CheckIn.ManagerWithProjectsAsync();
        await SubmitAsync(round.CheckIn, pm);
        await SubmitAsync(round.CheckIn, done);

        await round.Rounds.HandleAsync(Remind(pm.UserKey, codes), None);
        await round.Rounds.HandleAsync(Remind(done.UserKey, doneCodes), None);

        var reminder = (await round.Delivery.Deliveries.GetAsync($"review-remind|{pm.UserKey}|2026-W48", None))!;
        Assert.Contains(TextsOf(reminder.Card), t => t.StartsWith($"Week 2026-W48: {codes[1]} is not submitted yet.", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("review reminder", reminder.Card!);
        Assert.Null(await round.Delivery.Deliveries.GetAsync($"review-remind|{done.UserKey}|2026-W48", None));
    }

    [Fact]
    public async Task At_the_deadline_an_unanswered_review_is_missed_listed_as_overdue_and_the_pmo_and_the_pm_are_told()
    {
        var round = await RoundHarness.CreateAsync();
        var (pm, codes) = await round.CheckIn.ManagerWithProjectsAsync();
        var pmo = await round.CheckIn.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);

        await round.Rounds.HandleAsync(Deadline(pm.UserKey, codes), None);
        await round.Rounds.HandleAsync(Deadline(pm.UserKey, codes), None);

        var record = (await round.CheckIn.History.GetAsync(codes[0], CheckInHarness.Week48, None))!;
        Assert.Equal(ReviewOutcome.Missed, record.Outcome);
        var overdue = await round.CheckIn.History.OverdueAsync(0, 1000, null, None);
        Assert.Contains(overdue.Items, m => m.ProjectCode == codes[0]);
        var notice = (await round.Delivery.Deliveries.GetAsync($"review-missed|{pm.UserKey}|2026-W48|{pmo.UserKey}", None))!;
        Assert.Contains(FactsOf(notice.Card!), f => f.Title == codes[0]);
        await AdaptiveCardValidator.AssertValidAsync("missed review notice", notice.Card!);
        var toManager = (await round.Delivery.Deliveries.GetAsync($"review-missed-pm|{pm.UserKey}|2026-W48", None))!;
        Assert.Equal(pm.UserKey, toManager.Target.Key);
        await AdaptiveCardValidator.AssertValidAsync("missed review note to the PM", toManager.Card!);

        await SubmitAsync(round.CheckIn, pm);
        Assert.DoesNotContain((await round.CheckIn.History.OverdueAsync(0, 1000, null, None)).Items, m => m.ProjectCode == codes[0]);
    }

    [Fact]
    public async Task With_a_pmo_channel_chosen_the_missed_review_is_posted_there_once()
    {
        var round = await RoundHarness.CreateAsync();
        var (pm, codes) = await round.CheckIn.ManagerWithProjectsAsync();
        var channel = $"19:{Guid.NewGuid():N}@thread.tacv2";
        await round.Alerts.SetAsync(new AlertChannel(channel, "PMO", "Alex", CheckInHarness.Monday), None);

        await round.Rounds.HandleAsync(Deadline(pm.UserKey, codes), None);

        var posted = (await round.Delivery.Deliveries.GetAsync($"review-missed|{pm.UserKey}|2026-W48|channel", None))!;
        Assert.Equal(new PmoBot.Delivery.DeliveryTarget(ConversationKind.Channel, channel), posted.Target);
    }

    [Fact]
    public async Task The_sweeper_opens_a_pms_review_at_their_local_hour()
    {
        var round = await RoundHarness.CreateAsync();
        var (pm, _) = await round.CheckIn.ManagerWithProjectsAsync();
        await round.Scheduler.EnsureScheduledAsync(pm.UserKey, None);

        round.CheckIn.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8, 59, 0, TimeSpan.Zero));
        await round.Sweeper.SweepOnceAsync(None);
        var early = await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|2026-W49", None);
        round.CheckIn.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 0, 30, TimeSpan.Zero));
        await round.Sweeper.SweepOnceAsync(None);

        Assert.Null(early);
        Assert.NotNull(await round.Delivery.Deliveries.GetAsync($"review-open|{pm.UserKey}|2026-W49", None));
        var next = await round.Index.ListDueAsync(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), 50, None);
        Assert.Contains(next, e => e.UserKey == pm.UserKey && e.Kind == ReviewDueKind.Open && e.DueAt == new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        Assert.Contains(next, e => e.UserKey == pm.UserKey && e.Kind == ReviewDueKind.Remind && e.DueAt == new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_pm_who_chooses_another_time_zone_has_the_next_review_at_their_hour_there()
    {
        var round = await RoundHarness.CreateAsync();
        var (pm, _) = await round.CheckIn.ManagerWithProjectsAsync();
        await round.Scheduler.EnsureScheduledAsync(pm.UserKey, None);
        var people = round.CheckIn.Projects.People.Directory;
        var commands = new PmoBot.Commands.CommandRouter([new PeopleCommands(people, new RoleAdministration(people), [new ReviewTimeZoneObserver(round.Scheduler)])]);

        await commands.RouteAsync(pm, "timezone Asia/Kolkata", ConversationKind.Personal, [], None);

        var filed = (await round.Index.ListDueAsync(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), 50, None)).Where(e => e.UserKey == pm.UserKey).ToList();
        var opening = Assert.Single(filed, e => e.Kind == ReviewDueKind.Open);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 3, 30, 0, TimeSpan.Zero), opening.DueAt);
    }

    private static ReviewDueEntry Open(string userKey) =>
        new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), ReviewDueKind.Open, userKey, CheckInHarness.Week48, []);

    private static ReviewDueEntry Remind(string userKey, IReadOnlyList<string> codes) =>
        new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), ReviewDueKind.Remind, userKey, CheckInHarness.Week48, codes);

    private static ReviewDueEntry Deadline(string userKey, IReadOnlyList<string> codes) =>
        new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), ReviewDueKind.Deadline, userKey, CheckInHarness.Week48, codes);

    /// <summary>Answers and submits the PM's first due review in chat.</summary>
    private static async Task SubmitAsync(CheckInHarness checkIn, PmoUser pm)
    {
        await checkIn.SayAsync(pm, "review");
        await checkIn.AnswerRestAsync(pm);
        await checkIn.SayAsync(pm, "submit");
    }

    private sealed class RoundHarness
    {
        public required CheckInHarness CheckIn { get; init; }

        public required DeliveryHarness Delivery { get; init; }

        public required ReviewDueIndex Index { get; init; }

        public required ReviewScheduler Scheduler { get; init; }

        public required AlertChannelStore Alerts { get; init; }

        public required ReviewRounds Rounds { get; init; }

        public required ReviewSweeper Sweeper { get; init; }

        public static async Task<RoundHarness> CreateAsync()
        {
            var checkIn = await CheckInHarness.CreateAsync();
            var delivery = await DeliveryHarness.CreateAsync();
            var suffix = Guid.NewGuid().ToString("N")[..10];
            var (dueTable, schedulesTable, alertsTable) = ($"ReviewDue{suffix}", $"ReviewSchedules{suffix}", $"AlertChannels{suffix}");
            var service = await AzuriteStorage.WithTablesAsync(dueTable, schedulesTable, alertsTable);
            var options = Options.Create(Settings);
            var people = checkIn.Projects.People.Directory;
            var index = new ReviewDueIndex(service, dueTable);
            var scheduler = new ReviewScheduler(new ReviewScheduleStore(service, schedulesTable), index, people, checkIn.Projects.Register, options, checkIn.Time, NullLogger<ReviewScheduler>.Instance);
            var alerts = new AlertChannelStore(service, alertsTable);
            var rounds = new ReviewRounds(
                checkIn.Starter, checkIn.Sessions, scheduler, people, checkIn.Projects.Register, checkIn.History, delivery.Outbox, new PmoNotifier(alerts, people, delivery.Outbox), options, checkIn.Time, NullLogger<ReviewRounds>.Instance);
            var readiness = new StorageReadiness();
            readiness.MarkReady();
            var scopes = new ServiceCollection().AddSingleton<IReviewDueHandler>(rounds).BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
            var sweeper = new ReviewSweeper(index, scheduler, scopes, readiness, options, checkIn.Time, NullLogger<ReviewSweeper>.Instance);
            return new RoundHarness { CheckIn = checkIn, Delivery = delivery, Index = index, Scheduler = scheduler, Alerts = alerts, Rounds = rounds, Sweeper = sweeper };
        }
    }
}
