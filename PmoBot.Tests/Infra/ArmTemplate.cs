using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PmoBot.Tests.Infra;

/// <summary>Read access to a compiled ARM template: its resources, parameters and outputs, and variable substitution in expressions.</summary>
internal sealed partial class ArmTemplate(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public JsonObject Parameters => Root["parameters"]?.AsObject() ?? new JsonObject();

    public JsonObject Outputs => Root["outputs"]?.AsObject() ?? new JsonObject();

    /// <summary>Resources whether the template lists them (language version 1.0) or keys them by symbolic name (2.0).</summary>
    public IReadOnlyList<JsonObject> Resources => Root["resources"] switch
    {
        JsonArray array => array.Select(node => node!.AsObject()).ToList(),
        JsonObject byName => byName.Select(pair => pair.Value!.AsObject()).ToList(),
        _ => [],
    };

    public static ArmTemplate Parse(string json) =>
        new(JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("The compiled template is not a JSON object."));

    public IReadOnlyList<JsonObject> ResourcesOfType(string type) =>
        Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject SingleResource(string type)
    {
        var matches = ResourcesOfType(type);
        Assert.True(matches.Count == 1, $"expected exactly one {type}, found {matches.Count}");
        return matches[0];
    }

    /// <summary>The ARM expression (without brackets) that other resources use to point at a top-level resource.</summary>
    public static string ResourceIdExpression(JsonObject resource)
    {
        var name = (string)resource["name"]!;
        var nameArgument = IsExpression(name) ? name[1..^1] : $"'{name}'";
        return $"resourceId('{(string)resource["type"]!}', {nameArgument})";
    }

    /// <summary><see cref="ResourceIdExpression"/> with its variables resolved, to find inside other resolved expressions.</summary>
    public string ResolvedResourceId(JsonObject resource) => Resolve($"[{ResourceIdExpression(resource)}]")[1..^1];

    /// <summary>
    /// Replaces <c>variables('x')</c> and <c>variables('x').member</c> with the variable's value until none is left,
    /// so an assertion can see which parameters and functions a name or setting is really built from.
    /// </summary>
    public string Resolve(string value)
    {
        if (!IsExpression(value))
        {
            return value;
        }

        var variables = Root["variables"]?.AsObject() ?? new JsonObject();
        var current = value;
        for (var pass = 0; pass < 20; pass++)
        {
            var next = VariableReference().Replace(current, match =>
            {
                var variable = variables[match.Groups["name"].Value];
                if (match.Groups["member"].Success)
                {
                    variable = (variable as JsonObject)?[match.Groups["member"].Value];
                }

                return variable is JsonValue jsonValue && jsonValue.TryGetValue<string>(out var text)
                    ? IsExpression(text) ? text[1..^1] : $"'{text}'"
                    : match.Value;
            });
            if (next == current)
            {
                return current;
            }

            current = next;
        }

        throw new InvalidOperationException($"Variables in {value} do not resolve.");
    }

    public string ResolvedString(JsonNode? node) => Resolve(node?.GetValue<string>() ?? throw new InvalidOperationException("expected a string value"));

    private static bool IsExpression(string value) => value.StartsWith('[') && value.EndsWith(']') && !value.StartsWith("[[", StringComparison.Ordinal);

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)(?:\.(?<member>[A-Za-z_][A-Za-z0-9_]*))?")]
    private static partial Regex VariableReference();
}
