using System.Text.Json.Nodes;

namespace PmoBot.Cards;

/// <summary>One slice of a donut: what it counts and how many.</summary>
public sealed record ChartSlice(string Legend, double Value, string? Color = null);

/// <summary>One point of a bar or a line: its label on the x axis and its value.</summary>
public sealed record ChartPoint(string X, double Y);

/// <summary>One line of a line chart, or one colour of grouped bars.</summary>
public sealed record ChartSeries(string Legend, IReadOnlyList<ChartPoint> Values, string? Color = null);

/// <summary>
/// Teams' Adaptive Card charts (docs: "Charts in Adaptive Cards"). They are not in the 1.5 schema: Teams draws them,
/// other hosts (the Agents Playground among them) show the element's <c>fallback</c>, so every chart here takes the
/// table or facts that carry the same numbers, and a card without one cannot be built.
/// </summary>
public static class Charts
{
    /// <summary>Teams' named colours for a point or a series, by what it means.</summary>
    public const string Good = "good";
    public const string Warning = "warning";
    public const string Attention = "attention";
    public const string Neutral = "neutral";

    public static JsonObject Donut(string title, IEnumerable<ChartSlice> slices, JsonObject fallback) =>
        Chart("Chart.Donut", title, slices.Select(s => Point(new JsonObject { ["legend"] = s.Legend, ["value"] = s.Value }, s.Color)), fallback);

    public static JsonObject Line(string title, IEnumerable<ChartSeries> series, JsonObject fallback, string? xAxisTitle = null, string? yAxisTitle = null) =>
        Axes(Chart("Chart.Line", title, series.Select(Series), fallback), xAxisTitle, yAxisTitle);

    public static JsonObject GroupedBars(string title, IEnumerable<ChartSeries> series, JsonObject fallback, string? xAxisTitle = null, string? yAxisTitle = null)
    {
        var chart = Axes(Chart("Chart.VerticalBar.Grouped", title, series.Select(Series), fallback), xAxisTitle, yAxisTitle);
        chart["showBarValues"] = true;
        return chart;
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
