using System.ComponentModel.DataAnnotations;
using PmoBot.People;

namespace PmoBot.Digest;

/// <summary>
/// Section <c>Digest</c>: when the weekly digest of exceptions is built (a weekday and an hour in the PMO's time zone)
/// and how often the scheduler looks whether it is due. When a blocker counts as old is the warning rule's
/// <c>Warnings:BlockerOpenDays</c>, so the digest and the <c>blocker-age</c> warning agree.
/// </summary>
public sealed class DigestOptions : IValidatableObject
{
    public const string SectionName = "Digest";

    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    [Range(0, 23, ErrorMessage = "Digest:Hour must be an hour from 0 to 23.")]
    public int Hour { get; set; } = 8;

    /// <summary>The PMO's time zone (IANA or Windows id) that <see cref="Day"/> and <see cref="Hour"/> are read in.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Off in tests that share one storage account (a round reads the whole portfolio and posts to the PMO).</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>How often the scheduler looks whether this week's digest is due and not yet built.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lines shown per section; the rest are counted, with the command that lists them all.</summary>
    [Range(1, 50, ErrorMessage = "Digest:MaxLinesPerSection must be from 1 to 50.")]
    public int MaxLinesPerSection { get; set; } = 8;

    public TimeZoneInfo Zone => UserTimeZones.TryParse(TimeZone, out var id) ? UserTimeZones.Resolve(id) : TimeZoneInfo.Utc;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UserTimeZones.TryParse(TimeZone ?? string.Empty, out _))
        {
            yield return new ValidationResult($"Digest:TimeZone \"{TimeZone}\" is not a time zone: give an IANA id such as Europe/London (or a Windows id).", [nameof(TimeZone)]);
        }

        if (!Enum.IsDefined(Day))
        {
            yield return new ValidationResult("Digest:Day must be a day of the week, e.g. Monday.", [nameof(Day)]);
        }

        if (CheckInterval < TimeSpan.FromSeconds(1) || CheckInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Digest:CheckInterval must be between 1 second and 1 hour.", [nameof(CheckInterval)]);
        }
    }
}
