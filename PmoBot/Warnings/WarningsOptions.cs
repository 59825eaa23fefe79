using System.ComponentModel.DataAnnotations;

namespace PmoBot.Warnings;

/// <summary>Section <c>Warnings</c>: the early-warning rules' thresholds, the daily sweep and how long a snooze lasts.</summary>
public sealed class WarningsOptions : IValidatableObject
{
    public const string SectionName = "Warnings";

    /// <summary><c>cpi-low</c> fires below this cost performance index.</summary>
    public decimal CpiThreshold { get; set; } = 0.90m;

    /// <summary><c>cpi-low</c> is critical below this.</summary>
    public decimal CpiCritical { get; set; } = 0.80m;

    /// <summary><c>spi-low</c> fires below this schedule performance index.</summary>
    public decimal SpiThreshold { get; set; } = 0.90m;

    /// <summary><c>spi-low</c> is critical below this.</summary>
    public decimal SpiCritical { get; set; } = 0.80m;

    /// <summary><c>amber-streak</c>: submitted reviews in a row with an amber overall RAG.</summary>
    [Range(2, 12, ErrorMessage = "Warnings:AmberStreakReviews must be from 2 to 12.")]
    public int AmberStreakReviews { get; set; } = 3;

    /// <summary><c>eac-overrun</c>: how far (percent of the budget) the PM's estimate at completion may exceed it.</summary>
    [Range(0.1, 1000, ErrorMessage = "Warnings:EacOverrunPercent must be from 0.1 to 1000.")]
    public decimal EacOverrunPercent { get; set; } = 10m;

    /// <summary><c>milestone-slip</c>: days the next milestone's forecast may be later than its baseline.</summary>
    [Range(0, 365, ErrorMessage = "Warnings:MilestoneSlipDays must be from 0 to 365.")]
    public int MilestoneSlipDays { get; set; } = 14;

    /// <summary><c>missed-reviews</c>: reviews missed in a row.</summary>
    [Range(1, 12, ErrorMessage = "Warnings:MissedReviewsInARow must be from 1 to 12.")]
    public int MissedReviewsInARow { get; set; } = 2;

    /// <summary><c>blocker-age</c>: days an issue or decision needed may stay open (the digest lists the older ones too).</summary>
    [Range(1, 365, ErrorMessage = "Warnings:BlockerOpenDays must be from 1 to 365.")]
    public int BlockerOpenDays { get; set; } = 14;

    /// <summary><c>progress-stalled</c>: submitted reviews in a row with the same percent complete.</summary>
    [Range(2, 12, ErrorMessage = "Warnings:StalledReviews must be from 2 to 12.")]
    public int StalledReviews { get; set; } = 3;

    /// <summary><c>process-compliance</c>: the share of yes (out of yes and no) a process's review questions must reach.</summary>
    [Range(0.01, 1.0, ErrorMessage = "Warnings:ComplianceThreshold must be from 0.01 to 1.")]
    public decimal ComplianceThreshold { get; set; } = 0.80m;

    /// <summary><c>process-compliance</c>: submitted reviews in a row below the threshold.</summary>
    [Range(2, 12, ErrorMessage = "Warnings:ComplianceStreakReviews must be from 2 to 12.")]
    public int ComplianceStreakReviews { get; set; } = 3;

    /// <summary>How often every active project is evaluated, for dates that pass and reviews missed without an event.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Whether this instance runs the daily sweep. Off for hosts that must not post on their own (tests sharing one
    /// storage account); reviews still raise warnings as they are recorded.
    /// </summary>
    public bool SweepEnabled { get; set; } = true;

    /// <summary>How long <c>Snooze 1 week</c> hides a warning from the <c>warnings</c> list.</summary>
    public TimeSpan SnoozeFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many reviews the rules read: enough for the longest streak they count, and twice that to say how it started.</summary>
    public int HistoryDepth => (2 * Math.Max(Math.Max(Math.Max(AmberStreakReviews, StalledReviews), ComplianceStreakReviews), MissedReviewsInARow + 1)) + 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, threshold, critical) in new[] { ("Cpi", CpiThreshold, CpiCritical), ("Spi", SpiThreshold, SpiCritical) })
        {
            if (critical <= 0 || critical >= threshold || threshold > 2)
            {
                yield return new ValidationResult(
                    $"Warnings:{name}Critical must be above 0 and below Warnings:{name}Threshold, which must be at most 2 (an index of 1 is on plan).",
                    [$"{name}Threshold", $"{name}Critical"]);
            }
        }

        if (SweepInterval < TimeSpan.FromMinutes(1) || SweepInterval > TimeSpan.FromDays(7))
        {
            yield return new ValidationResult("Warnings:SweepInterval must be between 1 minute and 7 days.", [nameof(SweepInterval)]);
        }

        if (SnoozeFor < TimeSpan.FromHours(1) || SnoozeFor > TimeSpan.FromDays(90))
        {
            yield return new ValidationResult("Warnings:SnoozeFor must be between 1 hour and 90 days.", [nameof(SnoozeFor)]);
        }
    }
}
