using PmoBot.Lessons;
using PmoBot.Processes;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Demo;

/// <summary>
/// The demo PMO's process library, dated around the day of seeding: risk management (version 2 rolled out to four
/// people, three acknowledged and Megan overdue), change control and status reporting. Each asks one compliance
/// question in the weekly review, published into the review template through the template's own machinery before the
/// review history is seeded, so the seeded weeks answer them. Only what is missing is added: a second run, or a process
/// changed in chat, is left as it is.
/// </summary>
public sealed class DemoProcesses(ProcessStore store, ProcessPublisher publisher, ComplianceTemplatePublisher templates, RolloutStore rollouts, ComplianceRecorder compliance)
{
    public const string RiskManagement = "Risk management";
    public const string ChangeControl = "Change control";
    public const string StatusReporting = "Status reporting";

    /// <summary>The rollout in progress is version 2 of risk management, due three days before the day of seeding.</summary>
    public const int RolledOutVersion = 2;
    public const int DueDaysAgo = 3;

    /// <summary>Who acknowledged the rollout; Megan has not, and is overdue.</summary>
    public static readonly IReadOnlyList<string> Acknowledged = ["Adele Vance", "Patti Fernandez", "Nestor Wilke"];
    public const string Overdue = "Megan Bowen";

    private const string Library = "https://contoso.sharepoint.com/sites/pmo/Shared%20Documents/";

    public static string KeyOf(string name) => ProcessKey.From(name);

    /// <returns>How many processes were added.</returns>
    public async Task<int> SeedAsync(DateOnly today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var alex = Person("Alex Wilber");
        var patti = Person("Patti Fernandez");
        var added = 0;
        foreach (var (process, versions) in Definitions(today, alex, patti))
        {
            added += await store.AddAsync(process, cancellationToken) is null ? 0 : 1;
            var stored = (await store.GetAsync(process.Key, cancellationToken))!.Process;
            foreach (var version in versions)
            {
                // Publishing is add-only and numbered: a version already there (a second run) is not published again.
                if (await store.GetVersionAsync(process.Key, version.Number, cancellationToken) is null)
                {
                    await publisher.PublishAsync(process.Key, version.Number - 1, version, cancellationToken);
                }
            }

            if (await store.GetNewestVersionAsync(process.Key, cancellationToken) is { ComplianceQuestions.Count: > 0 } newest)
            {
                await templates.PublishAsync(stored, newest, DemoOrganisation.SeededBy, cancellationToken);
            }
        }

        await StartRolloutAsync(today, now, cancellationToken);
        return added;
    }

    /// <summary>Keeps a seeded review's compliance answers where the compliance view reads them, as a submitted review's are.</summary>
    public Task RecordAsync(Project project, ReviewRecord record, CancellationToken cancellationToken) =>
        compliance.ReviewSubmittedAsync(project, record, cancellationToken);

    private async Task StartRolloutAsync(DateOnly today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = KeyOf(RiskManagement);
        var process = (await store.GetAsync(key, cancellationToken))?.Process;
        var version = await store.GetVersionAsync(key, RolledOutVersion, cancellationToken);
        if (process is null || version?.Rollout is not { } plan || await rollouts.GetAsync(key, RolledOutVersion, cancellationToken) is not null)
        {
            return;
        }

        var audience = Acknowledged.Append(Overdue).Select(Person).ToList();
        var started = version.Published.At;
        var people = audience.Select((p, i) => p.Name == Overdue
            ? new Acknowledgement(p.AadObjectId, p.Name, UnitsOf(p.Name, today), AcknowledgementState.Pending)
            : new Acknowledgement(p.AadObjectId, p.Name, UnitsOf(p.Name, today), AcknowledgementState.Acknowledged, started.AddDays(i + 1), started.AddDays(i + 1).AddHours(2))).ToList();

        // Sent when it was published, its reminder and overdue notices already gone: the demo starts mid-rollout and
        // sends nothing at start-up. The PMO can still remind Megan with rollout remind.
        var rollout = RolloutStarter.RolloutOf(process, version, people.Count) with
        {
            FannedOutAt = started,
            RemindedAt = new DateTimeOffset(plan.DueDate.AddDays(-2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            OverdueNoticesAt = now,
        };
        await rollouts.StartAsync(rollout, people, cancellationToken);
    }

    private static IReadOnlyList<(ProcessDefinition Process, IReadOnlyList<ProcessVersion> Versions)> Definitions(DateOnly today, DemoPerson alex, DemoPerson patti)
    {
        var at = (int daysAgo) => new ProcessStamp(alex.AadObjectId, alex.Name, new DateTimeOffset(today.AddDays(-daysAgo).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        ProcessDefinition Define(string name, DemoPerson owner, string summary, string document, string[] areas, ProjectStage[] stages, int createdDaysAgo) =>
            new(KeyOf(name), name, new ProcessOwner(owner.AadObjectId, owner.Name), summary, Library + document, areas, stages, 0, at(createdDaysAgo), at(createdDaysAgo));
        ProcessVersion Version(string name, int number, int daysAgo, string whatChanged, string question, RolloutPlan? rollout = null) =>
            new(KeyOf(name), number, today.AddDays(-daysAgo), whatChanged, rollout is not null, at(daysAgo), rollout, [new ComplianceQuestion(ProcessKey.QuestionId(KeyOf(name), 1), question)]);

        const string riskQuestion = "Risk register reviewed this week?";
        var named = string.Join("; ", Acknowledged.Append(Overdue));
        return
        [
            (Define(RiskManagement, alex, "How risks are found, owned, scored and reviewed on every project, and when they go to the sponsor.", "Risk%20management.docx", [LessonCategories.Risk], [ProjectStage.Planning, ProjectStage.Execution], 200),
                [
                    Version(RiskManagement, 1, 180, "First version: a risk register per project, reviewed at each status meeting.", riskQuestion),
                    Version(RiskManagement, 2, 17, "Every risk needs an owner and a review date; risks scored 6 or more go to the sponsor within a week.", riskQuestion, new RolloutPlan(new RolloutAudience(AudienceKind.People, named), today.AddDays(-DueDaysAgo), [])),
                ]),
            (Define(ChangeControl, patti, "How a change to scope, schedule or budget is requested, assessed and approved before the work starts.", "Change%20control.docx", [LessonCategories.Scope, LessonCategories.Integration], [ProjectStage.Execution], 150),
                [Version(ChangeControl, 1, 120, "First version: change requests logged, assessed and approved by the sponsor.", "Change requests approved before the work started?")]),
            (Define(StatusReporting, patti, "What the weekly status report says, who it goes to and by when.", "Status%20reporting.docx", [LessonCategories.Stakeholder], [], 100),
                [Version(StatusReporting, 1, 90, "First version: the status report goes to the sponsor and the PMO by Friday noon.", "Status report sent on time?")]),
        ];
    }

    private static DemoPerson Person(string name) => DemoOrganisation.People.Single(p => p.Name == name);

    /// <summary>The business units of the active demo projects the person manages or deputises on, as the audience resolver finds them.</summary>
    private static IReadOnlyList<string> UnitsOf(string name, DateOnly today) =>
        RolloutAudienceResolver.UnitsByProjects(DemoOrganisation.Projects(today)
            .Where(p => p.Status == ProjectStatus.Active && (p.Manager.Name == name || p.Deputy?.Name == name))
            .Select(p => p.BusinessUnit));
}
