using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Projects;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Reviews.History;

/// <summary>
/// Review history over the run's Azurite: the real stores, the service on the project harness's fake clock, and the
/// command router with the project and history commands. Tests use fresh project codes, never an empty table.
/// </summary>
public sealed class ReviewHistoryHarness
{
    public static readonly CancellationToken None = CancellationToken.None;

    public static readonly ReviewPeriod Week10 = new(2026, 10);

    private ReviewHistoryHarness(ProjectsHarness projects, ReviewHistoryStore historyStore, LatestStatusStore statuses, MissedReviewStore missed)
    {
        Projects = projects;
        HistoryStore = historyStore;
        Statuses = statuses;
        Missed = missed;
        History = new ReviewHistory(historyStore, statuses, missed, projects.People.Time);
        Commands = new CommandRouter([new ProjectCommands(projects.Register, projects.Visibility), new ReviewHistoryCommands(projects.Register, projects.Visibility, History)]);
    }

    public ProjectsHarness Projects { get; }

    public ReviewHistoryStore HistoryStore { get; }

    public LatestStatusStore Statuses { get; }

    public MissedReviewStore Missed { get; }

    public ReviewHistory History { get; }

    public CommandRouter Commands { get; }

    public static async Task<ReviewHistoryHarness> CreateAsync()
    {
        var projects = await ProjectsHarness.CreateAsync();
        var service = await AzuriteStorage.WithTablesAsync(ReviewHistoryStore.TableName, LatestStatusStore.TableName, MissedReviewStore.TableName);
        return new ReviewHistoryHarness(projects, new ReviewHistoryStore(service), new LatestStatusStore(service), new MissedReviewStore(service));
    }

    /// <summary>A PM who exists only in the test (no storage): enough for the service, which never looks people up.</summary>
    public static PmoUser Manager(string firstName = "Megan")
    {
        var person = TestPerson.New(firstName);
        return new PmoUser(person.AadObjectId, person.Name, person.TeamsUserId, null, "Europe/London", new HashSet<Role> { Role.ProjectManager }, false, null);
    }

    /// <summary>A project with a fresh code (not registered): BAC 1,200,000 EUR and the baseline of <see cref="ProjectsHarness.Valid"/>.</summary>
    public static Project NewProject(PmoUser? manager = null) => ProjectsHarness.Valid(ProjectsHarness.NewCode(), manager ?? Manager());

    public async Task<Project> RegisteredProjectAsync(PmoUser manager, Func<Project, Project>? change = null)
    {
        var project = ProjectsHarness.Valid(ProjectsHarness.NewCode(), manager);
        return (await Projects.CreateAsync(change is null ? project : change(project))).Project;
    }

    /// <summary>A leader limited to a fresh business unit, a project in it and one in another unit (both Megan's).</summary>
    public async Task<(PmoUser Leader, string Unit, Project Visible, Project Hidden)> LimitedLeaderAsync()
    {
        var unit = ProjectsHarness.NewBusinessUnit();
        var leader = await Projects.LeaderLimitedToAsync(unit);
        var megan = await Projects.PersonAsync("Megan", Role.ProjectManager);
        var visible = await RegisteredProjectAsync(megan, p => p with { BusinessUnit = unit });
        var hidden = await RegisteredProjectAsync(megan, p => p with { BusinessUnit = ProjectsHarness.NewBusinessUnit() });
        return (leader, unit, visible, hidden);
    }

    public static ReviewAnswers Answers(Rag overall, decimal percentComplete, decimal actualCost, decimal? estimateAtCompletion = null, string? summary = null)
    {
        var answers = ReviewAnswers.Empty
            .With(WellKnownQuestions.Overall, ReviewAnswers.Canonical(overall))
            .With(WellKnownQuestions.PercentComplete, ReviewAnswers.Canonical(percentComplete))
            .With(WellKnownQuestions.ActualCost, ReviewAnswers.Canonical(actualCost));
        answers = estimateAtCompletion is { } eac ? answers.With(WellKnownQuestions.EstimateAtCompletion, ReviewAnswers.Canonical(eac)) : answers;
        return summary is null ? answers : answers.With(WellKnownQuestions.Summary, summary);
    }

    /// <summary>A submission reviewed on the Friday of <paramref name="period"/>, by the project's PM.</summary>
    public static ReviewSubmission Submission(Project project, ReviewPeriod period, ReviewAnswers answers, string? submissionId = null) => new(
        project,
        period,
        3,
        answers,
        project.Manager.UserKey,
        project.Manager.Name,
        submissionId ?? $"{project.Code}|{period}|{Guid.NewGuid():N}",
        period.Monday.AddDays(4));

    public Task<SubmitOutcome> SubmitAsync(Project project, ReviewPeriod period, ReviewAnswers answers, string? submissionId = null) =>
        History.SubmitAsync(Submission(project, period, answers, submissionId), None);

    public Task<bool> MissAsync(Project project, ReviewPeriod period) =>
        History.RecordMissedAsync(project, period, DeadlineOf(period), None);

    /// <summary>Wednesday 09:00 UTC of the period: when its review counts as missed.</summary>
    public static DateTimeOffset DeadlineOf(ReviewPeriod period) => new(period.Monday.AddDays(2).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);

    public Task<Reply> SayAsync(PmoUser caller, string text) => Commands.RouteAsync(caller, text, ConversationKind.Personal, [], None);

    /// <summary>Every missed-review entry of <paramref name="code"/> (the partition is shared by every test, so filter by code).</summary>
    public async Task<IReadOnlyList<MissedReview>> MissedOfAsync(string code) =>
        (await Missed.ListAsync(0, 10_000, None)).Items.Where(m => m.ProjectCode == code).ToList();
}
