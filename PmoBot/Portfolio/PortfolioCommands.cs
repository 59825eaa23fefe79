using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews;
using PmoBot.Risks;
using PmoBot.Warnings;

namespace PmoBot.Portfolio;

/// <summary>
/// The leaders' status commands: <c>portfolio</c>, <c>status</c>, <c>risks</c>, <c>kpis</c> and <c>my projects</c>.
/// Each reads the register and the latest statuses (never review history), limited to what the caller may see, and
/// answers with a card; <c>portfolio</c> also reads the open warnings (one partition).
/// </summary>
public sealed class PortfolioCommands(
    PortfolioScope scope,
    PortfolioReader reader,
    ProjectStatusLookup lookup,
    LoggedRiskStore loggedRisks,
    WarningStore warnings,
    WarningRules rules) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("portfolio", "portfolio [business unit] [page n]", "Counts by overall RAG, the red and amber projects and why, open critical warnings, missed reviews, budget against EAC", ProjectAccess.PortfolioRoles, PortfolioAsync),
        new("status", "status ‹code or part of a name›", "A project's status: RAG per dimension with trend, SPI, CPI, EAC, next milestone, top risks, decisions", ProjectAccess.AnyRole, StatusAsync),
        new("risks", "risks [business unit] [page n]", "The top risks across the projects you may see, by probability × impact", ProjectAccess.AnyRole, RisksAsync),
        new("kpis", "kpis [business unit] [page n]", "SPI and CPI of the projects you may see, worst first", ProjectAccess.AnyRole, KpisAsync),
        new("my projects", "my projects [page n]", "The projects you manage: overall RAG, last review, next milestone", ProjectAccess.AnyRole, MyProjectsAsync),
    ];

    private async Task<Reply> PortfolioAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // Read alongside the register and the statuses; awaited before any answer so a failure is never left unobserved.
        var openWarnings = warnings.ListOpenAsync(cancellationToken);
        var view = await OpenProjectsAsync(request, "portfolio", cancellationToken);
        var critical = (await openWarnings)
            .Where(w => w.Severity == WarningSeverity.Critical)
            .Select(w => new PortfolioWarning(w.ProjectCode, w.ProjectName, rules.TitleOf(w.RuleId), w.RaisedAt));
        if (view is null)
        {
            return BadPage("portfolio");
        }

        if (view.Refusal is { } refusal)
        {
            return refusal;
        }

        var summary = PortfolioSummary.Of(view.Entries, critical);
        var pages = PortfolioCards.SummaryPages(summary);
        return view.Page > pages
            ? Notice("Page number", Page.PastTheEnd(view.Page, "the red and amber projects, critical warnings and missed reviews", pages, view.Command))
            : Reply.WithCard(PortfolioCards.Summary(summary, view.Scope, view.Command, view.Page));
    }

    private async Task<Reply> RisksAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (await OpenProjectsAsync(request, "risks", cancellationToken) is not { } view)
        {
            return BadPage("risks");
        }

        if (view.Refusal is { } refusal)
        {
            return refusal;
        }

        var logged = (await loggedRisks.ListAsync(cancellationToken)).ToLookup(r => r.ProjectCode, StringComparer.OrdinalIgnoreCase);
        var risks = PortfolioRisk.Ranked(view.Entries.SelectMany(e => PortfolioRisk.Of(e, logged[e.Code])));
        return Reply.WithCard(PortfolioCards.Risks(Page.Of(risks, view.Page, PortfolioCards.RisksPerPage), view.Scope, view.Command));
    }

    private async Task<Reply> KpisAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (await OpenProjectsAsync(request, "kpis", cancellationToken) is not { } view)
        {
            return BadPage("kpis");
        }

        if (view.Refusal is { } refusal)
        {
            return refusal;
        }

        var worstFirst = view.Entries
            .OrderBy(e => WorstIndex(e) is null)
            .ThenBy(e => WorstIndex(e))
            .ThenBy(e => e.Code, ProjectText.CodeOrder)
            .ToList();
        return Reply.WithCard(PortfolioCards.Kpis(Page.Of(worstFirst, view.Page, PortfolioCards.RowsPerPage), view.Scope, view.Command));
    }

    private async Task<Reply> MyProjectsAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (PagedArguments.Parse(request.Arguments) is not { Rest.Length: 0 } paged)
        {
            return Notice("my projects", "Type **my projects**, or **my projects page 2** for the next page.");
        }

        var mine = await reader.ListManagedAsync(scope.For(request.Caller), cancellationToken);
        return mine.Count == 0
            ? Notice("Your projects", "You don't manage or deputise on any open project.")
            : Reply.WithCard(PortfolioCards.MyProjects(Page.Of(mine, paged.Page, PortfolioCards.RowsPerPage)));
    }

    private async Task<Reply> StatusAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (PagedArguments.Parse(request.Arguments) is not { } paged)
        {
            return BadPage("status ‹name›");
        }

        var query = paged.Rest;
        if (query.Length == 0)
        {
            return Notice("Project status", $"Which project? Type **status ‹code or part of its name›**, e.g. status {ProjectText.CodeExample}, or **my projects**.");
        }

        var visibility = scope.For(request.Caller);

        // A code is two point reads; only a name (or a code that is not there) needs the register.
        if (await reader.GetAsync(visibility, query, cancellationToken) is { } direct)
        {
            return Reply.WithCard(await lookup.CardAsync(direct, request.Caller, cancellationToken));
        }

        var visible = await reader.ListAsync(visibility, cancellationToken);
        var matches = ProjectMatcher.ByCodeOrName(visible, query);
        if (matches.Count == 1)
        {
            return Reply.WithCard(await lookup.CardAsync(matches[0], request.Caller, cancellationToken));
        }

        if (matches.Count > 1)
        {
            return Reply.WithCard(PortfolioCards.Matches(query, Page.Of(matches, paged.Page, PortfolioCards.MatchesPerPage)));
        }

        // A code that matches none is answered as "project PRJ-999" is; a code is suggested only one keystroke away.
        var code = ProjectText.NormalizeCode(query);
        var typedCode = ProjectText.IsCode(code);
        var closest = typedCode ? ProjectMatcher.OneEditFromCode(visible, code) : ProjectMatcher.Closest(visible, query);
        var refusal = typedCode ? ProjectCommands.NotVisible(visibility, code) : NotFound(visibility, query);
        return closest is null
            ? Reply.WithCard(PortfolioCards.Notice("Project status", refusal))
            : Reply.WithCard(PortfolioCards.Notice(
                "Project status",
                $"{refusal} The closest you can see is {closest.Code} {closest.Project.Name}.",
                AdaptiveCard.SendMessage($"{closest.Code} {closest.Project.Name}", $"status {closest.Code}")));
    }

    /// <summary>The same words whether the project does not exist or the caller may not see it.</summary>
    public static string NotFound(PortfolioVisibility visibility, string typed)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        return visibility.Everything
            ? $"No project's code or name matches \"{typed}\"."
            : $"I can't show you \"{typed}\": either no project matches it or it isn't one you may see ({visibility.Describe()}).";
    }

    /// <summary>
    /// The open projects a list command covers: everything the caller may see, or one business unit of it. Null when
    /// the page number is bad; a refusal when no visible project is in the business unit named.
    /// </summary>
    private async Task<ListView?> OpenProjectsAsync(CommandRequest request, string command, CancellationToken cancellationToken)
    {
        if (PagedArguments.Parse(request.Arguments) is not { } paged)
        {
            return null;
        }

        var visibility = scope.For(request.Caller);
        var open = (await reader.ListAsync(visibility, cancellationToken)).Where(e => e.IsOpen).ToList();
        var scopeText = Capitalized(visibility.Describe());
        if (paged.Rest.Length == 0)
        {
            return new ListView(open, scopeText, command, paged.Page, null);
        }

        var inUnit = open.Where(e => string.Equals(e.Project.BusinessUnit.Trim(), paged.Rest, StringComparison.OrdinalIgnoreCase)).ToList();
        if (inUnit.Count > 0)
        {
            var unit = inUnit[0].Project.BusinessUnit.Trim();
            return new ListView(inUnit, $"Business unit {unit}", $"{command} {unit}", paged.Page, null);
        }

        var units = open.Select(e => e.Project.BusinessUnit.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var known = units.Count == 0 ? string.Empty : $" The business units you can see are: {string.Join(", ", units)}.";
        return new ListView([], scopeText, command, paged.Page, Notice("No such business unit", $"There are no open projects in \"{paged.Rest}\" that you can see.{known}"));
    }

    private static decimal? WorstIndex(PortfolioEntry entry) =>
        entry.Reviewed?.EarnedValue is { } ev && (ev.Spi ?? ev.Cpi) is not null
            ? Math.Min(ev.Spi ?? decimal.MaxValue, ev.Cpi ?? decimal.MaxValue)
            : null;

    private static Reply BadPage(string command) =>
        Notice("Page number", $"Pages go from 1 to {PagedArguments.MaxPage:N0}, e.g. **{command} page 2**.");

    private static Reply Notice(string title, string text) => Reply.WithCard(PortfolioCards.Notice(title, text));

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private sealed record ListView(IReadOnlyList<PortfolioEntry> Entries, string Scope, string Command, int Page, Reply? Refusal);
}
