using System.Text.Json.Nodes;
using PmoBot.Cards;

namespace PmoBot.Tests.Cards;

/// <summary>
/// Teams' chart elements are not in the 1.5 schema: the validator accepts them only in Teams' documented shape and
/// with its numbers: a 1.5 fallback, or (as PmoBot's cards do) "drop" with the numbers right after the chart, shown in
/// every host.
/// </summary>
public sealed class TeamsChartValidationTests
{
    private static JsonObject Bar(Action<JsonObject>? change = null)
    {
        var chart = new JsonObject
        {
            ["type"] = "Chart.HorizontalBar",
            ["title"] = "PDUs by area",
            ["data"] = new JsonArray(new JsonObject { ["x"] = "Power Skills", ["y"] = 6, ["color"] = "warning" }),
            ["fallback"] = AdaptiveCard.Facts([("Power Skills", "6 of 8")]),
        };
        change?.Invoke(chart);
        return AdaptiveCard.Create([chart]);
    }

    private static JsonObject Stacked(Action<JsonObject>? change = null)
    {
        var chart = new JsonObject
        {
            ["type"] = "Chart.HorizontalBar.Stacked",
            ["title"] = "Coverage",
            ["data"] = new JsonArray(new JsonObject
            {
                ["title"] = "Risk",
                ["data"] = new JsonArray(new JsonObject { ["legend"] = "Trained", ["value"] = 3, ["color"] = "good" }, new JsonObject { ["legend"] = "Nothing", ["value"] = 2, ["color"] = "attention" }),
            }),
            ["fallback"] = AdaptiveCard.Facts([("Risk", "3 trained, 2 nothing")]),
        };
        change?.Invoke(chart);
        return AdaptiveCard.Create([chart]);
    }

    [Fact]
    public async Task Charts_in_teams_shape_with_a_fallback_are_valid()
    {
        await AdaptiveCardValidator.AssertAllValidAsync([("bar", Bar()), ("stacked", Stacked())]);
    }

    [Fact]
    public async Task A_chart_shown_with_its_numbers_drops_where_charts_are_not_drawn_and_its_numbers_stay()
    {
        var donut = Charts.Donut("Open projects by overall RAG", [new ChartSlice("Red", 1, Charts.Attention), new ChartSlice("Green", 5, Charts.Good)], AdaptiveCard.Text("Red 1 · Green 5"));
        var card = AdaptiveCard.Create([donut]);

        var items = donut["items"]!.AsArray();
        Assert.Equal("Chart.Donut", items[0]!["type"]!.GetValue<string>());
        Assert.Equal("drop", items[0]!["fallback"]!.GetValue<string>());
        Assert.Equal("Red 1 · Green 5", items[1]!["text"]!.GetValue<string>());
        Assert.Equal("Red 1 · Green 5", CardCharts.WithoutCharts(card)["body"]![0]!["items"]!.AsArray().Single()!["text"]!.GetValue<string>());
        var dropped = Bar(c => c["fallback"] = "drop");
        var report = await AdaptiveCardValidator.ValidateAsync([("with numbers", card), ("dropped, no numbers", dropped)]);
        Assert.Empty(report["with numbers"]);
        Assert.Contains(report["dropped, no numbers"], e => e.Contains("must be followed by its numbers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_chart_without_fallback_with_bad_data_or_a_chart_as_fallback_is_reported()
    {
        var report = await AdaptiveCardValidator.ValidateAsync(
        [
            ("no fallback", Bar(c => c.Remove("fallback"))),
            ("text y", Bar(c => c["data"]![0]!["y"] = "six")),
            ("chart fallback", Bar(c => c["fallback"] = new JsonObject { ["type"] = "Chart.Pie", ["data"] = new JsonArray(new JsonObject { ["legend"] = "a", ["value"] = 1 }) })),
            ("stacked value text", Stacked(c => c["data"]![0]!["data"]![0]!["value"] = "3")),
            ("unknown key", Stacked(c => c["colour"] = "good")),
        ]);

        Assert.Contains(report["no fallback"], e => e.Contains("needs a \"fallback\": its numbers", StringComparison.Ordinal));
        Assert.Contains(report["text y"], e => e.Contains("data point must be { \"x\": text, \"y\": number }", StringComparison.Ordinal));
        Assert.Contains(report["chart fallback"], e => e.Contains("must be an Adaptive Cards 1.5 element, not another chart", StringComparison.Ordinal));
        Assert.Contains(report["stacked value text"], e => e.Contains("Chart.HorizontalBar.Stacked data point", StringComparison.Ordinal));
        Assert.Contains(report["unknown key"], e => e.Contains("unknown property \"colour\"", StringComparison.Ordinal));
    }
}
