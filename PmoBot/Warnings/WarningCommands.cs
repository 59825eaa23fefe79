using System.Globalization;
using PmoBot.Commands;
using PmoBot.Projects;

namespace PmoBot.Warnings;

/// <summary>
/// <c>warnings [page n]</c>: the open warnings of the projects the caller may see (<see cref="IProjectVisibility"/>);
/// <c>warnings &lt;code&gt; [page n]</c>: one project's, refused without saying whether the project exists.
/// </summary>
public sealed class WarningCommands(WarningStore store, ProjectRegister register, IProjectVisibility visibility, WarningRules rules, TimeProvider time) : ICommandModule
{
    /// <summary>The list is read whole from one partition; a typo'd huge page number gets an answer, not a scan.</summary>
    public const int MaxPage = 1_000;

    public IEnumerable<CommandDefinition> Commands =>
    [
        new(
            "warnings",
            "warnings [code] [page n]",
            "Open early warnings, most severe first: all you may see, or one project's",
            ProjectAccess.AnyRole,
            ListAsync),
    ];

    private async Task<Reply> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        string? code = null;
        if (words.Count > 0 && !string.Equals(words[0], "page", StringComparison.OrdinalIgnoreCase) && !IsNumber(words[0]))
        {
            code = ProjectText.NormalizeCode(words[0]);
            if (!ProjectText.IsCode(code))
            {
                return Reply.Message($"\"{words[0]}\" is not a project code: letters and digits, a dash and a number, like {ProjectText.CodeExample}. Type **warnings** or **warnings ‹code›**.");
            }

            words.RemoveAt(0);
        }

        if (words.Count > 0 && string.Equals(words[0], "page", StringComparison.OrdinalIgnoreCase))
        {
            words.RemoveAt(0);
        }

        var page = 1;
        if (words.Count > 1 || (words.Count == 1 && !(int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out page) && page is >= 1 and <= MaxPage)))
        {
            return Reply.Message($"\"{string.Join(' ', words)}\" is not a page number: pages go from 1 to {MaxPage:N0}, e.g. **warnings page 2**.");
        }

        var view = visibility.ViewOf(request.Caller);
        return code is null ? await PortfolioAsync(view, page, cancellationToken) : await ProjectAsync(view, code, page, cancellationToken);
    }

    private async Task<Reply> PortfolioAsync(IProjectView view, int page, CancellationToken cancellationToken)
    {
        var open = await store.ListOpenAsync(cancellationToken);
        if (await register.VisibleCodesAsync(view, cancellationToken) is { } visible)
        {
            open = open.Where(e => visible.Contains(e.ProjectCode)).ToList();
        }

        if (open.Count == 0)
        {
            return Reply.Message(view.Choose(
                "No open early warnings: no rule is firing for any active project.",
                "No open early warnings on your projects.",
                $"No open early warnings on the projects you may see ({view.Describe()})."));
        }

        var heading = view.Choose("Open warnings", "Open warnings on your projects", "Open warnings on the projects you may see");
        return Paged(heading, open, page, "warnings");
    }

    private async Task<Reply> ProjectAsync(IProjectView view, string code, int page, CancellationToken cancellationToken)
    {
        var stored = await register.GetAsync(code, cancellationToken);
        if (stored is null || !view.CanSee(stored.Project))
        {
            return Reply.Message(ProjectCommands.NotVisible(view, code));
        }

        var open = await store.ListOpenAsync(code, cancellationToken);
        return open.Count == 0
            ? Reply.Message($"{stored.Project.Code} {stored.Project.Name} has no open early warnings.")
            : Paged($"Open warnings · {stored.Project.Code} {stored.Project.Name}", open, page, $"warnings {code}");
    }

    private Reply Paged(string heading, IReadOnlyList<WarningEpisode> open, int page, string command)
    {
        var now = time.GetUtcNow();
        var ordered = WarningCards.ForList(open, now);
        var pages = (ordered.Count + WarningCards.PerPage - 1) / WarningCards.PerPage;
        return page > pages
            ? Reply.Message($"There is no page {page}: the {ordered.Count} open warnings fit on {pages}. Type **{command}** for the first.")
            : Reply.WithCard(WarningCards.List(heading, ordered, rules.TitleOf, page, command, now));
    }

    private static bool IsNumber(string word) => int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
