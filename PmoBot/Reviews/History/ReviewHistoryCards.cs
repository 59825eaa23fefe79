using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.Projects;
using PmoBot.Reviews.Templates;

namespace PmoBot.Reviews.History;

/// <summary>The cards of <c>review history</c> and <c>overdue</c>.</summary>
public static class ReviewHistoryCards
{
    public const int OverduePerPage = 20;

    /// <summary>Shown in a review's row where a figure is unknown; the KPI section spells it out as "not enough data".</summary>
    private const string Unknown = "n/a";

    /// <param name="newestFirst">The reviews to show, newest first; at least one.</param>
    /// <param name="weeks">How many reviews were asked for; a full card offers a longer view.</param>
    public static JsonObject History(Project project, IReadOnlyList<ReviewRecord> newestFirst, int weeks)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(newestFirst);
        var oldestFirst = newestFirst.Reverse().ToList();
        var latest = newestFirst.FirstOrDefault(r => r.IsSubmitted);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{project.Code} · {project.Name}"),
            AdaptiveCard.Text(
                newestFirst.Count == 1
                    ? $"Review history: one review, {newestFirst[0].Period}."
                    : $"Review history: the last {newestFirst.Count} reviews, {oldestFirst[0].Period} to {newestFirst[0].Period}.",
                subtle: true),
            AdaptiveCard.Facts(
            [
                ("Business unit", project.BusinessUnit),
                ("Project manager", project.Manager.Name),
                ("Budget at completion", ProjectText.Budget(project, amount => ReviewHistoryText.Money(amount, project.Currency))),
                ("Status", EnumText.Describe(project.Status)),
            ]),
            AdaptiveCard.Subheading("Overall RAG, oldest to newest"),
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = string.Join(' ', oldestFirst.Select(ReviewHistoryText.Symbol)),
                ["size"] = "Large",
                ["wrap"] = true,
            },
            AdaptiveCard.Text(Legend(newestFirst), subtle: true),
        };
        if (IndexTrend(oldestFirst) is { } trend)
        {
            body.Add(trend);
        }

        body.AddRange(
        [
            AdaptiveCard.Subheading("Reviews, newest first"),
            AdaptiveCard.Facts(newestFirst.Select(r => (ReviewHistoryText.Period(r.Period), DescribeRow(r)))),
            AdaptiveCard.Subheading(latest is null ? "Earned value" : $"Earned value, review of {latest.Period}"),
        ]);
        if (latest?.EarnedValue is { } ev)
        {
            body.Add(AdaptiveCard.Facts(Kpis(ev)));
        }
        else
        {
            body.Add(AdaptiveCard.Text(
                latest is null ? $"No review was submitted in these weeks, so there is {ReviewHistoryText.NotEnoughData} for earned value." : ReviewHistoryText.NotEnoughData,
                subtle: true));
        }

        var actions = new List<JsonNode?> { AdaptiveCard.SendMessage("Project card", $"project {project.Code}") };
        if (newestFirst.Count == weeks && weeks < ReviewHistoryCommands.MaxWeeks)
        {
            actions.Add(AdaptiveCard.SendMessage($"Last {ReviewHistoryCommands.MaxWeeks} weeks", $"review history {project.Code} {ReviewHistoryCommands.MaxWeeks}"));
        }

        return AdaptiveCard.Create(body, actions);
    }

    /// <param name="page">A page with at least one entry.</param>
    /// <param name="pageNumber">1 for the first page.</param>
    public static JsonObject Overdue(MissedReviewPage page, int pageNumber)
    {
        ArgumentNullException.ThrowIfNull(page);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Overdue reviews"),
            AdaptiveCard.Text(
                $"Reviews missed and not submitted since, newest week first{(pageNumber > 1 || page.HasMore ? $" (page {pageNumber.ToString(CultureInfo.InvariantCulture)})" : string.Empty)}.",
                subtle: true),
            AdaptiveCard.Facts(page.Items.Select(m => (ReviewHistoryText.Period(m.Period), $"{m.ProjectCode} {m.ProjectName} · PM {m.ManagerName}{(m.OnLeave ? $" · {ReviewHistoryText.OnLeaveSymbol} on leave, not missed" : string.Empty)}"))),
            AdaptiveCard.Text("Type **review history ‹code›** for a project's reviews.", subtle: true),
        };
        return AdaptiveCard.Create(body, page.HasMore ? [AdaptiveCard.SendMessage("More", $"overdue {(pageNumber + 1).ToString(CultureInfo.InvariantCulture)}")] : null);
    }

    private static string DescribeRow(ReviewRecord record)
    {
        if (record.IsOnLeave)
        {
            return $"{ReviewHistoryText.OnLeaveSymbol} on leave";
        }

        if (!record.IsSubmitted)
        {
            return $"{ReviewHistoryText.MissedSymbol} missed";
        }

        var rag = record.Answers.Rag(WellKnownQuestions.Overall);
        var ev = record.EarnedValue;
        var parts = new[]
        {
            $"{ReviewHistoryText.Symbol(record)} {rag?.ToString() ?? "no overall RAG"}",
            record.Answers.Number(WellKnownQuestions.PercentComplete) is { } percent ? $"{ReviewHistoryText.Percent(percent)} complete" : $"complete {Unknown}",
            $"SPI {(ev?.Spi is null ? Unknown : ReviewHistoryText.Index(ev.Spi))}",
            $"CPI {(ev?.Cpi is null ? Unknown : ReviewHistoryText.Index(ev.Cpi))}",
            $"by {record.SubmittedByName}",
        };
        return string.Join(" · ", parts);
    }

    /// <summary>
    /// SPI and CPI week by week as two lines, where at least two reviews have them (one point is not a trend); the
    /// same figures as facts where Teams' charts are not drawn. Weeks without a figure are left out of its line.
    /// </summary>
    private static JsonObject? IndexTrend(IReadOnlyList<ReviewRecord> oldestFirst)
    {
        var measured = oldestFirst.Where(r => r.EarnedValue is { Spi: not null } or { Cpi: not null }).ToList();
        if (measured.Count < 2)
        {
            return null;
        }

        var series = IndexSeries(measured, r => ReviewHistoryText.ShortWeek(r.Period), r => r.EarnedValue!);
        var facts = AdaptiveCard.Facts(measured.Select(r => (ReviewHistoryText.Period(r.Period), $"SPI {ReviewHistoryText.Index(r.EarnedValue!.Spi)} · CPI {ReviewHistoryText.Index(r.EarnedValue.Cpi)}")));
        return AdaptiveCard.Container(
        [
            AdaptiveCard.Subheading("SPI and CPI, oldest to newest (1.00 is on plan)"),
            Charts.Line($"SPI and CPI, {measured[0].Period} to {measured[^1].Period}", series, facts, xAxisTitle: "ISO week", yAxisTitle: "Index"),
        ]);
    }

    /// <summary>
    /// SPI and CPI as two series over <paramref name="items"/> (weeks of one project, or projects), rounded for reading.
    /// An item without an index has no point in that series (a zero would read as a disaster), and a series without
    /// points is left out.
    /// </summary>
    public static IReadOnlyList<ChartSeries> IndexSeries<T>(IReadOnlyList<T> items, Func<T, string> x, Func<T, EarnedValue> earnedValue)
    {
        ChartSeries Series(string legend, Func<EarnedValue, decimal?> index, string color) => new(
            legend,
            [.. items.Where(i => index(earnedValue(i)) is not null).Select(i => new ChartPoint(x(i), (double)decimal.Round(index(earnedValue(i))!.Value, 2)))],
            color);
        return [.. new[] { Series("SPI", ev => ev.Spi, Charts.Neutral), Series("CPI", ev => ev.Cpi, Charts.Warning) }.Where(s => s.Values.Count > 0)];
    }

    private static IEnumerable<(string, string)> Kpis(EarnedValue ev)
    {
        // What the PM typed (actual cost, their estimate) is shown as typed; what is worked out from it is rounded.
        string Money(decimal? amount) => ReviewHistoryText.Money(amount, ev.Currency);
        return
        [
            ("Percent complete", ReviewHistoryText.Percent(ev.PercentComplete)),
            ("Earned value (EV)", ReviewHistoryText.Estimate(ev.Ev, ev.Currency)),
            ("Planned value (PV)", ReviewHistoryText.Estimate(ev.Pv, ev.Currency)),
            ("Actual cost (AC)", Money(ev.Ac)),
            ("SPI (EV / PV)", ReviewHistoryText.Index(ev.Spi)),
            ("CPI (EV / AC)", ReviewHistoryText.Index(ev.Cpi)),
            ("EAC (BAC / CPI)", $"{ReviewHistoryText.Estimate(ev.Eac, ev.Currency)}; the PM's estimate: {Money(ev.ManagerEac)}"),
            ("VAC (BAC − EAC)", ReviewHistoryText.Estimate(ev.Vac, ev.Currency, roundedLike: ev.Eac)),
        ];
    }

    private static string Legend(IReadOnlyList<ReviewRecord> records)
    {
        var legend = $"🔴 red · 🟠 amber · 🟢 green · {ReviewHistoryText.MissedSymbol} missed";
        if (records.Any(r => r.IsOnLeave))
        {
            legend += $" · {ReviewHistoryText.OnLeaveSymbol} on leave";
        }

        return records.Any(r => ReviewHistoryText.Symbol(r) == ReviewHistoryText.NoRagSymbol)
            ? $"{legend} · {ReviewHistoryText.NoRagSymbol} no overall RAG given"
            : legend;
    }
}
