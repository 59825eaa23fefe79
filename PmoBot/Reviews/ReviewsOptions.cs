using System.ComponentModel.DataAnnotations;

namespace PmoBot.Reviews;

/// <summary>Section <c>Reviews</c>: when reviews open, when a PM is reminded, when a review counts as missed.</summary>
public sealed class ReviewsOptions : IValidatableObject
{
    public const string SectionName = "Reviews";

    /// <summary>The weekday reviews open for PMs who have not chosen their own (the PMO may change it in chat).</summary>
    public DayOfWeek DefaultDay { get; set; } = DayOfWeek.Monday;

    /// <summary>The local hour (0 to 23, in each PM's own time zone) reviews open.</summary>
    [Range(0, 23, ErrorMessage = "Reviews:DefaultHour must be an hour from 0 to 23.")]
    public int DefaultHour { get; set; } = 9;

    /// <summary>How long after a review opens the PM is reminded, once, if it is not submitted.</summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long after a review opens it is recorded as missed and the PMO is told.</summary>
    public TimeSpan DeadlineAfter { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How often the due-review index is read for reviews to open, remind or record as missed.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReminderAfter <= TimeSpan.Zero || DeadlineAfter <= ReminderAfter || DeadlineAfter > TimeSpan.FromDays(6))
        {
            yield return new ValidationResult(
                "Reviews:ReminderAfter must be positive and shorter than Reviews:DeadlineAfter, which must be at most 6 days (the next review opens a week later).",
                [nameof(ReminderAfter), nameof(DeadlineAfter)]);
        }

        if (SweepInterval < TimeSpan.FromSeconds(1) || SweepInterval > TimeSpan.FromMinutes(15))
        {
            yield return new ValidationResult("Reviews:SweepInterval must be between 1 second and 15 minutes.", [nameof(SweepInterval)]);
        }
    }
}
