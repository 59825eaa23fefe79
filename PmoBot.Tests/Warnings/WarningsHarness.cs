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
using PmoBot.Graph;
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
/// tests read), <c>Warnings</c> and <c>WarningPosts</c> tables and a PMO alert channel of the test's own (so the
/// portfolio list holds only this test's warnings and each card is one channel post), and doubles for lessons and
/// meetings. The clock is Monday 23 November 2026, 10:00 UTC (week 2026-W48).
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

    public required WarningPostStore Posts { get; init; }

    public required WarningAlerts Alerts { get; init; }

    public required AlertChannelStore Channels { get; init; }

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
        var (warningsTable, postsTable, alertsTable) = ($"Warnings{suffix}", $"WarningPosts{suffix}", $"AlertChannels{suffix}");
        var service = await AzuriteStorage.WithTablesAsync(
            ReviewHistoryStore.TableName, LatestStatusStore.TableName, MissedReviewStore.TableName, warningsTable, postsTable, alertsTable);
        var delivery = await DeliveryHarness.CreateAsync();
        var people = projects.People.Directory;
        var channels = new AlertChannelStore(service, alertsTable);
        var channel = $"19:{Guid.NewGuid():N}@thread.tacv2";
        await channels.SetAsync(new AlertChannel(channel, "PMO", "Alex", Monday), None);
        var options = new WarningsOptions();
        var rules = new WarningRules(options);
        var store = new WarningStore(service, warningsTable);
        var posts = new WarningPostStore(service, postsTable);
        var history = new ReviewHistory(new ReviewHistoryStore(service), new LatestStatusStore(service), new MissedReviewStore(service), time);
        var alerts = new WarningAlerts(new PmoNotifier(channels, people, delivery.Outbox), delivery.Outbox, people, projects.Register, store, posts, rules, time, NullLogger<WarningAlerts>.Instance);
        var lessons = new Mock<ILessonAdvisor>();
        lessons.Setup(l => l.RelevantAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string category, string? _, int take, CancellationToken _) => SampleLessons(category).Take(take).ToList());
        var booker = new Mock<IReviewMeetingBooker>(MockBehavior.Strict);
        var monitor = new WarningMonitor(rules, store, history, alerts, lessons.Object, time, NullLogger<WarningMonitor>.Instance);
        return new WarningsHarness
        {
            Projects = projects,
            Delivery = delivery,
            History = history,
            Store = store,
            Posts = posts,
            Alerts = alerts,
            Channels = channels,
            Rules = rules,
            Monitor = monitor,
            Observer = new WarningReviewObserver(monitor),
            Sweeper = new WarningSweeper(projects.Register, store, monitor, Options.Create(options), NullLogger<WarningSweeper>.Instance),
            Lessons = lessons,
            Booker = booker,
            CardActions = new CardActionRouter(
            [
                new WarningAcknowledgeCardAction(store, alerts, time),
                new WarningAssignCardAction(store, alerts, people, time),
                new WarningMeetingCardAction(store, alerts, booker.Object, new GraphAnswerBudget(Options.Create(new GraphOptions()), time, NullLogger<GraphAnswerBudget>.Instance), time),
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
    public async Task<(PmoUser Pm, Project Project)> ProjectAsync(Milestone? milestone = null, PmoUser? pm = null, string businessUnit = "Digital", PmoUser? deputy = null)
    {
        pm ??= await Projects.PersonAsync("Megan", Role.ProjectManager);
        var project = ProjectsHarness.Valid(ProjectsHarness.NewCode(), pm, businessUnit: businessUnit) with
        {
            Deputy = deputy is null ? null : new ProjectPerson(deputy.UserKey, deputy.Name),
            PlannedEnd = new DateOnly(2027, 12, 31),
            Baseline = [],
            Milestones = [milestone ?? new Milestone("Go-live", new DateOnly(2027, 6, 30), new DateOnly(2027, 6, 30), false)],
        };
        await Projects.CreateAsync(project);
        return (pm, project);
    }

    /// <summary>
    /// Records a review of <paramref name="period"/> with this CPI (40% complete of 1.2m unless <paramref name="percent"/>
    /// says otherwise: the same percent three reviews in a row stalls) and tells the observer, as the check-in does.
    /// </summary>
    public async Task<ReviewRecord> SubmitAsync(Project project, ReviewPeriod period, decimal cpi, Rag overall = Rag.Green, string? risks = null, decimal percent = 40m)
    {
        var ev = project.BudgetAtCompletion * percent / 100m;
        var answers = new Dictionary<string, string>
        {
            [WellKnownQuestions.Overall] = overall.ToString(),
            [WellKnownQuestions.PercentComplete] = percent.ToString(CultureInfo.InvariantCulture),
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

    /// <summary>The project's current card as posted to the PMO channel (its first version).</summary>
    public async Task<JsonObject> PostedCardAsync(WarningEpisode episode) => (await PostedAsync(episode.ProjectCode)).Card!;

    /// <summary>The delivery of the project's current card to the PMO channel.</summary>
    public async Task<DeliveryRecord> PostedAsync(string projectCode)
    {
        var post = await Posts.GetAsync(projectCode, None) ?? throw new InvalidOperationException($"{projectCode} has no warning card.");
        return await DeliveryAsync(ChannelKey(projectCode, post.Number)) ?? throw new InvalidOperationException($"Card {post.Number} of {projectCode} was not queued.");
    }

    /// <summary>The channel copy of post <paramref name="number"/> of the project's card.</summary>
    public static string ChannelKey(string projectCode, int number) => $"{WarningAlerts.PostKey(projectCode, number)}|channel";

    /// <summary>The project's current card as the channel shows it now: the latest in-place version, or the post itself.</summary>
    public async Task<JsonObject> ShownCardAsync(string projectCode)
    {
        var post = (await Posts.GetAsync(projectCode, None))!;
        var key = ChannelKey(projectCode, post.Number);
        return (post.Version > 1 ? await DeliveryAsync($"{key}|v{post.Version}") : null)?.Card ?? (await DeliveryAsync(key))!.Card!;
    }

    /// <summary>The card's numbered warning rows ("**1. 🔴 Cost performance low** (Critical): CPI 0.69 is below 0.80."), in order.</summary>
    public static IReadOnlyList<string> RowsOf(JsonObject? card) =>
        PmoBot.Tests.Teams.BotHarness.TextsOf(card).Where(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\*\*\d+\. ")).ToList();

    /// <summary>Whether the card is the warning card of the project (its heading).</summary>
    public static bool IsCardOf(JsonObject? card, string projectCode) =>
        PmoBot.Tests.Teams.BotHarness.TextsOf(card).Any(t => t.StartsWith($"{projectCode} · ", StringComparison.Ordinal));

    /// <summary>Every button of the card, wherever it is: at its foot, in a row's set, inside show-cards.</summary>
    public static IEnumerable<JsonObject> AllActionsOf(JsonNode? node) => node switch
    {
        JsonObject obj when obj["type"]?.GetValue<string>() is { } type && type.StartsWith("Action.", StringComparison.Ordinal) =>
            new[] { obj }.Concat(obj.Where(p => p.Key != "fallback").SelectMany(p => AllActionsOf(p.Value))),
        JsonObject obj => obj.SelectMany(p => AllActionsOf(p.Value)),
        JsonArray array => array.SelectMany(AllActionsOf),
        _ => [],
    };

    /// <summary>The buttons under row <paramref name="number"/> ("Act on 2 only").</summary>
    public static IReadOnlyList<JsonObject> RowActionsOf(JsonObject card, int number) =>
        AllActionsOf(AllActionsOf(card).Single(a => a["title"]?.GetValue<string>() == $"Act on {number} only")["card"]).ToList();

    /// <summary>Presses a button of row <paramref name="number"/>.</summary>
    public Task<Reply> ClickRowAsync(PmoUser caller, JsonObject card, int number, string title)
    {
        var action = RowActionsOf(card, number).First(a => a["title"]?.GetValue<string>() == title);
        return CardActions.RouteAsync(action["verb"]!.GetValue<string>(), new CardActionRequest(caller, action["data"]!.DeepClone().AsObject(), ConversationKind.Channel), None);
    }

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
