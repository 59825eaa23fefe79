using PmoBot.Commands;
using PmoBot.Projects;

namespace PmoBot.Blockers;

/// <summary><c>blockers [BU|project]</c>: the open issues and decisions the caller may see, oldest first, with owner and age.</summary>
public sealed class BlockerCommands(BlockerRegister register, ProjectRegister projects, IProjectVisibility visibility, TimeProvider time) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("blockers", "blockers [BU|project]", "Open issues and decisions needed, oldest first, with owner and age; for one business unit or project", ProjectAccess.PortfolioRoles, ListAsync),
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
                scope = $"business unit {filter}";
            }
        }

        return open.Count == 0
            ? Reply.Message($"No open issues or decisions on {scope}. They come from the weekly reviews' \"issues\" and \"decisions needed\" answers.")
            : Reply.WithCard(BlockerCards.List(open, time.GetUtcNow(), scope));
    }
}
