using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Reviews.Templates;

namespace PmoBot.Projects;

/// <summary>The cards of the project register and the verb and fields of its form.</summary>
public static class ProjectCards
{
    public const string SaveVerb = "project.save";

    public const string CodeField = "code";
    public const string NameField = "name";
    public const string BusinessUnitField = "businessUnit";
    public const string ManagerField = "pm";
    public const string DeputyField = "deputyPm";
    public const string SponsorField = "sponsor";
    public const string StageField = "stage";
    public const string StartField = "start";
    public const string PlannedEndField = "plannedEnd";
    public const string BudgetField = "bac";
    public const string CurrencyField = "currency";
    public const string CadenceField = "cadence";
    public const string StatusField = "status";
    public const string MilestonesField = "milestones";
    public const string BaselineField = "baseline";

    /// <summary>Carried by the Save button of the edit form: the project being edited and the version it was read at.</summary>
    public const string EditedCodeField = "editedCode";
    public const string ETagField = "etag";

    public const int ProjectsPerPage = 25;

    /// <summary>Import errors shown on the report card; the card says how many more there are.</summary>
    public const int ImportErrorsShown = 50;

    /// <summary>The add form (no <paramref name="etag"/>) or the edit form of the version with <paramref name="etag"/>.</summary>
    public static JsonObject Form(ProjectInput values, string? etag = null, IReadOnlyList<string>? errors = null, string? notice = null)
    {
        var editing = etag is not null;
        var code = ProjectText.NormalizeCode(values.Code);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(editing ? $"Edit {code}" : "Add a project"),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Warning"),
            errors is { Count: > 0 } ? AdaptiveCard.Text("Nothing was saved yet. Please fix:\n\n" + string.Join("\n", errors.Select(e => "- " + e)), color: "Attention") : null,
            editing ? null : AdaptiveCard.TextInput(CodeField, "Code", values.Code, ProjectText.CodeExample, required: true, errorMessage: "Give the project a code."),
            AdaptiveCard.TextInput(NameField, "Name", values.Name, "e.g. Mobile banking app relaunch", required: true, errorMessage: "Give the project a name."),
            AdaptiveCard.TextInput(BusinessUnitField, "Business unit", values.BusinessUnit, "e.g. Digital", required: true, errorMessage: "Say which business unit."),
            AdaptiveCard.TextInput(ManagerField, "Project manager (name, e-mail or Entra object id)", values.Manager, "e.g. Megan Bowen", required: true, errorMessage: "Say who manages the project."),
            AdaptiveCard.TextInput(DeputyField, "Deputy PM (optional)", values.Deputy),
            AdaptiveCard.TextInput(SponsorField, "Sponsor", values.Sponsor, "e.g. Isaiah Langer", required: true, errorMessage: "Name the sponsor."),
            Choice<ProjectStage>(StageField, "Stage", values.Stage),
            Choice<ProjectStatus>(StatusField, "Status", values.Status),
            Choice<ReviewCadence>(CadenceField, "Review cadence", values.Cadence),
            DateInput(StartField, "Start", values.Start),
            DateInput(PlannedEndField, "Planned end", values.PlannedEnd),
            AdaptiveCard.TextInput(BudgetField, "Budget at completion (BAC)", values.Budget, "e.g. 1,250,000", required: true, errorMessage: "Give the budget at completion."),
            AdaptiveCard.TextInput(CurrencyField, "Currency", values.Currency ?? "EUR", "EUR", required: true, errorMessage: "Give the currency, e.g. EUR."),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(MilestonesField, $"Milestones, one per line: name:{ProjectText.DateFormat}, then :forecast date if it moved and :{ProjectText.DoneMarker} when done", values.Milestones, "Design sign-off:2026-03-31")),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(BaselineField, $"Planned-value baseline, one per line: {ProjectText.DateFormat}:cumulative planned value", values.Baseline, "2026-01-31:50000")),
        };
        var data = editing ? new JsonObject { [EditedCodeField] = code, [ETagField] = etag } : null;
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Save", SaveVerb, data, style: "positive")]);
    }

    /// <summary>The fields of a submitted form; the edited project's code comes from the button, not from an input.</summary>
    public static ProjectInput Read(CardActionRequest request) => new(
        request.Field(EditedCodeField) ?? request.Field(CodeField),
        request.Field(NameField),
        request.Field(BusinessUnitField),
        request.Field(ManagerField),
        request.Field(DeputyField),
        request.Field(SponsorField),
        request.Field(StageField),
        request.Field(StartField),
        request.Field(PlannedEndField),
        request.Field(BudgetField),
        request.Field(CurrencyField),
        request.Field(CadenceField),
        request.Field(StatusField),
        request.Field(MilestonesField),
        request.Field(BaselineField));

    /// <param name="view">What <paramref name="viewer"/> may see: names the button back to their list.</param>
    public static JsonObject Project(StoredProject stored, PmoUser viewer, IProjectView view, string? notice = null)
    {
        var project = stored.Project;
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{project.Code} · {project.Name}"),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Good"),
            AdaptiveCard.Facts(
            [
                ("Business unit", project.BusinessUnit),
                ("Project manager", project.Manager.Name),
                ("Deputy PM", project.Deputy?.Name ?? "none"),
                ("Sponsor", project.Sponsor),
                ("Stage", EnumText.Describe(project.Stage)),
                ("Status", EnumText.Describe(project.Status)),
                ("Start", DateText.Display(project.Start)),
                ("Planned end", DateText.Display(project.PlannedEnd)),
                ("Budget at completion", ProjectText.Budget(project, amount => Money(amount, project))),
                ("Review cadence", EnumText.Describe(project.Cadence)),
                ("Last changed", $"by {stored.LastChange.By}, {When(stored.LastChange.At, viewer)}"),
            ]),
            AdaptiveCard.Subheading($"Milestones ({project.Milestones.Count})"),
            project.Milestones.Count == 0
                ? AdaptiveCard.Text("No milestones yet.", subtle: true)
                : AdaptiveCard.Facts(project.Milestones.Select(m => (m.Name, DescribeMilestone(m)))),
            AdaptiveCard.Subheading("Planned-value baseline"),
            AdaptiveCard.Text(DescribeBaseline(project), subtle: project.Baseline.Count == 0),
            project.Baseline.Count == 0 ? null : AdaptiveCard.Facts(project.Baseline.Select(p => (DateText.Display(p.Date), Money(p.CumulativePlannedValue, project)))),
            ProjectAccess.CanChange(viewer) ? null : AdaptiveCard.Text("The PMO maintains this project's details and baseline; ask them for a change.", subtle: true),
        };
        var actions = new List<JsonNode?>();
        if (ProjectAccess.CanChange(viewer))
        {
            actions.Add(AdaptiveCard.SendMessage("Edit", $"project edit {project.Code}"));
            actions.Add(project.Status == ProjectStatus.Closed
                ? AdaptiveCard.SendMessage("Reopen", $"project reopen {project.Code}")
                : AdaptiveCard.SendMessage("Close", $"project close {project.Code}"));
        }

        actions.Add(AdaptiveCard.SendMessage(view.Choose("All projects", "My projects", "Projects you may see"), "projects"));
        return AdaptiveCard.Create(body, actions);
    }

    /// <param name="command">The command that lists these projects (<c>projects</c>, <c>projects Digital</c>); "More" types it with the next page.</param>
    public static JsonObject List(IReadOnlyList<ProjectSummary> projects, string title, string command, int page, string emptyText)
    {
        var pages = Math.Max(1, (int)Math.Ceiling(projects.Count / (double)ProjectsPerPage));
        page = Math.Clamp(page, 1, pages);
        var shown = projects.Skip((page - 1) * ProjectsPerPage).Take(ProjectsPerPage).ToList();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{title} ({projects.Count})"),
            pages > 1 ? AdaptiveCard.Text($"Page {page} of {pages}", subtle: true) : null,
            shown.Count == 0
                ? AdaptiveCard.Text(emptyText, subtle: true)
                : AdaptiveCard.Facts(shown.Select(p => (p.Code, $"{p.Name} · {p.ManagerName} · {EnumText.Describe(p.Stage)} · {EnumText.Describe(p.Status)}"))),
            shown.Count == 0 ? null : AdaptiveCard.Text("Type **project ‹code›** for a project's details.", subtle: true),
        };
        var actions = new List<JsonNode?>();
        if (page < pages)
        {
            actions.Add(AdaptiveCard.SendMessage("More", $"{command} page {page + 1}"));
        }

        return AdaptiveCard.Create(body, actions);
    }

    /// <param name="columns">The file's header as the import documents it (the project import's by default).</param>
    /// <param name="show">The button under a read file, "Show the projects" by default.</param>
    public static JsonObject ImportReport(string fileName, ProjectImportReport report, IReadOnlyList<string>? columns = null, (string Title, string Command)? show = null)
    {
        columns ??= ProjectCsvImporter.Columns;
        var (showTitle, showCommand) = show ?? ("Show the projects", "projects");
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Import of {fileName}"),
            report.FileError is null ? null : AdaptiveCard.Text(report.FileError, color: "Attention"),
            report.FileError is null ? null : AdaptiveCard.Text($"The first line must be the header: {string.Join(",", columns)}.", subtle: true),
            report.FileError is not null ? null : AdaptiveCard.Facts(
            [
                ("Created", report.Created.ToString(CultureInfo.InvariantCulture)),
                ("Updated", report.Updated.ToString(CultureInfo.InvariantCulture)),
                ("Unchanged", report.Unchanged.ToString(CultureInfo.InvariantCulture)),
                ("Failed", report.Failed.ToString(CultureInfo.InvariantCulture)),
            ]),
        };
        if (report.Errors.Count > 0)
        {
            body.Add(AdaptiveCard.Subheading("Rows not imported"));
            body.Add(AdaptiveCard.Facts(report.Errors.Take(ImportErrorsShown).Select(e => ($"Line {e.Line}", e.Describe()))));
            if (report.Errors.Count > ImportErrorsShown)
            {
                body.Add(AdaptiveCard.Text($"and {report.Errors.Count - ImportErrorsShown} more rows with errors, not shown here: fix these and import the file again to see the rest.", color: "Attention"));
            }

            body.Add(AdaptiveCard.Text("The other rows were imported. Fix the rows above and send the file again: rows already imported are updated, not duplicated.", subtle: true));
        }

        return AdaptiveCard.Create(body, report.FileError is null ? [AdaptiveCard.SendMessage(showTitle, showCommand)] : null);
    }

    private static JsonObject Choice<TEnum>(string id, string label, string? value)
        where TEnum : struct, Enum
    {
        var selected = EnumText.TryParse<TEnum>(value, out var parsed) ? parsed : default;
        return AdaptiveCard.ChoiceInput(id, label, Enum.GetValues<TEnum>().Select(v => (EnumText.Describe(v), v.ToString())), selected.ToString(), required: true);
    }

    private static JsonObject DateInput(string id, string label, string? value)
    {
        var input = new JsonObject { ["type"] = "Input.Date", ["id"] = id, ["label"] = label, ["isRequired"] = true, ["errorMessage"] = $"Pick the {label.ToLowerInvariant()} date." };
        if (ProjectText.TryParseDate(value, out var date))
        {
            input["value"] = ProjectText.TypedDate(date);
        }

        return input;
    }

    private static string DescribeMilestone(Milestone milestone)
    {
        var due = DateText.Display(milestone.BaselineDate);
        if (milestone.Completed)
        {
            return $"done (due {due})";
        }

        var slip = milestone.ForecastDate.DayNumber - milestone.BaselineDate.DayNumber;
        return slip switch
        {
            0 => $"due {due}",
            > 0 => $"due {due}, forecast {DateText.Display(milestone.ForecastDate)} ({slip} days late)",
            _ => $"due {due}, forecast {DateText.Display(milestone.ForecastDate)} ({-slip} days early)",
        };
    }

    private static string DescribeBaseline(Project project)
    {
        if (project.Baseline.Count == 0)
        {
            return "No baseline yet: the PMO adds it with project edit.";
        }

        var first = project.Baseline[0];
        var last = project.Baseline[^1];
        var share = project.BudgetAtCompletion > 0 ? last.CumulativePlannedValue / project.BudgetAtCompletion : 0;
        return $"{project.Baseline.Count} points from {first.Date.ToString("MMM yyyy", CultureInfo.InvariantCulture)} to {last.Date.ToString("MMM yyyy", CultureInfo.InvariantCulture)}, "
            + $"reaching {Money(last.CumulativePlannedValue, project)} ({(share * 100).ToString("0", CultureInfo.InvariantCulture)}% of the budget at completion).";
    }

    private static string Money(decimal amount, Project project) => MoneyText.Format(amount, project.Currency);

    /// <summary>A moment in the viewer's own time zone, which it names.</summary>
    public static string When(DateTimeOffset at, PmoUser viewer) =>
        UserTimeZones.Stamp(at, viewer.TimeZone);
}
