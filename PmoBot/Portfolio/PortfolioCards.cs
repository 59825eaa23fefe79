using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Reviews.History;

namespace PmoBot.Portfolio;

/// <summary>The cards of <c>portfolio</c>, <c>risks</c>, <c>kpis</c> and <c>my projects</c>, and the short notices every other answer is.</summary>
public static class PortfolioCards
{
    public const int AttentionPerPage = 15;
    public const int RisksPerPage = 20;
    public const int RowsPerPage = 25;

    /// <summary>Teams shows at most six buttons: five projects and "More".</summary>
    public const int MatchesPerPage = 5;

    public const string CriticalSymbol = "⛔";

    /// <summary>The lists page together: page 2 shows the next red and amber projects, critical warnings and missed reviews.</summary>
    public static int SummaryPages(PortfolioSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Page.CountOf(new[] { summary.Attention.Count, summary.Critical.Count, summary.Missed.Count }.Max(), AttentionPerPage);
    }

    /// <param name="command">The command that shows this view (<c>portfolio Digital</c>); "More" types it with the next page.</param>
    public static JsonObject Summary(PortfolioSummary summary, string scope, string command, int page)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var pages = SummaryPages(summary);
        var shown = Math.Clamp(page, 1, pages);
        var attention = Page.Of(summary.Attention, shown, AttentionPerPage);
        var critical = Page.Of(summary.Critical, shown, AttentionPerPage);
        var missed = Page.Of(summary.Missed, shown, AttentionPerPage);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Portfolio status"),
            AdaptiveCard.Text($"{scope}: {Projects(summary.Total)} open{PageLabel(shown, pages)}.", subtle: true),
            RagCounts(summary),
            AdaptiveCard.Text(CriticalCount(summary.Critical.Count)),
            AdaptiveCard.Subheading("Red and amber"),
        };
        body.Add(summary.Attention.Count == 0
            ? AdaptiveCard.Text("None: every reviewed project is green.", subtle: true)
            : shown > attention.Count
                ? AdaptiveCard.Text($"All {summary.Attention.Count} are on earlier pages.", subtle: true)
                : AdaptiveCard.Facts(attention.Items.Select(e =>
                    ($"{ReviewHistoryText.Symbol(e.Reviewed!.Overall!.Value)} {e.Code}", $"{e.Project.Name} · PM {e.Project.Manager.Name} · {PortfolioText.MainReason(e.Reviewed!)}"))));
        body.Add(AdaptiveCard.Subheading("Open critical warnings"));
        body.Add(summary.Critical.Count == 0
            ? AdaptiveCard.Text("None.", subtle: true)
            : shown > critical.Count
                ? AdaptiveCard.Text($"All {summary.Critical.Count} are on earlier pages.", subtle: true)
                : AdaptiveCard.Facts(critical.Items.Select(w => ($"{CriticalSymbol} {w.ProjectCode}", $"{w.ProjectName} · {w.RuleTitle}"))));
        body.Add(AdaptiveCard.Subheading("Missed reviews not made up"));
        body.Add(summary.Missed.Count == 0
            ? AdaptiveCard.Text("None.", subtle: true)
            : shown > missed.Count
                ? AdaptiveCard.Text($"All {summary.Missed.Count} are on earlier pages.", subtle: true)
                : AdaptiveCard.Facts(missed.Items.Select(e =>
                    (e.Code, $"{e.Project.Name} · PM {e.Project.Manager.Name} · missed {e.Status!.LastMissedPeriod}{(e.Status.ConsecutiveMissed > 1 ? $", {e.Status.ConsecutiveMissed} in a row" : string.Empty)}"))));
        body.Add(AdaptiveCard.Subheading("Budget and estimate at completion"));
        body.Add(summary.Totals.Count == 0
            ? AdaptiveCard.Text("No open projects.", subtle: true)
            : BudgetAgainstEac(summary.Totals));
        return AdaptiveCard.Create(body, More(command, shown, pages));
    }

    /// <summary>The RAG counts as a donut where Teams draws one; the one line of counts elsewhere (and as the donut's title).</summary>
    private static JsonObject RagCounts(PortfolioSummary summary)
    {
        var line = new JsonObject
        {
            ["type"] = "TextBlock",
            ["text"] = $"🔴 {summary.Red} red · 🟠 {summary.Amber} amber · 🟢 {summary.Green} green · {summary.NoReview} {PortfolioText.NoReviewYet}"
                + (summary.NoRag > 0 ? $" · {ReviewHistoryText.NoRagSymbol} {summary.NoRag} without an overall RAG" : string.Empty),
            ["size"] = "Medium",
            ["wrap"] = true,
        };
        var slices = new ChartSlice[]
        {
            new("Red", summary.Red, Charts.Attention),
            new("Amber", summary.Amber, Charts.Warning),
            new("Green", summary.Green, Charts.Good),
            new("No overall RAG", summary.NoRag, Charts.Neutral),
            new("No review yet", summary.NoReview),
        }.Where(s => s.Value > 0).ToList();
        return slices.Count == 0 ? line : Charts.Donut("Open projects by overall RAG", slices, line);
    }

    /// <summary>
    /// SPI and CPI side by side per project, worst first as the page is; 1.0 is on plan. A project without the figures
    /// has no bars (a zero would read as a disaster), so the facts list it and are the fallback where bars are not drawn.
    /// </summary>
    private static IEnumerable<JsonNode?> KpiBars(IReadOnlyList<PortfolioEntry> entries, JsonObject facts)
    {
        var measured = entries.Where(e => e.Reviewed?.EarnedValue is { Spi: not null } or { Cpi: not null }).ToList();
        if (measured.Count == 0)
        {
            yield return facts;
            yield break;
        }

        var series = ReviewHistoryCards.IndexSeries(measured, e => e.Code, e => e.Reviewed!.EarnedValue!);
        yield return Charts.GroupedBars("SPI and CPI by project, worst first (1.00 is on plan)", series, facts, xAxisTitle: "Project");
        if (measured.Count < entries.Count)
        {
            yield return AdaptiveCard.Text($"No bars ({ReviewHistoryText.NotEnoughData}): {string.Join(", ", entries.Except(measured).Select(e => e.Code))}.", subtle: true);
        }
    }

    /// <summary>Amounts on a chart's axis are read, not added up: whole units.</summary>
    /// <summary>
    /// Budget against EAC as grouped bars. In one currency the bars are the amounts. In several they are each currency's
    /// EAC as a percentage of its own budget: bars of euros beside bars of pounds would compare the currencies, not the
    /// forecasts. The amounts are under the chart either way.
    /// </summary>
    private static JsonObject BudgetAgainstEac(IReadOnlyList<CurrencyTotal> totals)
    {
        var numbers = AdaptiveCard.Facts(totals.Select(t => (t.Currency, DescribeTotal(t))));
        if (totals.Count == 1)
        {
            var only = totals[0];
            return Charts.GroupedBars(
                $"Budget and EAC ({only.Currency})",
                [
                    new ChartSeries("Budget", [new ChartPoint(only.Currency, Rounded(only.Budget))], Charts.Neutral),
                    new ChartSeries("EAC", [new ChartPoint(only.Currency, Rounded(only.Eac))], Charts.Warning),
                ],
                numbers,
                yAxisTitle: only.Currency);
        }

        var budgeted = totals.Where(t => t.Budget > 0).ToList();
        return Charts.GroupedBars(
            "EAC against budget by currency (each budget is 100%)",
            [
                new ChartSeries("Budget", [.. budgeted.Select(t => new ChartPoint(t.Currency, 100))], Charts.Neutral),
                new ChartSeries("EAC", [.. budgeted.Select(t => new ChartPoint(t.Currency, (double)decimal.Round(t.Eac * 100 / t.Budget, 0, MidpointRounding.AwayFromZero)))], Charts.Warning),
            ],
            numbers,
            xAxisTitle: "Currency",
            yAxisTitle: "% of budget");
    }

    private static double Rounded(decimal amount) => (double)decimal.Round(amount, 0, MidpointRounding.AwayFromZero);

    public static JsonObject Risks(Page<PortfolioRisk> page, string scope, string command)
    {
        ArgumentNullException.ThrowIfNull(page);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Top risks"),
            AdaptiveCard.Text(
                $"{scope}: {(page.Total == 1 ? "1 risk" : $"{page.Total.ToString(CultureInfo.InvariantCulture)} risks")} from the latest reviews and the risk log, by probability × impact{PageLabel(page.Number, page.Count)}.",
                subtle: true),
            page.Total == 0
                ? AdaptiveCard.Text("No risks reported in the latest reviews or logged.", subtle: true)
                : AdaptiveCard.Facts(page.Items.Select(r => (PortfolioText.Score(r.Risk), $"{r.ProjectCode} {r.ProjectName}: {PortfolioText.Shorten(r.Risk.Description)} · {(r.Logged ? "owner" : "PM")} {r.Owner}{(r.Logged ? " (logged)" : string.Empty)}"))),
        };
        return AdaptiveCard.Create(body, More(command, page.Number, page.Count));
    }

    public static JsonObject Kpis(Page<PortfolioEntry> page, string scope, string command)
    {
        ArgumentNullException.ThrowIfNull(page);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("SPI and CPI"),
            AdaptiveCard.Text($"{scope}: worst first (the lower of SPI and CPI); projects with {ReviewHistoryText.NotEnoughData} last{PageLabel(page.Number, page.Count)}.", subtle: true),
        };
        body.AddRange(page.Total == 0
            ? [AdaptiveCard.Text("No open projects.", subtle: true)]
            : KpiBars(page.Items, AdaptiveCard.Facts(page.Items.Select(e => ($"{e.Code} {e.Project.Name}", DescribeKpis(e))))));
        return AdaptiveCard.Create(body, More(command, page.Number, page.Count));
    }

    public static JsonObject MyProjects(Page<PortfolioEntry> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Your projects"),
            AdaptiveCard.Text($"The projects you manage or deputise on{PageLabel(page.Number, page.Count)}.", subtle: true),
        };
        foreach (var entry in page.Items)
        {
            body.Add(AdaptiveCard.Subheading($"{entry.Code} · {entry.Project.Name}"));
            body.Add(AdaptiveCard.Facts(
            [
                ("Overall", entry.Reviewed is { } status ? PortfolioText.RagWithTrend(status.Overall, status.PreviousOverall) : PortfolioText.NoReviewYet),
                ("Last review", entry.Reviewed?.LastReviewPeriod is { } period ? ReviewHistoryText.Period(period) : PortfolioText.NoReviewYet),
                ("Next milestone", PortfolioText.NextMilestone(entry)),
            ]));
        }

        return AdaptiveCard.Create(body, More("my projects", page.Number, page.Count));
    }

    /// <summary>Several projects match: each is a button that asks for its status.</summary>
    public static JsonObject Matches(string query, Page<PortfolioEntry> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var body = new[]
        {
            AdaptiveCard.Heading($"Which project? {page.Total.ToString(CultureInfo.InvariantCulture)} match \"{query}\""),
            AdaptiveCard.Text($"Choose one, or type **status ‹code›**{PageLabel(page.Number, page.Count)}.", subtle: true),
        };
        var actions = page.Items
            .Select(e => (JsonNode?)AdaptiveCard.SendMessage($"{e.Code} {e.Project.Name}", $"status {e.Code}"))
            .Concat(More($"status {query}", page.Number, page.Count));
        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>A short answer (a refusal, a problem with what was typed) as a card, with optional buttons.</summary>
    public static JsonObject Notice(string title, string text, params JsonNode?[] actions) =>
        AdaptiveCard.Create([AdaptiveCard.Heading(title), AdaptiveCard.Text(text)], actions);

    public static string DescribeKpis(PortfolioEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Reviewed is not { } status)
        {
            return $"{PortfolioText.NoReviewYet}: {ReviewHistoryText.NotEnoughData}";
        }

        var ev = status.EarnedValue;
        return ev is null || (ev.Spi is null && ev.Cpi is null)
            ? $"{ReviewHistoryText.NotEnoughData} ({status.LastReviewPeriod})"
            : $"SPI {ReviewHistoryText.Index(ev.Spi)} · CPI {ReviewHistoryText.Index(ev.Cpi)} ({status.LastReviewPeriod})";
    }

    /// <summary>One currency's line: budget, EAC, the variance, and how much of the EAC comes from reviews.</summary>
    public static string DescribeTotal(CurrencyTotal total)
    {
        var variance = total.Budget - total.Eac;
        var against = variance == 0 ? "on budget"
            : variance > 0 ? $"under budget by {ReviewHistoryText.Estimate(variance, total.Currency, roundedLike: total.Eac)}"
            : $"over budget by {ReviewHistoryText.Estimate(-variance, total.Currency, roundedLike: total.Eac)}";
        var source = total.Forecast == total.Projects
            ? (total.Projects == 1 ? "EAC from the latest review" : $"EAC from the latest reviews of all {Projects(total.Projects)}")
            : total.Forecast == 0
                ? (total.Projects == 1 ? "no estimate reviewed yet: the project counts at budget" : $"no estimate reviewed yet: all {Projects(total.Projects)} count at budget")
                : $"EAC from the latest reviews of {total.Forecast.ToString(CultureInfo.InvariantCulture)} of {Projects(total.Projects)}; the {(total.Projects - total.Forecast == 1 ? "other counts" : "others count")} at budget";
        return $"budget {ReviewHistoryText.Money(total.Budget, total.Currency)} · EAC {ReviewHistoryText.Estimate(total.Eac, total.Currency)} · {against} ({source})";
    }

    /// <summary>"⛔ 2 open critical warnings", or that there are none.</summary>
    public static string CriticalCount(int count) => count switch
    {
        0 => "No open critical warnings.",
        1 => $"{CriticalSymbol} 1 open critical warning",
        _ => $"{CriticalSymbol} {count.ToString(CultureInfo.InvariantCulture)} open critical warnings",
    };

    private static string Projects(int count) => count == 1 ? "1 project" : $"{count.ToString(CultureInfo.InvariantCulture)} projects";

    private static string PageLabel(int page, int pages) => pages > 1 ? $" (page {page.ToString(CultureInfo.InvariantCulture)} of {pages.ToString(CultureInfo.InvariantCulture)})" : string.Empty;

    private static JsonNode?[] More(string command, int page, int pages) =>
        page < pages ? [AdaptiveCard.SendMessage("More", $"{command} page {(page + 1).ToString(CultureInfo.InvariantCulture)}")] : [];
}
