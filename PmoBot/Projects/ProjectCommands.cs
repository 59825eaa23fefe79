using System.Globalization;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Projects;

public sealed class ProjectCommands(ProjectRegister register, IProjectVisibility visibility) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("projects", "projects [business unit] [page n]", "The projects you may see: code, name, PM, stage and status", ProjectAccess.AnyRole, ListAsync),
        new("project", "project ‹code›", "A project's card: facts, milestones and planned-value baseline", ProjectAccess.AnyRole, ShowAsync),
        new("project add", "project add [code]", "Register a project with a form (or send the PMO's CSV file in this chat)", Roles.PmoOrAdmin, AddAsync),
        new("project edit", "project edit ‹code›", "Change a project's details, milestones or baseline", Roles.PmoOrAdmin, EditAsync),
        new("project close", "project close ‹code›", "Close a project: it leaves the weekly reviews", Roles.PmoOrAdmin, (r, ct) => SetStatusAsync(r, ProjectStatus.Closed, ct)),
        new("project reopen", "project reopen ‹code›", "Make a closed or on-hold project active again", Roles.PmoOrAdmin, (r, ct) => SetStatusAsync(r, ProjectStatus.Active, ct)),
    ];

    /// <summary>The refusal for a project the caller may not see; it never tells whether the project exists.</summary>
    public static string NotVisible(IProjectView view, string code)
    {
        ArgumentNullException.ThrowIfNull(view);
        code = CommandText.Echoed(code);
        return view.Choose(
            $"There is no project {code}. Type **projects** to see the register.",
            $"I can't show you {code} — either it doesn't exist or it isn't one of your projects. Type **projects** to see yours.",
            $"I can't show you {code} — either it doesn't exist or it isn't one you may see ({view.Describe()}). Type **projects** to see those you may.");
    }

    private async Task<Reply> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (CodeProblem(request.Arguments, "project", out var code) is { } problem)
        {
            return problem;
        }

        var view = visibility.ViewOf(request.Caller);
        var stored = await register.GetAsync(code, cancellationToken);
        return stored is not null && view.CanSee(stored.Project)
            ? Reply.WithCard(ProjectCards.Project(stored, request.Caller, view))
            : Reply.Message(NotVisible(view, code));
    }

    private async Task<Reply> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var page = 1;
        if (words.Count >= 2 && string.Equals(words[^2], "page", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(words[^1], NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1)
            {
                return Reply.Message($"\"{words[^1]}\" is not a page number. Pages start at 1, e.g. **projects page 2**.");
            }

            words.RemoveRange(words.Count - 2, 2);
        }

        var view = visibility.ViewOf(request.Caller);
        var all = await register.ListVisibleAsync(view, cancellationToken);
        var businessUnit = words.Count == 0 ? null : string.Join(' ', words);
        if (businessUnit is null)
        {
            var empty = view.Choose(
                "The register is empty: add a project with **project add** or send a CSV file.",
                "You don't manage any project yet.",
                $"There are no projects you may see ({view.Describe()}) yet.");
            return Reply.WithCard(ProjectCards.List(all, view.Choose("Projects", "Your projects", "Projects you may see"), "projects", page, empty));
        }

        var inUnit = all.Where(p => string.Equals(p.BusinessUnit, businessUnit, StringComparison.OrdinalIgnoreCase)).ToList();
        if (inUnit.Count == 0)
        {
            var units = all.Select(p => p.BusinessUnit).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
            var none = $"There are no projects in \"{businessUnit}\"{view.Choose(string.Empty, " that you manage", " that you may see")}.";
            return Reply.Message(units.Count == 0 ? none : $"{none} The business units are: {string.Join(", ", units)}.");
        }

        var unit = inUnit[0].BusinessUnit;
        return Reply.WithCard(ProjectCards.List(inUnit, view.Choose($"Projects in {unit}", $"Your projects in {unit}", $"Projects in {unit}"), $"projects {unit}", page, string.Empty));
    }

    private static Task<Reply> AddAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var code = ProjectText.NormalizeCode(request.Arguments);
        return Task.FromResult(Reply.WithCard(ProjectCards.Form(ProjectInput.Blank with { Code = code.Length == 0 ? null : code })));
    }

    private async Task<Reply> EditAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (CodeProblem(request.Arguments, "project edit", out var code) is { } problem)
        {
            return problem;
        }

        var stored = await register.GetAsync(code, cancellationToken);
        return stored is null
            ? Reply.Message(NotVisible(visibility.ViewOf(request.Caller), code))
            : Reply.WithCard(ProjectCards.Form(ProjectInput.From(stored.Project), stored.ETag));
    }

    private async Task<Reply> SetStatusAsync(CommandRequest request, ProjectStatus status, CancellationToken cancellationToken)
    {
        var command = status == ProjectStatus.Closed ? "project close" : "project reopen";
        if (CodeProblem(request.Arguments, command, out var code) is { } problem)
        {
            return problem;
        }

        var view = visibility.ViewOf(request.Caller);
        return await register.SetStatusAsync(code, status, request.Caller.Name, cancellationToken) switch
        {
            ProjectSaveResult.Saved saved => Reply.WithCard(
                ProjectCards.Project(saved.Project, request.Caller, view, status == ProjectStatus.Closed
                    ? $"Closed {code}: it leaves the weekly reviews. **project reopen {code}** brings it back."
                    : $"{code} is active again."),
                $"{code} is now {EnumText.Describe(status).ToLowerInvariant()}."),
            ProjectSaveResult.Unchanged => Reply.Message($"{code} is already {EnumText.Describe(status).ToLowerInvariant()}; nothing changed."),
            _ => Reply.Message(NotVisible(view, code)),
        };
    }

    /// <summary>Why the arguments are not a project code, or null when <paramref name="code"/> is one.</summary>
    private static Reply? CodeProblem(string arguments, string command, out string code)
    {
        code = ProjectText.NormalizeCode(arguments);
        return code.Length == 0
            ? Reply.Message($"Which project? Type **{command} ‹code›**, e.g. {command} {ProjectText.CodeExample}, or **projects** for the list.")
            : ProjectText.IsCode(code)
                ? null
                : Reply.Message($"\"{arguments.Trim()}\" is not a project code: letters and digits, a dash and a number, like {ProjectText.CodeExample}.");
    }
}

