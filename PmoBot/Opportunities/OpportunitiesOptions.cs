using System.ComponentModel.DataAnnotations;

namespace PmoBot.Opportunities;

/// <summary>Section <c>Opportunities</c>: the review's bands and the close-date reminders.</summary>
public sealed class OpportunitiesOptions : IValidatableObject
{
    public const string SectionName = "Opportunities";

    /// <summary>A score (out of 100) at or above this is go.</summary>
    [Range(1, 100, ErrorMessage = "Opportunities:GoFrom must be between 1 and 100.")]
    public decimal GoFrom { get; set; } = 70;

    /// <summary>A score at or above this and under <see cref="GoFrom"/> is go with conditions; under it, no-go.</summary>
    [Range(0, 100, ErrorMessage = "Opportunities:ConditionalFrom must be between 0 and 100.")]
    public decimal ConditionalFrom { get; set; } = 50;

    /// <summary>An open opportunity this many days or fewer from its expected close, not reviewed at its stage, reminds its sales owner and the PMO.</summary>
    [Range(1, 365, ErrorMessage = "Opportunities:ReminderDays must be between 1 and 365.")]
    public int ReminderDays { get; set; } = 14;

    public TimeSpan ReminderSweepInterval { get; set; } = TimeSpan.FromHours(1);

    public bool ReminderSweepEnabled { get; set; } = true;

    public BandThresholds Thresholds => new(GoFrom, ConditionalFrom);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ConditionalFrom >= GoFrom)
        {
            yield return new ValidationResult("Opportunities:ConditionalFrom must be below Opportunities:GoFrom.", [nameof(ConditionalFrom)]);
        }

        if (ReminderSweepInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Opportunities:ReminderSweepInterval must be at least one second.", [nameof(ReminderSweepInterval)]);
        }
    }
}
