using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using PmoBot.Alerts;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Lessons;
using PmoBot.Meetings;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;

namespace PmoBot.Tests.Warnings;

/// <summary>
/// Early warnings over the run's Azurite: the real register, review history, outbox (its delivery records are what
/// tests read), a <c>Warnings</c> table and a PMO alert channel of the test's own (so the portfolio list holds only
/// this test's warnings and each alert is one channel post), and doubles for lessons and meetings. The clock is
/// Monday 23 November 2026, 10:00 UTC (week 2026-W48).
/// </summary>
public sealed class WarningsHarness
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static readonly ReviewPeriod Week48 = new(2026, 48);

    private static readonly CancellationToken None = CancellationToken.None;

    private WarningsHarness()
    {
    }

    public required ProjectsHarness Projects { get; init; }

    public FakeTimeProvider Time => Projects.People.Time;

    public required DeliveryHarness Delivery { get; init; }

    public required ReviewHistory History { get; init; }

    public required WarningStore Store { get; init; }

    public required WarningRules Rules { get; init; }

    public required WarningMonitor Monitor { get; init; }

    public required WarningReviewObserver Observer { get; init; }

    public required WarningSweeper Sweeper { get; init; }

    public required Mock<ILessonAdvisor> Lessons { get; init; }

    public required Mock<IReviewMeetingBooker> Booker { get; init; }

    public required CardActionRouter CardActions { get; init; }

    public required CommandRouter Commands { get; init; }

    public required string Channel { get; init; }

    public static async Task<WarningsHarness> CreateAsync()
    {
        var projects = await ProjectsHarness.CreateAsync();
        if (projects.People.Time.GetUtcNow() < Monday)
        {
            projects.People.Time.SetUtcNow(Monday);
        }

        var time = projects.People.Time;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var (warningsTable, alertsTable) = ($"Warnings{suffix}", $"AlertChannels{suffix}");
        var service = await AzuriteStorage.WithTablesAsync(
            ReviewHistoryStore.TableName, LatestStatusStore.TableName, MissedReviewStore.TableName, warningsTable, alertsTable);
        var delivery = await DeliveryHarness.CreateAsync();
        var people = projects.People.Directory;
        var channels = new AlertChannelStore(service, alertsTable);
        var channel = $"19:{Guid.NewGuid():N}@thread.tacv2";
        await channels.SetAsync(new AlertChannel(channel, "PMO", "Alex", Monday), None);
        var options = new WarningsOptions();
        var rules = new WarningRules(options);
        var store = new WarningStore(service, warningsTable);
        var history = new ReviewHistory(new ReviewHistoryStore(service), new LatestStatusStore(service), new MissedReviewStore(service), time);
        var alerts = new WarningAlerts(new PmoNotifier(channels, people, delivery.Outbox), delivery.Outbox, people, rules, time);
        var lessons = new Mock<ILessonAdvisor>();
        lessons.Setup(l => l.RelevantAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string category, string? _, int take, CancellationToken _) => SampleLessons(category).Take(take).ToList());
        var booker = new Mock<IReviewMeetingBooker>(MockBehavior.Strict);
        var monitor = new WarningMonitor(rules, store, history, alerts, lessons.Object, time, NullLogger<WarningMonitor>.Instance);
        var readiness = new StorageReadiness();
        readiness.MarkReady();
        return new WarningsHarness
        {
            Projects = projects,
            Delivery = delivery,
            History = history,
            Store = store,
            Rules = rules,
            Monitor = monitor,
            Observer = new WarningReviewObserver(monitor),
            Sweeper = new WarningSweeper(projects.Register, store, monitor, readiness, Options.Create(options), time, NullLogger<WarningSweeper>.Instance),
            Lessons = lessons,
            Booker = booker,
            CardActions = new CardActionRouter(
            [
                new WarningAcknowledgeCardAction(store, alerts, time),
                new WarningAssignCardAction(store, alerts, people, time),
                new WarningMeetingCardAction(store, alerts, booker.Object, rules, time),
                new WarningSnoozeCardAction(store, alerts, Options.Create(options), time),
            ]),
            Commands = new CommandRouter([new WarningCommands(store, projects.Register, projects.Visibility, rules, time)]),
            Channel = channel,
        };
    }

    public static IReadOnlyList<LessonSuggestion> SampleLessons(string category) =>
    [
        new("l1", "Fixed-price vendor hid change requests", category, "Costs rose 20% in three months through small change requests.", "Review change requests weekly with finance.", ["Freeze scope for two sprints", "Renegotiate the change budget"], "PRJ-017", Monday.AddYears(-1)),
        new("l2", "Late test environment", category, "The test environment arrived six weeks late.", "Book environments at planning.", ["Rent a cloud test environment"], null, Monday.AddYears(-2)),
    ];

    /// <summary>A PM with an active project of their own: no baseline (no SPI) and a milestone far ahead, so only what a test answers fires.</summary>
    public async Task<(PmoUser Pm, Project Project)> ProjectAsync(Milestone? milestone = null, PmoUser? pm = null, string businessUnit = "Digital")
    {
        pm ??= await Projects.PersonAsync("Megan", Role.ProjectManager);
        var project = ProjectsHarness.Valid(ProjectsHarness.NewCode(), pm, businessUnit: businessUnit) with
        {
            PlannedEnd = new DateOnly(2027, 12, 31),
            Baseline = [],
            Milestones = [milestone ?? new Milestone("Go-live", new DateOnly(2027, 6, 30), new DateOnly(2027, 6, 30), false)],
        };
        await Projects.CreateAsync(project);
        return (pm, project);
    }

    /// <summary>Records a review of <paramref name="period"/> with this CPI (40% complete of 1.2m) and tells the observer, as the check-in does.</summary>
    public async Task<ReviewRecord> SubmitAsync(Project project, ReviewPeriod period, decimal cpi, Rag overall = Rag.Green, string? risks = null)
    {
        var ev = project.BudgetAtCompletion * 0.40m;
        var answers = new Dictionary<string, string>
        {
            [WellKnownQuestions.Overall] = overall.ToString(),
            [WellKnownQuestions.PercentComplete] = "40",
            [WellKnownQuestions.ActualCost] = Math.Round(ev / cpi, 2).ToString(CultureInfo.InvariantCulture),
            [WellKnownQuestions.Summary] = "Vendor change requests are eating the budget.",
        };
        if (risks is not null)
        {
            answers[WellKnownQuestions.TopRisks] = risks;
        }

        var outcome = await History.SubmitAsync(
            new ReviewSubmission(project, period, 1, ReviewAnswers.From(answers), project.Manager.UserKey, project.Manager.Name, Guid.NewGuid().ToString("N"), period.Monday),
            None);
        var record = outcome is SubmitOutcome.Recorded r ? r.Record : ((SubmitOutcome.AlreadyRecorded)outcome).Record;
        await Observer.ReviewSubmittedAsync(project, record, None);
        return record;
    }

    public async Task MissAsync(Project project, ReviewPeriod period)
    {
        await History.RecordMissedAsync(project, period, Time.GetUtcNow(), None);
        await Observer.ReviewMissedAsync(project, period, None);
    }

    public async Task<WarningEpisode> OpenAsync(Project project, string ruleId) =>
        Assert.Single(await Store.ListOpenAsync(project.Code, None), e => e.RuleId == ruleId);

    public Task<DeliveryRecord?> DeliveryAsync(string key) => Delivery.Deliveries.GetAsync(key, None);

    /// <summary>The alert card as posted to the PMO channel.</summary>
    public async Task<JsonObject> PostedCardAsync(WarningEpisode episode) =>
        (await DeliveryAsync($"{WarningAlerts.AlertKey(episode.Id)}|channel"))!.Card!;

    /// <summary>Clicks the button titled <paramref name="title"/> (also inside show-cards) with extra inputs, as a PMO member would.</summary>
    public Task<Reply> ClickAsync(PmoUser caller, JsonObject card, string title, IReadOnlyDictionary<string, string?>? inputs = null)
    {
        var action = Reviews.CheckIn.CheckInHarness.ActionsOf(card).First(a => a["title"]?.GetValue<string>() == title);
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var (id, value) in inputs ?? new Dictionary<string, string?>())
        {
            data[id] = value;
        }

        return CardActions.RouteAsync(action["verb"]!.GetValue<string>(), new CardActionRequest(caller, data, ConversationKind.Channel), None);
    }

    public Task<Reply> SayAsync(PmoUser caller, string text) => Commands.RouteAsync(caller, text, ConversationKind.Personal, [], None);
}