/// <summary>The Save button of the project form: validates, answers errors in the same card, saves under the ETag the form was read at.</summary>
public sealed class ProjectSaveCardAction(ProjectInputReader reader, ProjectRegister register, IProjectVisibility visibility) : ICardActionHandler
{
    public string Verb => ProjectCards.SaveVerb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var input = ProjectCards.Read(request);
        var editedCode = request.Field(ProjectCards.EditedCodeField);
        var etag = request.Field(ProjectCards.ETagField);
        var editing = editedCode is not null;
        Reply FormAgain(params string[] errors) => Reply.WithCard(ProjectCards.Form(input, editing ? etag ?? string.Empty : null, errors), "Nothing was saved yet: " + errors[0]);

        var current = editing ? await register.GetAsync(editedCode!, cancellationToken) : null;
        if (editing && current is null)
        {
            return Reply.Message($"{CommandText.Echoed(ProjectText.NormalizeCode(editedCode))} no longer exists, so nothing was saved. Type **projects** to see the register.");
        }

        var reading = await reader.ReadAsync(input, current?.Project, cancellationToken);
        if (reading.Project is not { } project)
        {
            // A new project's code already taken is said in the same round as the form's other problems.
            var code = ProjectText.NormalizeCode(input.Code);
            var taken = !editing && ProjectText.IsCode(code) && await register.GetAsync(code, cancellationToken) is { } existing ? AlreadyExists(existing) : null;
            return FormAgain([.. reading.Errors, .. taken is null ? [] : new[] { taken }]);
        }

        var by = request.Caller.Name;
        var view = visibility.ViewOf(request.Caller);
        var result = editing
            ? await register.UpdateAsync(project, etag ?? string.Empty, by, cancellationToken)
            : await register.CreateAsync(project, by, cancellationToken);
        return result switch
        {
            ProjectSaveResult.Saved saved => Reply.WithCard(
                ProjectCards.Project(saved.Project, request.Caller, view, saved.Created ? $"Added {project.Code}." : $"Saved {project.Code}."),
                $"{(saved.Created ? "Added" : "Saved")} {project.Code} {project.Name}."),
            ProjectSaveResult.Unchanged unchanged => Reply.WithCard(ProjectCards.Project(unchanged.Project, request.Caller, view, "Nothing changed."), $"{project.Code}: nothing changed."),
            ProjectSaveResult.AlreadyExists exists => FormAgain(AlreadyExists(exists.Existing)),
            ProjectSaveResult.Conflict conflict => Reply.WithCard(
                ProjectCards.Form(ProjectInput.From(conflict.Latest.Project), conflict.Latest.ETag, notice: ChangedMeanwhile(conflict.Latest, request.Caller)),
                $"{project.Code} was changed by someone else; nothing was saved."),
            _ => Reply.Message($"{project.Code} no longer exists, so nothing was saved. Type **projects** to see the register."),
        };
    }

    private static string AlreadyExists(StoredProject existing) =>
        $"{existing.Project.Code} already exists ({existing.Project.Name}). Choose another code, or type **project edit {existing.Project.Code}** to change it.";

    private static string ChangedMeanwhile(StoredProject latest, PmoUser viewer) =>
        $"{latest.Project.Code} was changed by {latest.LastChange.By} on {ProjectCards.When(latest.LastChange.At, viewer)} while you were editing, so nothing was saved and nothing was overwritten. "
        + "Here is the latest version: make your changes again and save.";
}
