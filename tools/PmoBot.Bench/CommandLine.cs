using System.Globalization;

namespace PmoBot.Bench;

/// <summary>The <c>--name value</c> options that follow the benchmark's name.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> values;

    private CommandLine(Dictionary<string, string> values) => this.values = values;

    public static CommandLine Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var items = args.GetEnumerator();
        while (items.MoveNext())
        {
            var name = items.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length < 3)
            {
                throw new ArgumentException($"expected an option such as --rate, got '{name}'");
            }

            if (!items.MoveNext())
            {
                throw new ArgumentException($"{name} needs a value");
            }

            values[name[2..]] = items.Current;
        }

        return new CommandLine(values);
    }

    public bool Has(string name) => values.ContainsKey(name);

    public string Required(string name) =>
        values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{name} is required");

    public string Text(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Integer(string name, int fallback, int min = 0) =>
        Check(name, values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback, min);

    public double Number(string name, double fallback, double min = 0) =>
        Check(name, values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback, min);

    private static T Check<T>(string name, T value, T min)
        where T : IComparable<T> =>
        value.CompareTo(min) >= 0 ? value : throw new ArgumentException($"--{name} must be at least {min}");
}
