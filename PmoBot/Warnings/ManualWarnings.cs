using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Risks;

namespace PmoBot.Warnings;

/// <summary>What the "Raise early warning" dialog does next: show the form (again, with problems marked), or close with a message.</summary>
public abstract record ManualWarningAnswer
{
    public sealed record ShowForm(JsonObject Card) : ManualWarningAnswer;

    /// <param name="Episode">The warning raised by this answer, if it raised one.</param>
    public sealed record Close(string Message, WarningEpisode? Episode = null) : ManualWarningAnswer;
}

/// <summary>
/// Raising early warnings by hand. A PM raises them on the active projects they manage or deputise on, the PMO and
/// admins on any active project; a project the caller may not use is refused in the same words whether it exists or
/// not. The warning is an episode raised through <see cref="WarningMonitor"/>, so it is posted, acted on and updated
/// exactly like a rule's.
/// </summary>
public sealed partial class ManualWarnings(ProjectRegister projects, WarningStore store, WarningMonitor monitor, TimeProvider time, ILogger<ManualWarnings> logger)
{
    /// <summary>How many of a project's closed warnings are checked for one raised by the same form (sent again after it closed).</summary>
    public const int ClosedChecked = 20;

    public const string NoRoleMessage =
        "Raising an early warning is for project managers (on their own projects), the PMO and admins, and you have no PmoBot role yet. Ask the PMO to grant you one. Nothing was raised.";

    public const string NoProjectsMessage =
        "You can raise early warnings on the active projects you manage or deputise on, and you have none just now; the PMO can raise them on any active project. Nothing was raised.";

    public const string UnknownFormMessage =
        "This form was not opened by PmoBot's **Raise early warning**, so nothing was raised. Choose **Raise early warning** again.";

    public const string ProjectRefused = "That is not a project you may raise warnings on (your own active projects; for the PMO, any active project).";

    /// <summary>An empty form, the project chosen when the caller has only one.</summary>
    public async Task<ManualWarningAnswer> OpenAsync(PmoUser caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Roles.Count == 0)
        {
            return new ManualWarningAnswer.Close(NoRoleMessage);
        }

        var choices = await ChoicesAsync(caller, cancellationToken);
        if (choices.Count == 0)
        {
            return new ManualWarningAnswer.Close(NoProjectsMessage);
        }

        var values = new ManualWarningFormValues(Guid.NewGuid().ToString("N"), choices.Count == 1 ? choices[0].Code : null, null, null);
        return new ManualWarningAnswer.ShowForm(ManualWarningForm.Card(values, choices));
    }

    /// <summary>Raises the warning the submitted form describes, or answers with the form and its problems marked.</summary>
    public async Task<ManualWarningAnswer> RaiseAsync(PmoUser caller, JsonObject submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(submission);
        if (caller.Roles.Count == 0)
        {
            LogRefused(caller.UserKey, "no role");
            return new ManualWarningAnswer.Close(NoRoleMessage);
        }

        var values = ManualWarningForm.Read(submission);
        if (!Guid.TryParseExact(values.FormId, "N", out _))
        {
            LogRefused(caller.UserKey, "no form id");
            return new ManualWarningAnswer.Close(UnknownFormMessage);
        }

        var (draft, errors) = ManualWarningFormValidator.Validate(values);
        var project = draft is null ? null : await RaisableProjectAsync(caller, draft.ProjectCode, cancellationToken);
        if (draft is not null && project is null)
        {
            LogRefused(caller.UserKey, "project " + draft.ProjectCode);
            errors = new Dictionary<string, string> { [ManualWarningForm.ProjectField] = ProjectRefused };
        }

        if (draft is null || project is null)
        {
            return new ManualWarningAnswer.ShowForm(ManualWarningForm.Card(values, await ChoicesAsync(caller, cancellationToken), errors));
        }

        var ruleId = ManualWarning.EpisodeRuleId(draft.FormId);
        if (await RaisedBeforeAsync(project.Code, ruleId, cancellationToken))
        {
            return AlreadyRaised(project, draft.FormId);
        }

        var signal = new WarningSignal(ruleId, draft.Severity, draft.Description, ManualWarning.TitleFor(caller));
        var raised = await monitor.RaiseManualAsync(project, signal, new WarningStamp(caller.UserKey, caller.Name, time.GetUtcNow()), cancellationToken);
        if (raised is null)
        {
            return AlreadyRaised(project, draft.FormId);
        }

        LogRaised(project.Code, draft.Severity, caller.UserKey);
        return new ManualWarningAnswer.Close(Confirmation(raised, project), raised);
    }

    /// <summary>The active projects the caller may raise warnings on.</summary>
    public async Task<IReadOnlyList<ProjectSummary>> ChoicesAsync(PmoUser caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var candidates = ProjectAccess.CanChange(caller)
            ? await projects.ListAsync(cancellationToken)
            : await projects.ListManagedByAsync(caller.UserKey, cancellationToken);
        return candidates.Where(p => p.Status == ProjectStatus.Active).ToList();
    }

    private async Task<Project?> RaisableProjectAsync(PmoUser caller, string code, CancellationToken cancellationToken)
    {
        var project = (await projects.GetAsync(code, cancellationToken))?.Project;
        return project is { Status: ProjectStatus.Active } && (ProjectAccess.CanChange(caller) || project.IsManagedBy(caller.UserKey))
            ? project
            : null;
    }

    /// <summary>The form was sent before and its warning has closed since (an open one is caught when raising).</summary>
    private async Task<bool> RaisedBeforeAsync(string code, string ruleId, CancellationToken cancellationToken) =>
        (await store.ListClosedAsync(code, ClosedChecked, cancellationToken)).Any(e => string.Equals(e.RuleId, ruleId, StringComparison.OrdinalIgnoreCase));

    private ManualWarningAnswer.Close AlreadyRaised(Project project, string formId)
    {
        LogAlreadyRaised(formId, project.Code);
        return new ManualWarningAnswer.Close($"This warning was already raised on **{project.Code} · {project.Name}** (the form was sent twice); nothing changed.");
    }

    private static string Confirmation(WarningEpisode episode, Project project)
    {
        var what = MessageText.Shorten(episode.Headline, 200);
        var severity = WarningText.Describe(episode.Severity).ToLowerInvariant();
        var article = "aeiou".Contains(severity[0], StringComparison.Ordinal) ? "an" : "a";
        return $"Raised {article} {severity} early warning on **{project.Code} · {project.Name}**: {what}{ManualWarning.FullStop(what)} " +
            $"The PMO has been alerted and {project.Manager.Name} has a note. It stays open until the PMO closes it; it shows in **warnings {project.Code}**.";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Manual warning raised on {ProjectCode} ({Severity}) by {UserKey}")]
    private partial void LogRaised(string projectCode, WarningSeverity severity, string userKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Manual warning of form {FormId} on {ProjectCode} was already raised; a repeated submit changed nothing")]
    private partial void LogAlreadyRaised(string formId, string projectCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Raise early warning refused for {UserKey}: {Reason}")]
    private partial void LogRefused(string userKey, string reason);
}
