using PmoBot.Projects;

namespace PmoBot.Reviews.CheckIn;

/// <summary>
/// Which weeks a project is reviewed in: its full weeks (from the first week that begins on or after its start), by
/// its cadence: every week, even ISO weeks, or the week of the month's first Monday.
/// </summary>
public static class ReviewCadenceRule
{
    public static bool IsDue(Project project, ReviewPeriod period) => HasBegunBy(project.Start, period) && IsDue(project.Cadence, period);

    /// <summary>
    /// Whether the project has started by the week's Monday. A won deal's project is registered before it starts, and
    /// has nothing to review (or miss) before its first full week. A list row that predates the start being kept (null) counts.
    /// </summary>
    public static bool HasBegunBy(DateOnly? start, ReviewPeriod period) => start is not { } first || first <= period.Monday;

    /// <summary>The first week a project starting on <paramref name="start"/> is reviewed in (cadence aside).</summary>
    public static ReviewPeriod FirstWeek(DateOnly start)
    {
        var week = ReviewPeriod.Of(start);
        return week.Monday == start ? week : week.Next;
    }

    public static bool IsDue(ReviewCadence cadence, ReviewPeriod period) => cadence switch
    {
        ReviewCadence.Weekly => true,
        ReviewCadence.Fortnightly => period.Week % 2 == 0,
        ReviewCadence.Monthly => period.Monday.Day <= 7,
        _ => true,
    };
}
