namespace PmoBot.Commands;

/// <summary>How typed text becomes a command line: trimmed, single-spaced, without a leading slash.</summary>
public static class CommandText
{
    /// <summary>No command is longer; anything over this is pasted text, not a command.</summary>
    public const int MaxLength = 1_000;

    private const int QuotedLength = 40;

    private const char FullWidthFirst = '\uff01';
    private const char FullWidthLast = '\uff5e';

    /// <summary>An id or code as a person or a card sent it, short enough to quote back: a form's field can hold pages.</summary>
    public static string Echoed(string text) => MessageText.Shorten(text, 40);

    /// <summary>What someone typed, on one line and shortened for quoting back to them in an answer that refuses it.</summary>
    public static string Quoted(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= QuotedLength ? line : line[..QuotedLength] + "…";
    }

    public static string Normalize(string? text)
    {
        var words = HalfWidth(text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var line = string.Join(' ', words);
        return line.StartsWith('/') ? line.TrimStart('/').TrimStart() : line;
    }

    /// <summary>
    /// Full-width Latin letters, digits and signs (U+FF01 to U+FF5E) as their ASCII twins: a Japanese, Chinese or Korean
    /// input method left in full-width mode types <c>ｒｅｖｉｅｗ</c> for <c>review</c>, and the ideographic space between
    /// words is already a space to <see cref="string.Split(char[])"/>.
    /// </summary>
    private static string HalfWidth(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange(FullWidthFirst, FullWidthLast))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= FullWidthFirst and <= FullWidthLast ? (char)(c - FullWidthFirst + '!') : c;
            }
        });
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
