using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Projects;

namespace PmoBot.Risks;

/// <summary>
/// What the "Log as risk" form holds, as typed: strings, so a form with mistakes comes back exactly as the person
/// left it. <see cref="FormId"/> names this one opening of the form; it becomes the risk's id, so the same form
/// submitted twice (a double click, a redelivered invoke) logs one risk.
/// </summary>
public sealed record RiskFormValues(string? FormId, string? ProjectCode, string? Description, string? Probability, string? Impact, string? Owner);

/// <summary>The "Log as risk" form: an Adaptive Card shown in a Teams dialog, and the reading of what it submits.</summary>
public static class RiskForm
{
    public const string FormIdField = "riskFormId";
    public const string ProjectField = "riskProject";
    public const string DescriptionField = "riskDescription";
    public const string ProbabilityField = "riskProbability";
    public const string ImpactField = "riskImpact";
    public const string OwnerField = "riskOwner";

    public const string Title = "Log as risk";
    public const string SubmitTitle = "Log risk";

    public const int DescriptionMaxLength = 1000;
    public const int OwnerMaxLength = 100;

    /// <summary>
    /// Above this many projects the form asks for a code instead of listing them: a PMO member may log against any
    /// of thousands, and a card that lists them all would pass the size Teams accepts.
    /// </summary>
    public const int MaxProjectChoices = 100;

    private static readonly (string Title, string Value)[] Levels = [("Low", "Low"), ("Medium", "Medium"), ("High", "High")];

    /// <param name="projects">The projects the caller may log against (the choices).</param>
    /// <param name="errors">Problems by field id, shown under each field and summed up at the top.</param>
    public static JsonObject Card(RiskFormValues values, IReadOnlyList<ProjectSummary> projects, IReadOnlyDictionary<string, string>? errors = null)
    {
        errors ??= new Dictionary<string, string>();
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Log a risk"),
            errors.Count > 0
                ? AdaptiveCard.Text("Nothing was logged yet. Please fix the fields marked below.", color: "Attention")
                : AdaptiveCard.Text("Add this to a project's risks; it shows in **status** and **risks**.", subtle: true),
        };
        Add(body, ProjectInput(values.ProjectCode, projects), errors);
        Add(body, Limited(AdaptiveCard.Multiline(AdaptiveCard.TextInput(DescriptionField, "Description", values.Description, "What might happen, and what it would cause", required: true, errorMessage: "Describe the risk.")), DescriptionMaxLength), errors);
        Add(body, AdaptiveCard.ChoiceInput(ProbabilityField, "Probability", Levels, values.Probability, required: true, errorMessage: "Pick how likely it is."), errors);
        Add(body, AdaptiveCard.ChoiceInput(ImpactField, "Impact", Levels, values.Impact, required: true, errorMessage: "Pick how bad it would be."), errors);
        Add(body, Limited(AdaptiveCard.TextInput(OwnerField, "Owner", values.Owner, "Who watches this risk", required: true, errorMessage: "Say who owns the risk."), OwnerMaxLength), errors);

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
    public static RiskFormValues Read(JsonObject data) => new(
        Field(data, FormIdField),
        Field(data, ProjectField)?.ToUpperInvariant(),
        Field(data, DescriptionField),
        Field(data, ProbabilityField),
        Field(data, ImpactField),
        Field(data, OwnerField));

    private static JsonObject ProjectInput(string? code, IReadOnlyList<ProjectSummary> projects) =>
        projects.Count > MaxProjectChoices
            ? AdaptiveCard.TextInput(ProjectField, "Project code", code, ProjectText.CodeExample, required: true, errorMessage: "Give the project's code.")
            : AdaptiveCard.ChoiceInput(ProjectField, "Project", projects.Select(p => ($"{p.Code} · {p.Name}", p.Code)), code, required: true, errorMessage: "Pick the project.");

    private static JsonObject Limited(JsonObject input, int maxLength)
    {
        input["maxLength"] = maxLength;
        return input;
    }

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
