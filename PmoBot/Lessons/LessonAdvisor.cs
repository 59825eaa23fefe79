namespace PmoBot.Lessons;

/// <summary>
/// Ranks the lessons for a warning: lessons filed under the warning's own category first, then lessons of the
/// same knowledge area, then lessons that only share words with the review text; within each, more shared words
/// first, then newest first. Lessons with nothing in common with the warning are left out, so a card never shows
/// an unrelated lesson just to fill its three places.
/// </summary>
public sealed class LessonAdvisor(LessonStore store) : ILessonAdvisor
{
    public async Task<IReadOnlyList<LessonSuggestion>> RelevantAsync(string category, string? reviewText, int take, CancellationToken cancellationToken)
    {
        if (take <= 0)
        {
            return [];
        }

        var lessons = await store.ListAsync(cancellationToken);
        return Rank(lessons, category, reviewText).Take(take).Select(l => l.ToSuggestion()).ToList();
    }

    /// <summary>The ranking on its own, for lessons already read.</summary>
    public static IEnumerable<Lesson> Rank(IEnumerable<Lesson> lessons, string category, string? reviewText)
    {
        var wanted = category.Trim();
        var area = LessonCategories.AreaOf(wanted);
        var reviewWords = LessonWords.Of(reviewText);
        return lessons
            .Select(lesson => (Lesson: lesson, Closeness: Closeness(lesson, wanted, area), Shared: LessonWords.Of(TextOf(lesson)).Intersect(reviewWords).Count()))
            .Where(r => r.Closeness > 0 || r.Shared > 0)
            .OrderByDescending(r => r.Closeness)
            .ThenByDescending(r => r.Shared)
            .ThenByDescending(r => r.Lesson.RecordedAt)
            .ThenBy(r => r.Lesson.Id, StringComparer.Ordinal)
            .Select(r => r.Lesson);
    }

    /// <returns>2 for the same category, 1 for the same knowledge area, 0 otherwise.</returns>
    private static int Closeness(Lesson lesson, string category, string area) =>
        string.Equals(lesson.Category, category, StringComparison.OrdinalIgnoreCase) ? 2
        : string.Equals(LessonCategories.AreaOf(lesson.Category), area, StringComparison.OrdinalIgnoreCase) ? 1
        : 0;

    private static string TextOf(Lesson lesson) =>
        string.Join(' ', [lesson.Title, lesson.WhatHappened, lesson.WhatToDo, .. lesson.ContingencyActions]);
}
