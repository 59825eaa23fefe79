using PmoBot.People;
using PmoBot.Reviews.History;

namespace PmoBot.Reviews.CheckIn;

/// <summary>
/// The sentence that opens a review of a week already in: a PM (or their deputy) correcting it sees who submitted it
/// and when, rather than a fresh review that silently replaces it.
/// </summary>
public static class ReviewCorrection
{
    public static string Intro(ReviewRecord submitted, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        ArgumentNullException.ThrowIfNull(zone);
        var by = string.IsNullOrWhiteSpace(submitted.SubmittedByName) ? string.Empty : $" by {submitted.SubmittedByName}";
        return $"The review of **{submitted.ProjectCode}** for week {submitted.Period} was submitted{by} on {UserTimeZones.Local(submitted.RecordedAt, zone, "ddd d MMM HH:mm")}.";
    }
}
