using PmoBot.Reviews;
using PmoBot.Reviews.Templates;

namespace PmoBot.Portfolio;

/// <summary>Budget against estimate at completion for the projects in one currency (amounts in different currencies are never added).</summary>
/// <param name="Forecast">Projects whose EAC comes from a review (BAC / CPI, else the PM's estimate); the others count at budget.</param>
public sealed record CurrencyTotal(string Currency, decimal Budget, decimal Eac, int Projects, int Forecast);

/// <summary>An open critical early warning on one of the projects a <c>portfolio</c> view covers.</summary>
public sealed record PortfolioWarning(string ProjectCode, string ProjectName, string RuleTitle, DateTimeOffset RaisedAt);

/// <summary>
/// What <c>portfolio</c> shows of a set of open projects: counts by overall RAG, the red and amber projects (worst
/// first), their open critical warnings, the reviews missed recently, and budget against EAC per currency.
/// </summary>
/// <param name="Critical">Open critical warnings on the projects, by project code then rule title.</param>
/// <param name="Missed">Projects whose last review was missed and not made up since, the latest miss first.</param>
public sealed record PortfolioSummary(
    int Red,
    int Amber,
    int Green,
    int NoRag,
    int NoReview,
    IReadOnlyList<PortfolioEntry> Attention,
    IReadOnlyList<PortfolioWarning> Critical,
    IReadOnlyList<PortfolioEntry> Missed,
    IReadOnlyList<CurrencyTotal> Totals)
{
    public int Total => Red + Amber + Green + NoRag + NoReview;

    /// <summary>
    /// A missed review stays on the view until the project is reviewed again, as <c>overdue</c> keeps it: a window of
    /// recent weeks (this week and last, in the viewer's time zone) emptied the list at midnight on Sunday, hours
    /// before Monday's round, while the misses were still open. <paramref name="critical"/> may name any project: only
    /// the warnings of <paramref name="open"/> are kept, with the project's name from the register.
    /// </summary>
    public static PortfolioSummary Of(IReadOnlyList<PortfolioEntry> open, IEnumerable<PortfolioWarning>? critical = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        var byCode = open.DistinctBy(e => e.Code, StringComparer.OrdinalIgnoreCase).ToDictionary(e => e.Code, StringComparer.OrdinalIgnoreCase);
        var reviewed = open.Where(e => e.Reviewed is not null).ToList();
        int Count(Rag rag) => reviewed.Count(e => e.Reviewed!.Overall == rag);
        return new PortfolioSummary(
            Count(Rag.Red),
            Count(Rag.Amber),
            Count(Rag.Green),
            reviewed.Count(e => e.Reviewed!.Overall is null),
            open.Count - reviewed.Count,
            reviewed
                .Where(e => e.Reviewed!.Overall is Rag.Red or Rag.Amber)
                .OrderBy(e => e.Reviewed!.Overall)
                .ThenBy(e => e.Code, Projects.ProjectText.CodeOrder)
                .ToList(),
            (critical ?? [])
                .Where(w => byCode.ContainsKey(w.ProjectCode))
                .Select(w => w with { ProjectCode = byCode[w.ProjectCode].Code, ProjectName = byCode[w.ProjectCode].Project.Name })
                .OrderBy(w => w.ProjectCode, Projects.ProjectText.CodeOrder)
                .ThenBy(w => w.RuleTitle, StringComparer.OrdinalIgnoreCase)
                .ToList(),
            open
                .Where(e => e.Status is { ConsecutiveMissed: > 0, LastMissedPeriod: not null })
                .OrderByDescending(e => e.Status!.LastMissedPeriod)
                .ThenBy(e => e.Code, Projects.ProjectText.CodeOrder)
                .ToList(),
            TotalsByCurrency(open));
    }

    private static List<CurrencyTotal> TotalsByCurrency(IEnumerable<PortfolioEntry> open) =>
        open.GroupBy(e => e.Project.Currency.ToUpperInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var eacs = g.Select(e => (Budget: e.Project.BudgetAtCompletion, Eac: ForecastEac(e))).ToList();
                return new CurrencyTotal(
                    g.Key,
                    eacs.Sum(x => x.Budget),
                    eacs.Sum(x => x.Eac ?? x.Budget),
                    eacs.Count,
                    eacs.Count(x => x.Eac is not null));
            })
            .ToList();

    /// <summary>The review's EAC (BAC / CPI, else the PM's own), if it is in the project's currency.</summary>
    private static decimal? ForecastEac(PortfolioEntry entry) =>
        entry.Reviewed?.EarnedValue is { } ev && string.Equals(ev.Currency, entry.Project.Currency, StringComparison.OrdinalIgnoreCase)
            ? ev.Eac ?? ev.ManagerEac
            : null;
}
