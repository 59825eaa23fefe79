using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PmoBot.Cards;

namespace PmoBot.Development;

/// <summary>What the feature's card forms share: an input with its error under it, and the reading of submitted fields.</summary>
public static class FormCards
{
    /// <summary>Adds the input, and the reason it was refused (from <paramref name="errors"/>, by the input's id) right under it.</summary>
    public static void AddInput(List<JsonNode?> body, IReadOnlyDictionary<string, string> errors, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(input);
        body.Add(input);
        if (errors.TryGetValue(input["id"]!.GetValue<string>(), out var error))
        {
            body.Add(AdaptiveCard.Text(error, color: "Attention"));
        }
    }

    /// <summary>A submitted field as typed (numbers from <c>Input.Number</c> as invariant text); blank or absent is null.</summary>
    public static string? Field(JsonObject data, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data[name] is JsonValue value
            ? value.TryGetValue<string>(out var text) ? (string.IsNullOrWhiteSpace(text) ? null : text.Trim())
                : value.TryGetValue<double>(out var number) ? number.ToString(CultureInfo.InvariantCulture)
                // A number too large for a double (1e309) is kept as sent, so the field is refused as out of range, not as missing.
                : value.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : null
            : null;
    }

    public static IReadOnlyDictionary<string, string?> Fields(JsonObject data, IEnumerable<string> names) =>
        names.ToDictionary(name => name, name => Field(data, name));
}
