using System.ComponentModel.DataAnnotations;

namespace PmoBot.Processes;

/// <summary>Section <c>Processes</c>: rollout reminders, the rollout worker, and the compliance view.</summary>
public sealed class ProcessesOptions : IValidatableObject
{
    public const string SectionName = "Processes";

    /// <summary>How many days before the due date the reminder goes to everyone not yet acknowledged; 0 sends none.</summary>
    [Range(0, 60, ErrorMessage = "Processes:ReminderDaysBeforeDue must be from 0 to 60.")]
    public int ReminderDaysBeforeDue { get; set; } = 2;

    /// <summary>How often the rollout worker looks for personal cards to send, reminders due and rollouts past their due date.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether this instance runs the rollout worker (every instance may: its sends are idempotent).</summary>
    public bool SweepEnabled { get; set; } = true;

    /// <summary>How many personal cards the worker hands to the outbox at once when a rollout starts.</summary>
    [Range(1, 64, ErrorMessage = "Processes:FanOutConcurrency must be from 1 to 64.")]
    public int FanOutConcurrency { get; set; } = 16;

    /// <summary>How long <c>rollout remind</c> waits before it reminds the same rollout again, so a double command does not double the messages.</summary>
    public TimeSpan ManualReminderInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many weeks <c>compliance</c> looks back when no number is typed.</summary>
    [Range(1, 52, ErrorMessage = "Processes:ComplianceWeeks must be from 1 to 52.")]
    public int ComplianceWeeks { get; set; } = 8;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SweepInterval < TimeSpan.FromSeconds(1) || SweepInterval > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Processes:SweepInterval must be between 1 second and 1 day.", [nameof(SweepInterval)]);
        }

        if (ManualReminderInterval < TimeSpan.Zero || ManualReminderInterval > TimeSpan.FromDays(7))
        {
            yield return new ValidationResult("Processes:ManualReminderInterval must be between 0 and 7 days.", [nameof(ManualReminderInterval)]);
        }
    }
}
