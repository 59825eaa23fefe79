using System.Text;

namespace PmoBot.Storage;

/// <summary>
/// Makes any identifier safe as a PartitionKey or RowKey. Table Storage forbids '/', '\', '#', '?' and control
/// characters in keys, and Teams conversation ids can contain some of them; escaping is reversible and keeps
/// ordinary ids (GUIDs, "29:..." user ids, project codes) unchanged so keys stay readable.
/// </summary>
public static class TableKey
{
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                // Percent-encoded UTF-8, the form Unescape (Uri.UnescapeDataString) reads back.
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Unescape(string key) => Uri.UnescapeDataString(key);

    /// <summary>Lower-cased and whitespace-collapsed, for case-insensitive lookups by name or e-mail.</summary>
    public static string Normalize(string value) =>
        Escape(string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant());

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
