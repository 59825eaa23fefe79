using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.Reviews.Templates;

namespace PmoBot.Processes;

/// <summary>The <c>compliance</c> card: rates per process with the weekly trend (a line chart, a table where charts are not shown), per project and per PM worst first, promised fixes, and PMs under processes they have not acknowledged.</summary>
public static class ComplianceCards
{
    public const int ProjectsShown = 10;
    public const int ManagersShown = 10;
    public const int FixesShown = 8;
    public const int UnacknowledgedShown = 15;

    /// <summary>A line chart reads well with a few lines; the table below it has every process.</summary>
    public const int SeriesCharted = 6;

    /// <summary>Weeks in the fallback table, newest kept: more columns than this do not fit a card.</summary>
    public const int WeeksTabled = 8;

    public static JsonObject Report(ComplianceReport report, string scope)
    {
        var first = report.Weeks[0];
        var last = report.Weeks[^1];
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Process compliance, last {report.Weeks.Count} weeks"),
            AdaptiveCard.Text($"{first} to {last}, {scope}. The rate is yes out of yes and no answers in the weekly reviews; n/a is not counted.", subtle: true),
        };
        if (report.Processes.Count == 0)
        {
            body.Add(AdaptiveCard.Text($"No compliance answers in these weeks yet. A process version with review questions (**{ProcessCommands.PublishCommand}**) adds them to the weekly review."));
        }
        else
        {
            body.Add(AdaptiveCard.Subheading("By process, worst first"));
            body.Add(RolloutCards.Table(
                ["Process", "Rate", "Yes", "No", "N/A"],
                report.Processes.Select(p => (IReadOnlyList<string>)[p.Name, ProcessText.Percent(p.Tally.Rate), Number(p.Tally.Yes), Number(p.Tally.No), Number(p.Tally.NotApplicable)])));
            body.Add(AdaptiveCard.Subheading("Trend"));
            body.Add(Trend(report));
            body.Add(AdaptiveCard.Subheading("Projects, worst first"));
            body.Add(RolloutCards.Table(
                ["Project", "PM", "Rate", "No"],
                report.Projects.Take(ProjectsShown).Select(p => (IReadOnlyList<string>)[$"{p.Code} · {p.Name}", p.ManagerName, ProcessText.Percent(p.Tally.Rate), Number(p.Tally.No)])));
            body.Add(AdaptiveCard.Subheading("Project managers, worst first"));
            body.Add(RolloutCards.Table(
                ["Project manager", "Rate", "No", "Projects"],
                report.Managers.Take(ManagersShown).Select(m => (IReadOnlyList<string>)[m.Name, ProcessText.Percent(m.Tally.Rate), Number(m.Tally.No), Number(m.Projects)])));
        }

        if (report.Fixes.Count > 0)
        {
            body.Add(AdaptiveCard.Subheading("Promised fixes"));
            body.Add(AdaptiveCard.Facts(report.Fixes.Take(FixesShown).Select(f => ($"{f.ProjectCode} · {f.ProcessName}", $"{f.Question} No: {f.Reason} (fix by {ProcessText.Date(f.FixBy)}, said in {f.Week})"))));
        }

        if (report.Unacknowledged.Count > 0)
        {
            body.Add(AdaptiveCard.Subheading("Running a project under a process version they have not acknowledged"));
            body.Add(AdaptiveCard.Facts(report.Unacknowledged.Take(UnacknowledgedShown).Select(u => (u.ManagerName, $"{u.ProjectCode} under {u.ProcessName} version {u.Version}: {Describe(u.State)}"))));
            if (report.Unacknowledged.Count > UnacknowledgedShown)
            {
                body.Add(AdaptiveCard.Text($"And {report.Unacknowledged.Count - UnacknowledgedShown} more: **{RolloutCommands.RolloutCommand}** and a process name lists a rollout's people.", subtle: true));
            }
        }

        return AdaptiveCard.Create(
            body,
            [
                AdaptiveCard.SendMessage("Last 4 weeks", $"{ComplianceCommands.ComplianceCommand} 4"),
                AdaptiveCard.SendMessage("Last 12 weeks", $"{ComplianceCommands.ComplianceCommand} 12"),
            ]);
    }

    /// <summary>
    /// One line per process (the worst first), a point per week with answers. Teams draws <c>Chart.Line</c>; other hosts
    /// show the fallback, the same numbers as a table.
    /// </summary>
    public static JsonObject Trend(ComplianceReport report)
    {
        var charted = report.Processes.Take(SeriesCharted).ToList();
        var data = new JsonArray(charted
            .Select(p => (JsonNode)new JsonObject
            {
                ["legend"] = p.Name,
                ["values"] = new JsonArray(p.Trend
                    .Where(t => t.Tally.Rate is not null)
                    .Select(t => (JsonNode)new JsonObject { ["x"] = WeekLabel(t.Week), ["y"] = Math.Round(100m * t.Tally.Rate!.Value, MidpointRounding.AwayFromZero) })
                    .ToArray()),
            })
            .Where(series => series["values"]!.AsArray().Count > 0)
            .ToArray());
        var weeks = report.Weeks.TakeLast(WeeksTabled).ToList();
        var table = RolloutCards.Table(
            ["Process", .. weeks.Select(WeekLabel)],
            report.Processes.Select(p => (IReadOnlyList<string>)[p.Name, .. weeks.Select(w => p.Trend.Single(t => t.Week == w).Tally.Rate is { } rate ? ProcessText.Percent(rate) : "–")]));
        if (data.Count == 0)
        {
            return table;
        }

        return Charts.WithNumbers(new JsonObject
        {
            ["type"] = "Chart.Line",
            ["title"] = "Compliance rate per week (%)",
            ["xAxisTitle"] = "ISO week",
            ["yAxisTitle"] = "% yes",
            ["colorSet"] = "categorical",
            ["data"] = data,
            ["fallback"] = table,
        });
    }

    /// <summary><c>W23</c>: short enough for a chart's axis; the card's first line says which year.</summary>
    public static string WeekLabel(Reviews.ReviewPeriod week) => Reviews.History.ReviewHistoryText.ShortWeek(week);

    private static string Describe(AcknowledgementState? state) => state switch
    {
        null => "not in its rollout",
        AcknowledgementState.Seen => "seen, not acknowledged",
        AcknowledgementState.Overdue => "overdue",
        _ => "not acknowledged yet",
    };

    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
