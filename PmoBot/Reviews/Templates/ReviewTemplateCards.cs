using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.People;

namespace PmoBot.Reviews.Templates;

/// <summary>The cards of the review template: the template itself, the edit form and its Publish button, and a refused file.</summary>
public static class ReviewTemplateCards
{
    public const string PublishVerb = "review.template.publish";

    /// <summary>The form's multi-line input holding the template's JSON.</summary>
    public const string JsonField = "templateJson";

    /// <summary>Carried by the Publish button: the version the form was filled from.</summary>
    public const string BasedOnField = "basedOn";

    /// <summary>Errors listed on a card; the card says how many more there are.</summary>
    public const int ErrorsShown = 25;

    public static JsonObject Template(ReviewTemplate template, PmoUser viewer, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(viewer);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Review template, version {template.Version}"),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Good"),
            AdaptiveCard.Facts(
            [
                ("Published by", template.PublishedBy),
                ("Published", When(template.PublishedAt, viewer)),
                ("Questions", $"{template.Questions.Count}, {template.Questions.Count(q => q.Required)} required"),
            ]),
        };
        for (var i = 0; i < template.Questions.Count; i++)
        {
            var question = template.Questions[i];
            body.Add(AdaptiveCard.Subheading($"{i + 1}. {question.Text}"));
            body.Add(AdaptiveCard.Text(Details(question), subtle: true));
            if (question.Help is { } help)
            {
                body.Add(AdaptiveCard.Text(help));
            }
        }

        var actions = new List<JsonNode?>();
        if (viewer.HasAny(Roles.PmoOrAdmin))
        {
            actions.Add(AdaptiveCard.SendMessage("Edit", ReviewTemplateCommands.EditCommand));
        }

        if (template.Version > 1)
        {
            actions.Add(AdaptiveCard.SendMessage("Previous version", $"{ReviewTemplateCommands.ShowCommand} {template.Version - 1}"));
        }

        return AdaptiveCard.Create(body, actions);
    }

    /// <param name="basedOn">The version being edited; Publish makes the next one.</param>
    /// <param name="json">What the input shows: the version's JSON, or what the PMO typed when the form comes back.</param>
    public static JsonObject EditForm(ReviewTemplate basedOn, string json, PmoUser viewer, IReadOnlyList<string>? errors = null, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(basedOn);
        ArgumentNullException.ThrowIfNull(viewer);
        var input = AdaptiveCard.TextInput(JsonField, "Template (JSON)", json, required: true, errorMessage: "The template can't be empty: paste or type its JSON.");
        input["isMultiline"] = true;
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Edit the review template"),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Warning"),
            errors is { Count: > 0 } ? Errors("Nothing was published. Please fix:", errors) : null,
            AdaptiveCard.Text(
                $"You are editing version {basedOn.Version}, published by {basedOn.PublishedBy} on {When(basedOn.PublishedAt, viewer)}. "
                + $"**Publish** makes your changes version {basedOn.Version + 1}; reviews already answered keep the version they answered."),
            AdaptiveCard.Text(
                $"Each question has an id, text, type ({ReviewTemplateJson.TypeNames}) and required (true or false), and may have help. "
                + "Choice questions list their choices; number questions may have min, max and unit. Keep the ids of existing questions: "
                + "history and warnings follow them. You can also send the template as a .json file in this chat.",
                subtle: true),
            input,
        };
        var data = new JsonObject { [BasedOnField] = basedOn.Version.ToString(CultureInfo.InvariantCulture) };
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Publish", PublishVerb, data, style: "positive")]);
    }

    /// <summary>The answer to a template file that could not be published.</summary>
    public static JsonObject FileNotPublished(string fileName, IReadOnlyList<string> errors) => AdaptiveCard.Create(
        [
            AdaptiveCard.Heading($"{fileName} was not published"),
            Errors("Please fix:", errors),
            AdaptiveCard.Text($"Fix the file and send it again, or type **{ReviewTemplateCommands.EditCommand}** to change the template in a card. The current template is unchanged.", subtle: true),
        ],
        [AdaptiveCard.SendMessage("Show the current template", ReviewTemplateCommands.ShowCommand)]);

    /// <summary>"Red, amber or green · required · id overall": what a question takes, as the template card lists it.</summary>
    public static string Details(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return $"{DescribeType(question)} · {(question.Required ? "required" : "optional")} · id {question.Id}";
    }

    /// <summary>A moment in the viewer's own time zone, which it names.</summary>
    public static string When(DateTimeOffset at, PmoUser viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return UserTimeZones.Stamp(at, viewer.TimeZone);
    }

    private static string DescribeType(Question question)
    {
        string Number(decimal value) => NumberText.Format(value, CultureInfo.InvariantCulture);
        return question.Type switch
        {
            QuestionType.Rag => "Red, amber or green",
            QuestionType.Choice => $"One of: {string.Join(", ", question.ChoiceList)}",
            QuestionType.Number => (question.Min, question.Max) switch
            {
                ({ } min, { } max) => $"Number from {Number(min)} to {QuestionHints.WithUnit(Number(max), question.Unit)}",
                ({ } min, null) => $"Number of at least {QuestionHints.WithUnit(Number(min), question.Unit)}",
                (null, { } max) => $"Number up to {QuestionHints.WithUnit(Number(max), question.Unit)}",
                _ => string.IsNullOrWhiteSpace(question.Unit) ? "Number" : $"Number in {question.Unit}",
            },
            QuestionType.Percent => "Percentage, 0 to 100",
            QuestionType.Money => "Amount in the project's currency",
            QuestionType.Date => "Date",
            QuestionType.Text => "Text",
            QuestionType.Risks => "Risks, each with probability and impact",
            QuestionType.Compliance => $"Yes, no (with reason and fix-by date) or n/a; asked in {(question.StageList.Count == 0 ? "every stage" : string.Join(", ", question.StageList))}",
            _ => question.Type.ToString(),
        };
    }

    private static JsonObject Errors(string title, IReadOnlyList<string> errors)
    {
        var shown = errors.Take(ErrorsShown).Select(e => "- " + e);
        var more = errors.Count > ErrorsShown ? [$"- and {errors.Count - ErrorsShown} more: fix these and publish again to see the rest."] : Array.Empty<string>();
        return AdaptiveCard.Text($"{title}\n\n{string.Join("\n", shown.Concat(more))}", color: "Attention");
    }
}
