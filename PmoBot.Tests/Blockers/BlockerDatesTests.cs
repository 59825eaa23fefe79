using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Blockers;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Blockers;

/// <summary>
/// "Past due" on a fake clock at instants where UTC's date is not everyone's: 20:00 UTC on 30 Nov 2026 is already
/// 1 Dec in Kolkata and still 30 Nov in Los Angeles. Each card reads it on its reader's calendar, the reminder on the owner's.
/// </summary>
public sealed class BlockerDatesTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateTimeOffset KolkataIsOnTheNextDay = new(2026, 11, 30, 20, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly Due = new(2026, 11, 30);

    [Fact]
    public async Task An_owner_is_reminded_once_the_date_has_passed_on_their_own_calendar()
    {
        var s = await Setup.CreateAsync(KolkataIsOnTheNextDay);
        var manager = await s.PersonAsync("Megan", "Europe/London");
        var inKolkata = await s.BlockerAsync(manager, await s.PersonAsync("Priya", "Asia/Kolkata"), "i1");
        var inLosAngeles = await s.BlockerAsync(manager, await s.PersonAsync("Lee", "America/Los_Angeles"), "i2");
        var sweeper = new BlockerReminderSweeper(s.Register, s.Projects.People.Directory, s.Delivery.Outbox, s.Time);

        Assert.Equal(1, await sweeper.SweepOnceAsync(None));
        Assert.Equal(ChatOf(inKolkata.OwnerKey), (await s.Delivery.Deliveries.GetAsync(ReminderKey(inKolkata), None))?.Target);
        Assert.Null(await s.Delivery.Deliveries.GetAsync(ReminderKey(inLosAngeles), None));

        // 02:00 UTC on 1 Dec is 18:00 on 30 Nov in Los Angeles: not past there yet. At 08:00 UTC it is 1 Dec there too.
        s.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        await sweeper.SweepOnceAsync(None);
        Assert.Null(await s.Delivery.Deliveries.GetAsync(ReminderKey(inLosAngeles), None));
        s.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, await sweeper.SweepOnceAsync(None));
        var reminder = (await s.Delivery.Deliveries.GetAsync(ReminderKey(inLosAngeles), None))!;
        Assert.Equal(ChatOf(inLosAngeles.OwnerKey), reminder.Target);
        Assert.EndsWith("(past)", DueFact(reminder.Card!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_blockers_list_flags_an_item_past_due_on_the_reader_s_calendar()
    {
        var s = await Setup.CreateAsync(KolkataIsOnTheNextDay);
        var manager = await s.PersonAsync("Megan", "Europe/London");
        var blocker = await s.BlockerAsync(manager, manager, "i1");
        var router = new CommandRouter([new BlockerCommands(s.Register, s.Projects.Register, s.Projects.Visibility, s.Time)]);

        var inKolkata = await router.RouteAsync(await s.PersonAsync("Alex", "Asia/Kolkata", Role.Pmo), $"blockers {blocker.ProjectCode}", ConversationKind.Personal, [], None);
        var inLosAngeles = await router.RouteAsync(await s.PersonAsync("Lee", "America/Los_Angeles", Role.Pmo), $"blockers {blocker.ProjectCode}", ConversationKind.Personal, [], None);

        Assert.StartsWith("⏰ past due · Issue: ", Assert.Single(FactsOf(inKolkata.Card!)).Value, StringComparison.Ordinal);
        Assert.StartsWith("Issue: ", Assert.Single(FactsOf(inLosAngeles.Card!)).Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_for_help_answers_the_owner_and_tells_the_pm_each_on_their_own_calendar()
    {
        var s = await Setup.CreateAsync(KolkataIsOnTheNextDay);
        var manager = await s.PersonAsync("Megan", "America/Los_Angeles");
        var owner = await s.PersonAsync("Priya", "Asia/Kolkata");
        var blocker = await s.BlockerAsync(manager, owner, "i1");
        var action = new BlockerHelpCardAction(s.Register, s.Projects.People.Directory, s.Delivery.Outbox, s.Time);
        var data = new JsonObject { [BlockerCards.ProjectField] = blocker.ProjectCode, [BlockerCards.BlockerField] = blocker.Id };

        var answer = await action.HandleAsync(new CardActionRequest(owner, data, ConversationKind.Personal), None);

        Assert.Equal($"{DateText.Display(Due)} (past)", DueFact(answer.Card!));
        var toManager = (await s.Delivery.Deliveries.GetAsync($"blocker-help|{blocker.ProjectCode}|{blocker.Id}", None))!;
        Assert.Equal(ChatOf(manager.UserKey), toManager.Target);
        Assert.Equal(DateText.Display(Due), DueFact(toManager.Card!));
    }

    [Fact]
    public async Task Keep_open_takes_a_date_from_the_pressers_today_on_their_own_calendar()
    {
        // 20:00 UTC on 30 Nov is 1 Dec in Kolkata: 30 Nov has passed there, though not by UTC's date.
        var s = await Setup.CreateAsync(KolkataIsOnTheNextDay);
        var manager = await s.PersonAsync("Megan", "Europe/London");
        var owner = await s.PersonAsync("Priya", "Asia/Kolkata");
        var blocker = await s.BlockerAsync(manager, owner, "i1");
        var action = new BlockerKeepOpenCardAction(s.Register, s.Time);
        JsonObject Data(string date) => new() { [BlockerCards.ProjectField] = blocker.ProjectCode, [BlockerCards.BlockerField] = blocker.Id, [BlockerCards.InputField] = "due", ["due"] = date };

        var refused = await action.HandleAsync(new CardActionRequest(owner, Data("2026-11-30"), ConversationKind.Personal), None);
        var unchanged = (await s.Store.GetAsync(blocker.ProjectCode, blocker.Id, None))!.DueDate;
        var kept = await action.HandleAsync(new CardActionRequest(owner, Data("2026-12-01"), ConversationKind.Personal), None);

        Assert.Contains(TextsOf(refused.Card!), t => t.StartsWith("\"2026-11-30\" is not a date from today on", StringComparison.Ordinal));
        Assert.Equal(Due, unchanged);
        Assert.Equal(new DateOnly(2026, 12, 1), (await s.Store.GetAsync(blocker.ProjectCode, blocker.Id, None))!.DueDate);
        Assert.NotNull(kept.Card);
    }

    [Fact]
    public async Task Keep_open_refuses_a_date_more_than_a_year_away_and_takes_one_a_year_from_today()
    {
        var s = await Setup.CreateAsync(KolkataIsOnTheNextDay);
        var manager = await s.PersonAsync("Megan", "Europe/London");
        var blocker = await s.BlockerAsync(manager, manager, "i1");
        var action = new BlockerKeepOpenCardAction(s.Register, s.Time);
        JsonObject Data(string date) => new() { [BlockerCards.ProjectField] = blocker.ProjectCode, [BlockerCards.BlockerField] = blocker.Id, [BlockerCards.InputField] = "due", ["due"] = date };

        var refused = await action.HandleAsync(new CardActionRequest(manager, Data("9999-12-31"), ConversationKind.Personal), None);
        var unchanged = (await s.Store.GetAsync(blocker.ProjectCode, blocker.Id, None))!.DueDate;
        var kept = await action.HandleAsync(new CardActionRequest(manager, Data("2027-11-30"), ConversationKind.Personal), None);

        Assert.Contains(TextsOf(refused.Card!), t => t.StartsWith("31 Dec 9999 is more than a year away", StringComparison.Ordinal));
        Assert.Equal(Due, unchanged);
        Assert.Equal(new DateOnly(2027, 11, 30), (await s.Store.GetAsync(blocker.ProjectCode, blocker.Id, None))!.DueDate);
        Assert.NotNull(kept.Card);
    }

    [Fact]
    public async Task A_decision_raised_from_a_review_is_due_a_week_from_the_day_the_pm_submitted_on_their_own_calendar()
    {
        var s = await Setup.CreateAsync(KolkataIsOnTheNextDay);
        var inKolkata = await s.PersonAsync("Adele", "Asia/Kolkata");
        var inLosAngeles = await s.PersonAsync("Nestor", "America/Los_Angeles");

        var kolkataDecision = Assert.Single(await s.RaiseDecisionAsync(inKolkata));
        var losAngelesDecision = Assert.Single(await s.RaiseDecisionAsync(inLosAngeles));

        Assert.Equal(new DateOnly(2026, 12, 8), kolkataDecision.DueDate);
        Assert.Equal(new DateOnly(2026, 12, 7), losAngelesDecision.DueDate);
        Assert.Equal(kolkataDecision.DueDate, (await s.Store.GetAsync(kolkataDecision.ProjectCode, kolkataDecision.Id, None))!.DueDate);
    }

    private static PmoBot.Delivery.DeliveryTarget ChatOf(string userKey) => PmoBot.Delivery.DeliveryTarget.PersonalChat(userKey);

    private static string ReminderKey(Blocker b) => $"blocker-due|{b.ProjectCode}|{b.Id}|{b.OwnerKey}|2026-11-30";

    private static string DueFact(JsonObject card) => FactsOf(card).Single(f => f.Title == "Due").Value;

    /// <summary>The register on a table of this test's own (the sweep reads every open item), people, projects and the outbox.</summary>
    private sealed record Setup(ProjectsHarness Projects, FakeTimeProvider Time, BlockerStore Store, BlockerRegister Register, DeliveryHarness Delivery)
    {
        public static async Task<Setup> CreateAsync(DateTimeOffset now)
        {
            var projects = await ProjectsHarness.CreateAsync();
            var time = new FakeTimeProvider(now);
            var table = $"Blockers{Guid.NewGuid():N}"[..20];
            var store = new BlockerStore(await AzuriteStorage.WithTablesAsync(table), table);
            var register = new BlockerRegister(store, projects.Register, projects.People.Directory, Options.Create(new BlockersOptions()), time);
            return new Setup(projects, time, store, register, await DeliveryHarness.CreateAsync());
        }

        public async Task<PmoUser> PersonAsync(string firstName, string timeZone, Role role = Role.ProjectManager)
        {
            var person = TestPerson.New(firstName);
            return await Projects.People.Directory.EnsureAsync(
                new UserProfile(person.AadObjectId, person.Name, person.TeamsUserId, null, timeZone, false, new HashSet<Role> { role }, Time.GetUtcNow()),
                None);
        }

        /// <summary>A review submitted now by <paramref name="manager"/> on a project of theirs, naming one decision needed.</summary>
        public async Task<IReadOnlyList<Blocker>> RaiseDecisionAsync(PmoUser manager)
        {
            var project = (await Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), manager))).Project;
            var record = new ReviewRecord(
                project.Code, new ReviewPeriod(2026, 49), ReviewOutcome.Submitted, 1,
                ReviewAnswers.From([new KeyValuePair<string, string>(WellKnownQuestions.Decisions, "Approve the vendor change")]),
                manager.UserKey, manager.Name, Time.GetUtcNow(), $"sub-{Guid.NewGuid():N}", null);
            return await Register.RaiseFromReviewAsync(project, record, None);
        }

        /// <summary>An open issue due on 30 Nov 2026 on a project of <paramref name="manager"/>'s, owned by <paramref name="owner"/>.</summary>
        public async Task<Blocker> BlockerAsync(PmoUser manager, PmoUser owner, string id)
        {
            var project = await Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), manager));
            var blocker = new Blocker(
                project.Project.Code, $"2026-W48-{id}", project.Project.Name, project.Project.BusinessUnit, BlockerKind.Issue, "Vendor API is late",
                manager.UserKey, manager.Name, Time.GetUtcNow().AddDays(-7), owner.UserKey, owner.Name, Due, BlockerState.Open);
            Assert.Equal([blocker], await Store.AddManyAsync([blocker], None));
            return blocker;
        }
    }
}
