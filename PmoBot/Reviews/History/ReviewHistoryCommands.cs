using System.Globalization;
using PmoBot.Commands;
using PmoBot.Projects;

namespace PmoBot.Reviews.History;

/// <summary>
/// <c>review history &lt;code&gt;</c> for a project the caller may see (refused without saying whether it exists) and
/// <c>overdue</c>, the missed reviews of the projects the caller may see.
/// </summary>
public sealed class ReviewHistoryCommands(ProjectRegister register, IProjectVisibility visibility, ReviewHistory history) : ICommandModule
{
    public const int DefaultWeeks = 8;
    public const int MaxWeeks = 52;

    /// <summary>Each page reads every row before it, so a mistyped huge page number must not read the whole list.</summary>
    public const int MaxOverduePage = 1_000;

    public const string HistoryCommand = "review history";

    public IEnumerable<CommandDefinition> Commands =>
    [
        new(
            HistoryCommand,
            "review history ‹code› [weeks]",
            $"A project's reviews week by week (the last {DefaultWeeks} unless you say up to {MaxWeeks}): RAG trend, percent complete, SPI, CPI and the latest earned value",
            ProjectAccess.AnyRole,
            HistoryAsync),
        new("overdue", "overdue [page]", "Reviews missed and not submitted since, newest first", ProjectAccess.PortfolioRoles, OverdueAsync),
    ];

    private async Task<Reply> HistoryAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count == 0)
        {
            return Reply.Message($"Which project? Type **review history ‹code› [weeks]**, e.g. review history {ProjectText.CodeExample} 12, or **projects** for the list.");
        }

        var code = ProjectText.NormalizeCode(words[0]);
        if (!ProjectText.IsCode(code))
        {
            return Reply.Message($"\"{words[0]}\" is not a project code: letters and digits, a dash and a number, like {ProjectText.CodeExample}. Type **review history ‹code› [weeks]**.");
        }

        if (words.Count > 1 && words[^1].ToLowerInvariant() is "weeks" or "week")
        {
            words.RemoveAt(words.Count - 1);
        }

        var weeks = DefaultWeeks;
        if (words.Count > 2
            || (words.Count == 2 && !(int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out weeks) && weeks is >= 1 and <= MaxWeeks)))
        {
            var typed = string.Join(' ', words.Skip(1));
            return Reply.Message(
                $"\"{typed}\" is not a number of weeks: give a whole number from 1 to {MaxWeeks}, e.g. **review history {code} 12**. Without it you get the last {DefaultWeeks}.");
        }

        var view = visibility.ViewOf(request.Caller);
        var stored = await register.GetAsync(code, cancellationToken);
        if (stored is null || !view.CanSee(stored.Project))
        {
            return Reply.Message(ProjectCommands.NotVisible(view, code));
        }

        var project = stored.Project;
        var records = await history.RecentAsync(code, weeks, cancellationToken);
        return records.Count == 0
            ? Reply.Message($"{project.Code} {project.Name} has no reviews yet: its history starts with the first weekly review {project.Manager.Name} submits (or misses).")
            : Reply.WithCard(ReviewHistoryCards.History(project, records, weeks));
    }

    private async Task<Reply> OverdueAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 0 && string.Equals(words[0], "page", StringComparison.OrdinalIgnoreCase))
        {
            words.RemoveAt(0);
        }

        var page = 1;
        if (words.Count > 1
            || (words.Count == 1 && !(int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out page) && page is >= 1 and <= MaxOverduePage)))
        {
            return Reply.Message($"\"{request.Arguments.Trim()}\" is not a page number: pages go from 1 to {MaxOverduePage:N0}, e.g. **overdue 2**. **overdue** alone shows the first.");
        }

        // Someone limited to part of the portfolio reads the missed reviews past those of projects they may not see.
        var view = visibility.ViewOf(request.Caller);
        var visible = await register.VisibleCodesAsync(view, cancellationToken);
        var found = await history.OverdueAsync(
            (page - 1) * ReviewHistoryCards.OverduePerPage,
            ReviewHistoryCards.OverduePerPage,
            visible is null ? null : missed => visible.Contains(missed.ProjectCode),
            cancellationToken);
        if (found.Items.Count == 0)
        {
            return Reply.Message(page == 1
                ? view.Choose(
                    "No overdue reviews: every missed review has been submitted since.",
                    "No overdue reviews on your projects: every missed review has been submitted since.",
                    $"No overdue reviews on the projects you may see ({view.Describe()}): every missed review has been submitted since.")
                : $"There is no page {page} of overdue reviews: there are fewer than that. Type **overdue** for the first page.");
        }

        return Reply.WithCard(ReviewHistoryCards.Overdue(found, page));
    }
}
