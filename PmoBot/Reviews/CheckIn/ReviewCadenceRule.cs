using PmoBot.Projects;

namespace PmoBot.Reviews.CheckIn;

/// <summary>Which weeks a project is reviewed in, by its cadence: every week, even ISO weeks, or the week of the month's first Monday.</summary>
public static class ReviewCadenceRule
{
    public static bool IsDue(ReviewCadence cadence, ReviewPeriod period) => cadence switch
    {
        ReviewCadence.Weekly => true,
        ReviewCadence.Fortnightly => period.Week % 2 == 0,
        ReviewCadence.Monthly => period.Monday.Day <= 7,
        _ => true,
    };
}
