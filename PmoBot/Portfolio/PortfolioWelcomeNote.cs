using PmoBot.People;
using PmoBot.Reviews;

namespace PmoBot.Portfolio;

/// <summary>
/// On a leader's welcome: how the projects they may see stand, in one line, so the first thing they read answers
/// the question they opened PmoBot for. The PMO's own line is about the early warnings (<c>WarningWelcomeNote</c>).
/// </summary>
public sealed class PortfolioWelcomeNote(PortfolioScope scope, PortfolioReader reader) : IWelcomeNote
{
    public async Task<string?> NoteAsync(PmoUser person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (!person.Roles.Contains(Role.Leader))
        {
            return null;
        }

        var visibility = scope.For(person);
        var open = (await reader.ListAsync(visibility, cancellationToken)).Where(e => e.IsOpen).ToList();
        if (open.Count == 0)
        {
            return null;
        }

        var summary = PortfolioSummary.Of(open);
        var where = visibility.Describe();
        return $"In {where}: {Count(open.Count, "open project", "open projects")}, **{summary.Red} red** and **{summary.Amber} amber** at their last review. Type **portfolio** for the whole picture, or **status** and a project's code for one.";
    }

    private static string Count(int n, string one, string many) =>
        n == 1 ? $"1 {one}" : $"{n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} {many}";
}
