namespace PmoBot.Commands;

/// <summary>One field of a CSV file PmoBot writes (the event and rollout exports).</summary>
public static class CsvField
{
    /// <summary>
    /// Quotes a field with commas, quotes or line breaks, and defuses a formula: a name starting with = or + would run
    /// as one when the file is opened in Excel, so it is written with a leading apostrophe.
    /// </summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@')
        {
            field = "'" + field;
        }

        return field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
    }
}
