namespace PmoBot.Lessons;

/// <summary>
/// Adds the demo's lessons where their ids are free. The demo seeder calls it after the tables exist; a lesson
/// already there (seeded before, or changed) is left as it is, so seeding twice adds nothing.
/// </summary>
public sealed partial class DemoLessonSeeder(LessonStore store, TimeProvider time, ILogger<DemoLessonSeeder> logger)
{
    /// <returns>How many lessons were added.</returns>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        foreach (var lesson in DemoLessons.All(time.GetUtcNow()))
        {
            if (await store.AddAsync(lesson, cancellationToken))
            {
                added++;
            }
        }

        LogSeeded(added);
        return added;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo lessons learned seeded: {AddedCount} new")]
    private partial void LogSeeded(int addedCount);
}
