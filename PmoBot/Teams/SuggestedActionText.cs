using System.Text;
using System.Text.RegularExpressions;

namespace PmoBot.Teams;

/// <summary>
/// The text of a message that carries suggested actions (quick replies), as HTML with <c>textFormat: xml</c>. The
/// Agents Playground shows such a message's text as plain text unless it holds HTML tags, so markdown would show its
/// stars and underscores; Teams renders the same simple tags (<c>strong</c>, <c>em</c>, <c>br</c>) in XML text. The
/// features write the little markdown they use (<c>**bold**</c>, <c>_italic_</c>, blank lines); this turns it into
/// those tags, with everything else escaped so a project name or an answer can never become markup.
/// </summary>
public static partial class SuggestedActionText
{
    public const string TextFormat = "xml";

    public static string ToHtml(string markdown)
    {
        var html = new StringBuilder();
        var paragraphs = markdown.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < paragraphs.Length; i++)
        {
            if (i > 0)
            {
                html.Append("<br><br>");
            }

            var lines = paragraphs[i].Split('\n').Select(Inline);
            html.AppendJoin("<br>", lines);
        }

        return html.ToString();
    }

    private static string Inline(string line)
    {
        var escaped = line.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        var bold = Bold().Replace(escaped, "<strong>$1</strong>");
        return Italic().Replace(bold, "<em>$1</em>");
    }

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<![\w])_(?!\s)(.+?)(?<!\s)_(?![\w])")]
    private static partial Regex Italic();
}
