namespace PmoBot.Lessons;

/// <summary>
/// A feature that acts on a lesson as it is recorded (Processes proposes it to the owners of processes covering its
/// knowledge area). Called after the lesson is stored; a failing observer is logged and the lesson stands.
/// </summary>
public interface ILessonObserver
{
    Task LessonRecordedAsync(Lesson lesson, CancellationToken cancellationToken);
}
