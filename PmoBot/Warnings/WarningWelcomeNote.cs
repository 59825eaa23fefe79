using PmoBot.People;

namespace PmoBot.Warnings;

/// <summary>
/// On a PMO member's welcome: the early warnings open now. Their cards went to the PMO's alert channel, or to each
/// member's personal chat, which could not reach someone who had not opened PmoBot.
/// </summary>
public sealed class WarningWelcomeNote(WarningStore store) : IWelcomeNote
{
    public async Task<string?> NoteAsync(PmoUser person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (!person.HasAny(Roles.PmoOrAdmin))
        {
            return null;
        }

        var open = await store.ListOpenAsync(cancellationToken);
        if (open.Count == 0)
        {
            return null;
        }

        var critical = open.Count(e => e.Severity == WarningSeverity.Critical);
        var projects = open.Select(e => e.ProjectCode).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        return $"{(open.Count == 1 ? "1 early warning is" : $"{open.Count} early warnings are")} open on {(projects == 1 ? "1 project" : $"{projects} projects")}"
            + (critical == 0 ? string.Empty : $", {critical} critical")
            + ". Type **warnings** to see them, most severe first.";
    }
}
