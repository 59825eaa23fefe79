using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Blockers;

/// <summary><c>blockers [business unit or project]</c>: the open issues and decisions the caller may see, oldest first, with owner and age.</summary>
public sealed class BlockerCommands(BlockerRegister register, ProjectRegister projects, IProjectVisibility visibility, TimeProvider time) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("blockers", "blockers [business unit or project]", "Open issues and decisions needed, oldest first, with owner and age; for one business unit or project", ProjectAccess.PortfolioRoles, ListAsync),
    ];

    private async Task<Reply> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var view = visibility.ViewOf(request.Caller);
        var open = await register.OpenVisibleAsync(view, cancellationToken);
        var filter = request.Arguments.Trim();
        var scope = view.Choose("the whole portfolio", "your projects", view.Describe());
        if (filter.Length > 0)
        {
            var code = ProjectText.NormalizeCode(filter);
            if (ProjectText.IsCode(code))
            {
                var stored = await projects.GetAsync(code, cancellationToken);
                if (stored is null || !view.CanSee(stored.Project))
                {
                    return Reply.Message(ProjectCommands.NotVisible(view, code));
                }

                open = [.. open.Where(b => string.Equals(b.ProjectCode, code, StringComparison.OrdinalIgnoreCase))];
                scope = $"{stored.Project.Code} {stored.Project.Name}";
            }
            else
            {
                open = [.. open.Where(b => string.Equals(b.BusinessUnit, filter, StringComparison.OrdinalIgnoreCase))];
                if (open.Count == 0)
                {
                    // Nothing open there, or no such unit: the two need different answers, and only then is the register read.
                    var units = (await projects.ListVisibleAsync(view, cancellationToken)).Select(p => p.BusinessUnit.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
                    if (units.Find(u => string.Equals(u, filter, StringComparison.OrdinalIgnoreCase)) is not { } unit)
                    {
                        return Reply.Message(NoSuchUnit(filter, units));
                    }

                    filter = unit;
                }

                scope = $"business unit {(open.Count > 0 ? open[0].BusinessUnit : filter)}";
            }
        }

        var now = time.GetUtcNow();
        return open.Count == 0
            ? Reply.Message($"No open issues or decisions on {scope}. They come from the weekly reviews' \"issues\" and \"decisions needed\" answers.")
            : Reply.WithCard(BlockerCards.List(open, now, UserTimeZones.DateAt(now, request.Caller.TimeZone), scope));
    }

    private static string NoSuchUnit(string typed, List<string> units)
    {
        const int Named = 12;
        var known = units.Count switch
        {
            0 => string.Empty,
            <= Named => $" The business units you can see are: {string.Join(", ", units)}.",
            _ => $" The business units you can see include: {string.Join(", ", units.Take(Named))} and {units.Count - Named:N0} more.",
        };
        return $"No business unit or project code matches \"{CommandText.Echoed(typed)}\".{known} Type **blockers** for everything open that you can see.";
    }
}
