namespace PmoBot.Lessons;

/// <summary>A lesson learned on a past project: what happened, what to do next time, and the contingency actions that worked.</summary>
public sealed record Lesson(
    string Id,
    string Title,
    string WhatHappened,
    string? ProjectCode,
    string Category,
    string WhatToDo,
    IReadOnlyList<string> ContingencyActions,
    string RecordedBy,
    DateTimeOffset RecordedAt,
    string? FormId = null)
{
    public LessonSuggestion ToSuggestion() => new(Id, Title, Category, WhatHappened, WhatToDo, ContingencyActions, ProjectCode, RecordedAt);

    /// <summary>A new lesson id: short enough to read out and type (<c>LL-3F9A1C</c>).</summary>
    public static string NewId() => "LL-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    /// <summary>The id of the lesson a form records: the same form always names the same lesson, so a second Save finds it.</summary>
    public static string IdForForm(string formId) =>
        "LL-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(formId)))[..6];
}
