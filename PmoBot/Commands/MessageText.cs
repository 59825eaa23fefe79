using System.Net;
using System.Text.RegularExpressions;

namespace PmoBot.Commands;

/// <summary>
/// The readable text of a chat message, for prefilling a form: Teams hands message actions the message body as
/// HTML (paragraphs, line breaks, @mentions, formatting), and a risk description wants the words only.
/// </summary>
public static partial class MessageText
{
    public static string Plain(string? content, bool isHtml)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return string.Empty;
        }

        var text = content;
        if (isHtml)
        {
            text = BlockEnd().Replace(text, "\n");
            text = Tag().Replace(text, string.Empty);
            text = WebUtility.HtmlDecode(text);
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split('\n')
            .Select(line => Spaces().Replace(line, " ").Trim());
        return MoreThanOneBlankLine().Replace(string.Join("\n", lines), "\n\n").Trim();
    }

    /// <summary>At most <paramref name="maxLength"/> characters, cut at a word and marked with an ellipsis when cut.</summary>
    public static string Shorten(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = text[..(maxLength - 1)];
        var lastSpace = cut.LastIndexOf(' ');
        cut = lastSpace > maxLength / 2 ? cut[..lastSpace] : cut;

        // An emoji cut in half would show as a replacement character.
        if (cut.Length > 0 && char.IsHighSurrogate(cut[^1]))
        {
            cut = cut[..^1];
        }

        return cut.TrimEnd() + "…";
    }

    [GeneratedRegex(@"<br\s*/?>|</(p|div|li|h[1-6]|tr)>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t\u00a0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex MoreThanOneBlankLine();
}
