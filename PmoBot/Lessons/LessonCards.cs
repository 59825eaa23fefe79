using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Lessons;

/// <summary>The lesson form, one lesson, and the paged list.</summary>
public static class LessonCards
{
    public const string SaveVerb = "lessonSave";
    public const string TitleField = "lessonTitle";
    public const string WhatHappenedField = "lessonWhatHappened";
    public const string ProjectField = "lessonProject";
    public const string CategoryField = "lessonCategory";
    public const string WhatToDoField = "lessonWhatToDo";
    public const string ActionsField = "lessonActions";
    public const string FormIdField = "lessonFormId";

    /// <summary>Lessons are long, so a page holds few of them to keep the card readable and under Teams' size limit.</summary>
    public const int LessonsPerPage = 5;

    public static JsonObject Form(LessonInput values, IReadOnlyList<string>? errors = null)
    {
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Record a lesson learned"),
            AdaptiveCard.Text("What a past project taught us, so the next warning of this kind comes with advice.", subtle: true),
            errors is { Count: > 0 } ? AdaptiveCard.Text("Nothing was saved yet. Please fix:\n\n" + string.Join("\n", errors.Select(e => "- " + e)), color: "Attention") : null,
            AdaptiveCard.TextInput(TitleField, "Title", values.Title, "e.g. Vendor rates not fixed before signing", required: true, errorMessage: "Give the lesson a short title."),
            AdaptiveCard.ChoiceInput(CategoryField, "Category (warning rule or knowledge area)", LessonCategories.All.Select(c => ($"{c.Title} ({c.Id})", c.Id)), values.Category, required: true, errorMessage: "Choose a category."),
            AdaptiveCard.TextInput(ProjectField, "Project code (optional)", values.ProjectCode, "e.g. PRJ-101"),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(WhatHappenedField, "What happened", values.WhatHappened, "The facts: what went wrong or right, and its effect", required: true, errorMessage: "Say what happened.")),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(WhatToDoField, "What to do next time", values.WhatToDo, "The advice for the next project manager", required: true, errorMessage: "Say what to do next time.")),
            AdaptiveCard.Multiline(AdaptiveCard.TextInput(ActionsField, $"Contingency actions, one per line (up to {LessonInputReader.MaxActions})", values.ContingencyActions, "e.g. Re-baseline the plan with the sponsor")),
        };
        var data = new JsonObject { [FormIdField] = values.FormId ?? Guid.NewGuid().ToString("N") };
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Save", SaveVerb, data, style: "positive")]);
    }

    public static LessonInput Read(CardActionRequest request) => new(
        request.Field(TitleField),
        request.Field(WhatHappenedField),
        request.Field(ProjectField),
        request.Field(CategoryField),
        request.Field(WhatToDoField),
        request.Field(ActionsField),
        request.Field(FormIdField));

    /// <summary>One lesson in full, e.g. after it was saved.</summary>
    public static JsonObject Lesson(Lesson lesson, PmoUser viewer, string? notice = null)
    {
        var body = new List<JsonNode?>
        {
            notice is null ? null : AdaptiveCard.Text(notice, color: "Good"),
        };
        body.AddRange(Describe(lesson, viewer, AdaptiveCard.Heading(lesson.Title)));
        return AdaptiveCard.Create(body, [AdaptiveCard.SendMessage($"Lessons on {LessonCategories.Describe(lesson.Category).ToLowerInvariant()}", $"lessons {lesson.Category}")]);
    }

    /// <param name="command">The command that lists these lessons (<c>lessons</c>, <c>lessons cost</c>); "More" types it with the next page.</param>
    public static JsonObject List(IReadOnlyList<Lesson> lessons, string title, string command, int page, PmoUser viewer, string emptyText)
    {
        var pages = Math.Max(1, (int)Math.Ceiling(lessons.Count / (double)LessonsPerPage));
        page = Math.Clamp(page, 1, pages);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{title} ({lessons.Count})"),
            pages > 1 ? AdaptiveCard.Text($"Page {page} of {pages}, newest first", subtle: true) : null,
            lessons.Count == 0 ? AdaptiveCard.Text(emptyText, subtle: true) : null,
        };
        foreach (var lesson in lessons.Skip((page - 1) * LessonsPerPage).Take(LessonsPerPage))
        {
            body.Add(new JsonObject
            {
                ["type"] = "Container",
                ["separator"] = true,
                ["spacing"] = "Medium",
                ["items"] = new JsonArray([.. Describe(lesson, viewer, AdaptiveCard.Subheading(lesson.Title))]),
            });
        }

        var actions = new List<JsonNode?>();
        if (page < pages)
        {
            actions.Add(AdaptiveCard.SendMessage("More", $"{command} page {page + 1}"));
        }

        return AdaptiveCard.Create(body, actions);
    }

    private static IEnumerable<JsonNode> Describe(Lesson lesson, PmoUser viewer, JsonObject heading)
    {
        yield return heading;
        yield return AdaptiveCard.Facts(
        [
            ("Category", $"{LessonCategories.Describe(lesson.Category)} ({lesson.Category})"),
            ("Project", lesson.ProjectCode ?? "none"),
            ("Recorded", $"{When(lesson.RecordedAt, viewer)} by {lesson.RecordedBy}"),
            ("Id", lesson.Id),
        ]);
        yield return AdaptiveCard.Text("**What happened:** " + lesson.WhatHappened);
        yield return AdaptiveCard.Text("**Next time:** " + lesson.WhatToDo);
        if (lesson.ContingencyActions.Count > 0)
        {
            yield return AdaptiveCard.Text("**Contingency actions:**\n\n" + string.Join("\n", lesson.ContingencyActions.Select(a => "- " + a)));
        }
    }

    private static string When(DateTimeOffset at, PmoUser viewer) =>
        TimeZoneInfo.ConvertTime(at, UserTimeZones.Resolve(viewer.TimeZone)).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
