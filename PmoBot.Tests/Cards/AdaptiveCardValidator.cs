using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Cards;

/// <summary>
/// Checks Adaptive Cards the way a Teams client sees them, by running <c>tools/validate-card.js</c>: the official
/// JavaScript renderer (npm <c>adaptivecards</c>) parses each card with Teams' host config at schema version 1.5
/// and reports every parse and validation event, and strict structural checks catch what the renderer silently
/// tolerates (missing <c>verb</c>, unknown properties, wrong JSON types, Teams <c>msteams</c> shapes, ...).
/// All cards of one call go to a single Node process.
/// </summary>
public static class AdaptiveCardValidator
{
    private const string Script = "validate-card.js";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Validates every card in one Node run. The result maps each card name to its errors (empty when valid).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ValidateAsync(
        IEnumerable<(string Name, JsonObject Card)> cards,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cards);

        var names = new List<string>();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (name, card) in cards)
            {
                ArgumentNullException.ThrowIfNull(name);
                ArgumentNullException.ThrowIfNull(card);
                if (names.Contains(name, StringComparer.Ordinal))
                {
                    throw new ArgumentException($"Two cards are named \"{name}\"; card names must be unique.", nameof(cards));
                }

                names.Add(name);
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WritePropertyName("card");
                card.WriteTo(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (names.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        }

        var input = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var result = await NodeTool.RunAsync(Script, [], input, ct);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"tools/{Script} failed with exit code {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        }

        JsonArray report;
        try
        {
            report = JsonNode.Parse(result.StandardOutput)?.AsArray()
                ?? throw new InvalidOperationException($"tools/{Script} printed no report.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"tools/{Script} printed something that is not a JSON report: {result.StandardOutput}\n{result.StandardError}", e);
        }

        var errorsByName = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var entry in report)
        {
            var name = entry?["name"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"tools/{Script} reported an entry without a name.");
            var errors = entry["errors"]?.AsArray().Select(e => e?.GetValue<string>() ?? string.Empty).ToArray() ?? [];
            errorsByName[name] = errors;
        }

        var missing = names.Where(n => !errorsByName.ContainsKey(n)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"tools/{Script} did not report on: {string.Join(", ", missing)}.");
        }

        return errorsByName;
    }

    /// <summary>Fails the test, listing every error, unless the card is valid for Teams.</summary>
    public static Task AssertValidAsync(string name, JsonObject card) => AssertAllValidAsync([(name, card)]);

    /// <summary>Fails the test, listing every error of every invalid card, unless all cards are valid (one Node run).</summary>
    public static async Task AssertAllValidAsync(IEnumerable<(string Name, JsonObject Card)> cards, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var list = cards.ToList();
        var report = await ValidateAsync(list, ct);
        var failures = report.Where(r => r.Value.Count > 0).ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        foreach (var (name, errors) in failures)
        {
            message.Append("Adaptive Card \"").Append(name).Append("\" is not valid for Teams (").Append(errors.Count).AppendLine(" errors):");
            foreach (var error in errors)
            {
                message.Append("  - ").AppendLine(error);
            }

            var card = list.First(c => c.Name == name).Card;
            message.AppendLine("  card JSON:").AppendLine(card.ToJsonString(Indented));
        }

        Assert.Fail(message.ToString());
    }
}
