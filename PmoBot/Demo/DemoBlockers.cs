using PmoBot.Blockers;
using PmoBot.Projects;

namespace PmoBot.Demo;

/// <summary>
/// Open issues and decisions of several ages on the demo's active projects, so <c>blockers</c> and the
/// <c>blocker-age</c> warning have something to show on the first run. Fixed ids: seeding again adds nothing.
/// </summary>
public static class DemoBlockers
{
    public static async Task<int> SeedAsync(BlockerStore store, IReadOnlyList<Project> portfolio, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(portfolio);
        (string Code, string Id, BlockerKind Kind, string Text, int DaysOld, int? DueInDays)[] items =
        [
            ("PRJ-101", "demo-i1", BlockerKind.Issue, "Card-payment vendor's sandbox keeps failing", 23, null),
            ("PRJ-101", "demo-d1", BlockerKind.Decision, "Go-live date: the business wants it before the sales campaign", 9, -2),
            ("PRJ-103", "demo-i1", BlockerKind.Issue, "Firewall change board meets only monthly", 16, null),
            ("PRJ-102", "demo-i1", BlockerKind.Issue, "Test tenant for single sign-on not yet provided", 4, null),
        ];
        var added = 0;
        foreach (var item in items)
        {
            if (portfolio.FirstOrDefault(p => p.Code == item.Code) is not { Status: ProjectStatus.Active } project)
            {
                continue;
            }

            var raisedAt = now.AddDays(-item.DaysOld);
            var blocker = new Blocker(
                project.Code, item.Id, project.Name, project.BusinessUnit, item.Kind, item.Text, project.Manager.UserKey, project.Manager.Name, raisedAt,
                project.Manager.UserKey, project.Manager.Name, item.DueInDays is { } due ? DateOnly.FromDateTime(now.UtcDateTime).AddDays(due) : null, BlockerState.Open);
            added += await store.AddAsync(blocker, cancellationToken) ? 1 : 0;
        }

        return added;
    }
}
