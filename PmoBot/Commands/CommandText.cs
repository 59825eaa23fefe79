namespace PmoBot.Commands;

/// <summary>How typed text becomes a command line: trimmed, single-spaced, without a leading slash.</summary>
public static class CommandText
{
    /// <summary>No command is longer; anything over this is pasted text, not a command.</summary>
    public const int MaxLength = 1_000;

    /// <summary>An id or code as a person or a card sent it, short enough to quote back: a form's field can hold pages.</summary>
    public static string Echoed(string text) => MessageText.Shorten(text, 40);

    public static string Normalize(string? text)
    {
        var words = (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var line = string.Join(' ', words);
        return line.StartsWith('/') ? line.TrimStart('/').TrimStart() : line;
    }

    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
