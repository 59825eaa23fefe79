using System.Text.Json.Nodes;

namespace PmoBot.Cards;

/// <summary>One slice of a donut: what it counts and how many.</summary>
public sealed record ChartSlice(string Legend, double Value, string? Color = null);

/// <summary>One point of a bar or a line: its label on the x axis and its value.</summary>
public sealed record ChartPoint(string X, double Y);

/// <summary>One line of a line chart, or one colour of grouped bars.</summary>
public sealed record ChartSeries(string Legend, IReadOnlyList<ChartPoint> Values, string? Color = null);

/// <summary>
/// Teams' Adaptive Card charts (docs: "Charts in Adaptive Cards"). Every chart comes with its numbers (the table or
/// facts it draws) shown right under it: Teams and the Agents Playground draw the chart, but neither shows a value per
/// bar or slice reliably (the playground draws a donut without counts and bars against a bare axis), and a screen
/// reader reads no chart. Hosts without charts drop it and show the numbers alone.
/// </summary>
public static class Charts
{
    /// <summary>Teams' named colours for a point or a series, by what it means.</summary>
    public const string Good = "good";
    public const string Warning = "warning";
    public const string Attention = "attention";
    public const string Neutral = "neutral";

    public static JsonObject Donut(string title, IEnumerable<ChartSlice> slices, JsonObject fallback) =>
        WithNumbers(Chart("Chart.Donut", title, slices.Select(s => Point(new JsonObject { ["legend"] = s.Legend, ["value"] = s.Value }, s.Color)), fallback));

    public static JsonObject Line(string title, IEnumerable<ChartSeries> series, JsonObject fallback, string? xAxisTitle = null, string? yAxisTitle = null) =>
        WithNumbers(Axes(Chart("Chart.Line", title, series.Select(Series), fallback), xAxisTitle, yAxisTitle));

    public static JsonObject GroupedBars(string title, IEnumerable<ChartSeries> series, JsonObject fallback, string? xAxisTitle = null, string? yAxisTitle = null)
    {
        var chart = Axes(Chart("Chart.VerticalBar.Grouped", title, series.Select(Series), fallback), xAxisTitle, yAxisTitle);
        chart["showBarValues"] = true;
        return WithNumbers(chart);
    }

    /// <summary>
    /// A chart built with its numbers as <c>fallback</c>, made into a container: the chart (dropped by hosts that do not
    /// draw charts), then the numbers, shown everywhere.
    /// </summary>
    public static JsonObject WithNumbers(JsonObject chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var numbers = chart["fallback"] as JsonObject ?? throw new ArgumentException("A chart needs its numbers as its fallback.", nameof(chart));
        chart["fallback"] = "drop";
        return new JsonObject
        {
            ["type"] = "Container",
            ["items"] = new JsonArray(chart, numbers.DeepClone()),
        };
    }

    private static JsonObject Chart(string type, string title, IEnumerable<JsonNode> data, JsonObject fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new JsonObject
        {
            ["type"] = type,
            ["title"] = title,
            ["colorSet"] = "categorical",
            ["data"] = new JsonArray([.. data]),
            ["fallback"] = fallback,
        };
    }

    private static JsonObject Axes(JsonObject chart, string? xAxisTitle, string? yAxisTitle)
    {
        if (xAxisTitle is not null)
        {
            chart["xAxisTitle"] = xAxisTitle;
        }

        if (yAxisTitle is not null)
        {
            chart["yAxisTitle"] = yAxisTitle;
        }

        return chart;
    }

    private static JsonObject Series(ChartSeries series) => Point(
        new JsonObject
        {
            ["legend"] = series.Legend,
            ["values"] = new JsonArray([.. series.Values.Select(v => (JsonNode)new JsonObject { ["x"] = v.X, ["y"] = v.Y })]),
        },
        series.Color);

    private static JsonObject Point(JsonObject point, string? color)
    {
        if (color is not null)
        {
            point["color"] = color;
        }

        return point;
    }
}
