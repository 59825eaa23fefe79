using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Projects;

namespace PmoBot.Warnings;

/// <summary>
/// What the "Raise early warning" form holds, as typed, so a form with mistakes comes back as the person left it.
/// <see cref="FormId"/> names this one opening of the form: the warning raised from it is keyed by it, so the same
/// form sent twice raises one warning.
/// </summary>
public sealed record ManualWarningFormValues(string? FormId, string? ProjectCode, string? Severity, string? Description);

/// <summary>The "Raise early warning" form: an Adaptive Card shown in a Teams dialog, and the reading of what it submits.</summary>
public static class ManualWarningForm
{
    public const string FormIdField = "warningFormId";
    public const string ProjectField = "warningProject";
    public const string SeverityField = "warningSeverity";
    public const string DescriptionField = "warningDescription";

    public const string Title = "Raise early warning";
    public const string SubmitTitle = "Raise warning";

    public const int DescriptionMaxLength = 1000;

    /// <summary>Above this many projects the form asks for a code: the PMO may raise on thousands, more than a card can list.</summary>
    public const int MaxProjectChoices = 100;

    private static readonly (string Title, string Value)[] Severities =
    [
        ("Info: worth knowing", nameof(WarningSeverity.Info)),
        ("Watch: needs attention soon", nameof(WarningSeverity.Watch)),
        ("Critical: needs action now", nameof(WarningSeverity.Critical)),
    ];

    /// <param name="projects">The projects the caller may raise warnings on (the choices).</param>
    /// <param name="errors">Problems by field id, shown under each field and summed up at the top.</param>
    public static JsonObject Card(ManualWarningFormValues values, IReadOnlyList<ProjectSummary> projects, IReadOnlyDictionary<string, string>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(projects);
        errors ??= new Dictionary<string, string>();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(Title),
            errors.Count > 0
                ? AdaptiveCard.Text("Nothing was raised yet. Please fix the fields marked below.", color: "Attention")
                : AdaptiveCard.Text("The PMO is alerted with the usual warning card and the project manager gets a note. It stays open until the PMO closes it.", subtle: true),
        };
        Add(body, ProjectInput(values.ProjectCode, projects), errors);
        Add(body, AdaptiveCard.ChoiceInput(SeverityField, "Severity", Severities, values.Severity, required: true, errorMessage: "Pick the severity."), errors);
        var description = AdaptiveCard.Multiline(AdaptiveCard.TextInput(DescriptionField, "What is wrong", values.Description, "What you see, and what it could cause", required: true, errorMessage: "Say what is wrong."));
        description["maxLength"] = DescriptionMaxLength;
        Add(body, description, errors);

        var submit = new JsonObject
        {
            ["type"] = "Action.Submit",
            ["title"] = SubmitTitle,
            ["style"] = "positive",
            ["data"] = new JsonObject { [FormIdField] = values.FormId },
        };
        return AdaptiveCard.Create(body, [submit]);
    }

    /// <summary>The values of a submitted form; absent or blank fields are null.</summary>
    public static ManualWarningFormValues Read(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(Field(data, FormIdField), Field(data, ProjectField)?.ToUpperInvariant(), Field(data, SeverityField), Field(data, DescriptionField));
    }

    private static JsonObject ProjectInput(string? code, IReadOnlyList<ProjectSummary> projects) =>
        projects.Count > MaxProjectChoices
            ? AdaptiveCard.TextInput(ProjectField, "Project code", code, ProjectText.CodeExample, required: true, errorMessage: "Give the project's code.")
            : AdaptiveCard.ChoiceInput(ProjectField, "Project", projects.Select(p => ($"{p.Code} · {p.Name}", p.Code)), code, required: true, errorMessage: "Pick the project.");

    private static void Add(List<JsonNode?> body, JsonObject input, IReadOnlyDictionary<string, string> errors)
    {
        body.Add(input);
        if (errors.TryGetValue(input["id"]!.GetValue<string>(), out var error))
        {
            body.Add(AdaptiveCard.Text(error, color: "Attention"));
        }
    }

    private static string? Field(JsonObject data, string name) =>
        data.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;
}
