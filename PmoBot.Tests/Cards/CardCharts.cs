using System.Text.Json.Nodes;

namespace PmoBot.Tests.Cards;

/// <summary>Reads Teams' chart elements on a card, and the card as a host that does not draw them shows it.</summary>
public static class CardCharts
{
    /// <summary>Every chart element on the card, in order, wherever it sits.</summary>
    public static IReadOnlyList<JsonObject> All(JsonNode card)
    {
        var charts = new List<JsonObject>();
        Collect(card, charts);
        return charts;

        static void Collect(JsonNode? node, List<JsonObject> charts)
        {
            switch (node)
            {
                case JsonObject obj when IsChart(obj):
                    charts.Add(obj);
                    break;
                case JsonObject obj:
                    foreach (var (_, value) in obj)
                    {
                        Collect(value, charts);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Collect(item, charts);
                    }

                    break;
            }
        }
    }

    /// <summary>The one chart of <paramref name="type"/> on the card.</summary>
    public static JsonObject Only(JsonNode card, string type) => Assert.Single(All(card), c => c["type"]!.GetValue<string>() == type);

    /// <summary>The numbers shown right under a chart, drawn or not (what a host without charts shows alone).</summary>
    public static JsonObject NumbersOf(JsonNode chart)
    {
        var list = Assert.IsType<JsonArray>(chart.Parent);
        return list[list.IndexOf(chart) + 1]!.AsObject();
    }

    /// <summary>The card as a host without Teams' charts shows it: each chart replaced by its fallback, or dropped.</summary>
    public static JsonObject WithoutCharts(JsonObject card) => (JsonObject)Replace(card.DeepClone());

    /// <summary>A donut's slices: legend and value.</summary>
    public static IReadOnlyList<(string Legend, double Value)> Slices(JsonObject chart) =>
        chart["data"]!.AsArray().Select(p => (p!["legend"]!.GetValue<string>(), p["value"]!.GetValue<double>())).ToList();

    /// <summary>A line or grouped-bar chart's series: legend and its (x, y) points.</summary>
    public static IReadOnlyList<(string Legend, IReadOnlyList<(string X, double Y)> Values)> Series(JsonObject chart) =>
        chart["data"]!.AsArray()
            .Select(s => (s!["legend"]!.GetValue<string>(), (IReadOnlyList<(string, double)>)s["values"]!.AsArray().Select(v => (v!["x"]!.GetValue<string>(), v["y"]!.GetValue<double>())).ToList()))
            .ToList();

    /// <summary>A line or grouped-bar chart's series as one line each: <c>SPI: W09 0.9, W10 1.02</c>.</summary>
    public static IReadOnlyList<string> Lines(JsonObject chart) =>
        Series(chart).Select(s => $"{s.Legend}: {string.Join(", ", s.Values.Select(v => $"{v.X} {v.Y.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))}").ToList();

    private static bool IsChart(JsonObject obj) => obj["type"] is JsonValue type && type.TryGetValue<string>(out var name) && name.StartsWith("Chart.", StringComparison.Ordinal);

    private static JsonNode Replace(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj when IsChart(obj):
                return Replace(obj["fallback"]!.DeepClone());
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is { } child)
                    {
                        obj[key] = Replace(child.DeepClone());
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (array[i] is JsonObject chart && IsChart(chart) && chart["fallback"] is JsonValue drop && drop.GetValue<string>() == "drop")
                    {
                        array.RemoveAt(i);
                    }
                    else if (array[i] is { } item)
                    {
                        array[i] = Replace(item.DeepClone());
                    }
                }

                return array;
            default:
                return node;
        }
    }
}
