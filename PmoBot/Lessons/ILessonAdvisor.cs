namespace PmoBot.Lessons;

/// <summary>A past lesson as a warning card shows it: what happened, what to do next time, and the contingency actions.</summary>
public sealed record LessonSuggestion(string Id, string Title, string Category, string WhatHappened, string WhatToDo, IReadOnlyList<string> ContingencyActions, string? ProjectCode, DateTimeOffset RecordedAt);

/// <summary>The knowledge of past projects, ranked for a warning: same category first, then words shared with the project's review text, newest first.</summary>
public interface ILessonAdvisor
{
    /// <param name="category">The warning's rule id (e.g. <c>cpi-low</c>) or knowledge area.</param>
    /// <param name="reviewText">The project's latest review text (summary, issues, risks), for shared words; may be empty.</param>
    Task<IReadOnlyList<LessonSuggestion>> RelevantAsync(string category, string? reviewText, int take, CancellationToken cancellationToken);
}
