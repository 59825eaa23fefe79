using System.Globalization;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Warnings;

/// <summary>
/// On a welcome, the early warnings open now, whose cards and notes could not reach someone who had not opened
/// PmoBot: for a PMO member all of them (their cards went to the PMO's alert channel or each member's chat), for a
/// PM or deputy those on their own projects (one note each went to their personal chat).
/// </summary>
public sealed class WarningWelcomeNote(WarningStore store, ProjectRegister projects) : IWelcomeNote
{
    /// <summary>Projects named on the line; the rest are counted.</summary>
    public const int ProjectsNamed = 3;

    public async Task<string?> NoteAsync(PmoUser person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.HasAny(Roles.PmoOrAdmin)
            ? ForPmo(await store.ListOpenAsync(cancellationToken))
            : await ForProjectManagerAsync(person, cancellationToken);
    }

    private static string? ForPmo(IReadOnlyList<WarningEpisode> open)
    {
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

    /// <summary>One partition read for the person's projects, then one per project they manage or deputise on.</summary>
    private async Task<string?> ForProjectManagerAsync(PmoUser person, CancellationToken cancellationToken)
    {
        var managed = (await projects.ListManagedAsync(person.UserKey, cancellationToken)).Where(p => p.Project.Status != ProjectStatus.Closed).ToList();
        if (managed.Count == 0)
        {
            return null;
        }

        var open = await Task.WhenAll(managed.Select(p => store.ListOpenAsync(p.Project.Code, cancellationToken)));
        var warned = managed.Zip(open, (project, episodes) => (project.Project.Code, Open: episodes.Count, Critical: episodes.Count(e => e.Severity == WarningSeverity.Critical)))
            .Where(p => p.Open > 0)
            .OrderByDescending(p => p.Critical)
            .ThenByDescending(p => p.Open)
            .ThenBy(p => p.Code, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (warned.Count == 0)
        {
            return null;
        }

        static string Counts((string Code, int Open, int Critical) p) =>
            string.Create(CultureInfo.InvariantCulture, $"**{p.Code}** ({p.Open}{(p.Critical == 0 ? string.Empty : $", {p.Critical} critical")})");

        var named = string.Join(", ", warned.Take(ProjectsNamed).Select(Counts));
        var more = warned.Count > ProjectsNamed ? $" and {warned.Count - ProjectsNamed} more" : string.Empty;
        return $"Early warnings are open on your {(warned.Count == 1 ? "project" : "projects")}: {named}{more}. Type **warnings** to see them, most severe first, "
            + "and say in your next review what is being done about them.";
    }
}
