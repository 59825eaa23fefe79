using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Risks;

/// <summary>What the "Log as risk" dialog does next: show the form (again, with problems marked), or close with a message.</summary>
public abstract record RiskFormAnswer
{
    public sealed record ShowForm(JsonObject Card) : RiskFormAnswer;

    /// <param name="Risk">The risk logged by this answer, if it logged one.</param>
    public sealed record Close(string Message, LoggedRisk? Risk = null) : RiskFormAnswer;
}

/// <summary>
/// Logging risks against projects from outside the weekly review ("Log as risk" on a chat message). A PM logs on
/// the active projects they manage or deputise on, the PMO and admins on any active project. A project the caller
/// may not use is refused with the same words whether it exists or not.
/// </summary>
public sealed partial class RiskRegister(ProjectRegister projects, LoggedRiskStore risks, TimeProvider time, ILogger<RiskRegister> logger)
{
    /// <summary>The source message kept with a risk is capped: it is context, and table properties have a size limit.</summary>
    public const int SourceMessageMaxLength = 4000;

    public const string NoRoleMessage =
        "Logging a risk is for project managers (on their own projects), the PMO and admins, and you have no PmoBot role yet. Ask the PMO to grant you one. Nothing was logged.";

    public const string NoProjectsMessage =
        "You can log risks on the active projects you manage or deputise on, and you have none just now; the PMO can log on any active project. Nothing was logged.";

    public const string UnknownFormMessage =
        "This form was not opened by PmoBot's **Log as risk**, so nothing was logged. Choose **Log as risk** on the message again.";

    public const string ProjectRefused = "That is not a project you may log risks on (your own active projects; for the PMO, any active project).";

    /// <summary>The form for a new risk, its description taken from the message it was opened on.</summary>
    public async Task<RiskFormAnswer> OpenAsync(PmoUser caller, string? messageText, CancellationToken cancellationToken)
    {
        if (caller.Roles.Count == 0)
        {
            return new RiskFormAnswer.Close(NoRoleMessage);
        }

        var choices = await ChoicesAsync(caller, cancellationToken);
        if (choices.Count == 0)
        {
            return new RiskFormAnswer.Close(NoProjectsMessage);
        }

        var description = MessageText.Shorten(messageText ?? string.Empty, RiskForm.DescriptionMaxLength);
        var values = new RiskFormValues(
            Guid.NewGuid().ToString("N"),
            choices.Count == 1 ? choices[0].Code : null,
            description.Length == 0 ? null : description,
            null,
            null,
            caller.Name);
        return new RiskFormAnswer.ShowForm(RiskForm.Card(values, choices));
    }

    /// <summary>Logs the risk the submitted form describes, or answers with the form and its problems marked.</summary>
    /// <param name="sourceMessage">The text of the chat message the form was opened on, kept with the risk as context.</param>
    public async Task<RiskFormAnswer> LogAsync(PmoUser caller, JsonObject submission, string? sourceMessage, CancellationToken cancellationToken)
    {
        if (caller.Roles.Count == 0)
        {
            LogRefused(caller.UserKey, "no role");
            return new RiskFormAnswer.Close(NoRoleMessage);
        }

        var values = RiskForm.Read(submission);
        if (!Guid.TryParseExact(values.FormId, "N", out _))
        {
            LogRefused(caller.UserKey, "no form id");
            return new RiskFormAnswer.Close(UnknownFormMessage);
        }

        var (draft, errors) = RiskFormValidator.Validate(values);
        var project = draft is null ? null : await LoggableProjectAsync(caller, draft.ProjectCode, cancellationToken);
        if (draft is not null && project is null)
        {
            LogRefused(caller.UserKey, "project " + draft.ProjectCode);
            errors = new Dictionary<string, string> { [RiskForm.ProjectField] = ProjectRefused };
        }

        if (draft is null || project is null)
        {
            return new RiskFormAnswer.ShowForm(RiskForm.Card(values, await ChoicesAsync(caller, cancellationToken), errors));
        }

        var risk = new LoggedRisk(
            project.Code,
            values.FormId!,
            draft.Description,
            draft.Probability,
            draft.Impact,
            draft.Owner,
            caller.UserKey,
            caller.Name,
            time.GetUtcNow(),
            string.IsNullOrWhiteSpace(sourceMessage) ? null : MessageText.Shorten(sourceMessage, SourceMessageMaxLength));
        var outcome = await risks.AddFromFormAsync(risk, cancellationToken);
        if (!string.Equals(outcome.ProjectCode, project.Code, StringComparison.OrdinalIgnoreCase))
        {
            LogFormUsedElsewhere(risk.Id, outcome.ProjectCode, project.Code);
            return new RiskFormAnswer.Close(
                $"This form already logged its risk on **{outcome.ProjectCode}**, so nothing was logged on **{project.Code}**. To log another risk, choose **Log as risk** on the message again.");
        }

        if (!outcome.Added)
        {
            LogAlreadyLogged(risk.Id, risk.ProjectCode);
            return new RiskFormAnswer.Close($"This risk was already logged on **{project.Code} · {project.Name}** (the form was sent twice); nothing changed.");
        }

        LogLogged(risk.Id, risk.ProjectCode, caller.UserKey);
        return new RiskFormAnswer.Close(Confirmation(risk, project), risk);
    }

    /// <summary>The active projects the caller may log against, by code.</summary>
    public async Task<IReadOnlyList<ProjectSummary>> ChoicesAsync(PmoUser caller, CancellationToken cancellationToken)
    {
        var candidates = ProjectAccess.CanChange(caller)
            ? await projects.ListAsync(cancellationToken)
            : await projects.ListManagedByAsync(caller.UserKey, cancellationToken);
        return candidates.Where(p => p.Status == ProjectStatus.Active).ToList();
    }

    private async Task<Project?> LoggableProjectAsync(PmoUser caller, string code, CancellationToken cancellationToken)
    {
        var stored = await projects.GetAsync(code, cancellationToken);
        var project = stored?.Project;
        return project is { Status: ProjectStatus.Active } && (ProjectAccess.CanChange(caller) || project.IsManagedBy(caller.UserKey))
            ? project
            : null;
    }

    private static string Confirmation(LoggedRisk risk, Project project) =>
        $"Logged the risk on **{project.Code} · {project.Name}**: {MessageText.Shorten(risk.Description, 200)} " +
        $"(probability {risk.Probability}, impact {risk.Impact}, score {risk.Score}; owner {risk.Owner}). " +
        $"It shows in **status {project.Code}** and **risks**.";

    [LoggerMessage(Level = LogLevel.Information, Message = "Risk {RiskId} logged on {ProjectCode} by {UserKey}")]
    private partial void LogLogged(string riskId, string projectCode, string userKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Risk {RiskId} on {ProjectCode} was already logged; a repeated submit changed nothing")]
    private partial void LogAlreadyLogged(string riskId, string projectCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Risk form {FormId} already logged its risk on {LoggedOn}; sent again for {ProjectCode}, it logged nothing")]
    private partial void LogFormUsedElsewhere(string formId, string loggedOn, string projectCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Log as risk refused for {UserKey}: {Reason}")]
    private partial void LogRefused(string userKey, string reason);
}
