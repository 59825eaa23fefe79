using System.ComponentModel.DataAnnotations;

namespace PmoBot.Blockers;

/// <summary>
/// Section <c>Blockers</c>: the date a decision needed gets when none is set. (When a blocker counts as old is the
/// warning rule's <c>Warnings:BlockerOpenDays</c>.)
/// </summary>
public sealed class BlockersOptions
{
    public const string SectionName = "Blockers";

    /// <summary>A decision needed is due this many days after the review that raised it, until someone sets a date.</summary>
    [Range(1, 90, ErrorMessage = "Blockers:DecisionDueDays must be from 1 to 90.")]
    public int DecisionDueDays { get; set; } = 7;
}
