using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PmoBot.Alerts;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;

namespace PmoBot.Tests.Warnings;

/// <summary>
/// <see cref="WarningsHarness"/> with manual warnings: <see cref="ManualWarnings"/> over its monitor and store, and
/// the warning card's buttons including <b>Close</b>, updating the project's card through the same alerts.
/// </summary>
public sealed class ManualWarningsHarness
{
    private static readonly CancellationToken None = CancellationToken.None;

    private ManualWarningsHarness(WarningsHarness warnings, ManualWarnings manual, CardActionRouter cardActions)
    {
        Warnings = warnings;
        Manual = manual;
        CardActions = cardActions;
    }

    public WarningsHarness Warnings { get; }

    public ManualWarnings Manual { get; }

    public CardActionRouter CardActions { get; }

    public static async Task<ManualWarningsHarness> CreateAsync()
    {
        var h = await WarningsHarness.CreateAsync();
        var people = h.Projects.People.Directory;
        var alerts = h.Alerts;
        var manual = new ManualWarnings(h.Projects.Register, h.Store, h.Monitor, h.Time, NullLogger<ManualWarnings>.Instance);
        var actions = new CardActionRouter(
        [
            new WarningAcknowledgeCardAction(h.Store, alerts, h.Time),
            new WarningAssignCardAction(h.Store, alerts, people, h.Time),
            new WarningSnoozeCardAction(h.Store, alerts, Options.Create(new WarningsOptions()), h.Time),
            new WarningCloseCardAction(h.Store, alerts, h.Time),
        ]);
        return new ManualWarningsHarness(h, manual, actions);
    }

    public Task<PmoUser> PersonAsync(string firstName, params Role[] roles) => Warnings.Projects.PersonAsync(firstName, roles);

    /// <summary>A project managed by <paramref name="pm"/>, in <paramref name="status"/>.</summary>
    public async Task<Project> ProjectAsync(PmoUser pm, ProjectStatus status = ProjectStatus.Active)
    {
        var (_, project) = await Warnings.ProjectAsync(pm: pm);
        if (status != ProjectStatus.Active)
        {
            Assert.IsType<ProjectSaveResult.Saved>(await Warnings.Projects.Register.SetStatusAsync(project.Code, status, "test", None));
            project = project with { Status = status };
        }

        return project;
    }

    /// <summary>The form as Teams submits it: the submit button's data (the form id) and the inputs as filled in.</summary>
    public static JsonObject Submission(string? formId, string? project, string? severity = "Watch", string? description = "Vendor will miss the integration date")
    {
        var data = new JsonObject { [ManualWarningForm.FormIdField] = formId ?? Guid.NewGuid().ToString("N") };
        if (project is not null)
        {
            data[ManualWarningForm.ProjectField] = project;
        }

        if (severity is not null)
        {
            data[ManualWarningForm.SeverityField] = severity;
        }

        if (description is not null)
        {
            data[ManualWarningForm.DescriptionField] = description;
        }

        return data;
    }

    /// <summary>Opens the form as <paramref name="caller"/> and returns its form id.</summary>
    public async Task<string> OpenFormAsync(PmoUser caller)
    {
        var form = Assert.IsType<ManualWarningAnswer.ShowForm>(await Manual.OpenAsync(caller, None));
        return FormIdOf(form.Card);
    }

    public static string FormIdOf(JsonObject card) => card["actions"]![0]!["data"]![ManualWarningForm.FormIdField]!.GetValue<string>();

    public async Task<WarningEpisode> RaiseAsync(PmoUser caller, Project project, WarningSeverity severity = WarningSeverity.Watch, string description = "Vendor will miss the integration date")
    {
        var answer = await Manual.RaiseAsync(caller, Submission(await OpenFormAsync(caller), project.Code, severity.ToString(), description), None);
        return Assert.IsType<ManualWarningAnswer.Close>(answer).Episode!;
    }

    public async Task<IReadOnlyList<WarningEpisode>> OpenManualAsync(Project project) =>
        (await Warnings.Store.ListOpenAsync(project.Code, None)).Where(e => ManualWarning.IsManual(e.RuleId)).ToList();

    /// <summary>Clicks the button titled <paramref name="title"/> as <paramref name="caller"/>, in the PMO channel.</summary>
    public Task<Reply> ClickAsync(PmoUser caller, JsonObject card, string title)
    {
        var action = Reviews.CheckIn.CheckInHarness.ActionsOf(card).First(a => a["title"]?.GetValue<string>() == title);
        return CardActions.RouteAsync(action["verb"]!.GetValue<string>(), new CardActionRequest(caller, action["data"]!.DeepClone().AsObject(), ConversationKind.Channel), None);
    }

    public static IReadOnlyList<string> ActionTitles(JsonObject card) =>
        (card["actions"]?.AsArray() ?? []).Select(a => a!["title"]!.GetValue<string>()).ToList();
}
