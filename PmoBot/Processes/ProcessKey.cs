using System.Text;

namespace PmoBot.Processes;

/// <summary>
/// A process's key: its name in lower case with dashes (<c>risk-management</c>), at most <see cref="MaxLength"/>
/// characters. It names the process in storage, in commands' card data and in the ids of its compliance questions
/// (<c>risk-management--q1</c>), which must fit the review template's 40-character ids.
/// </summary>
public static class ProcessKey
{
    public const int MaxLength = 24;

    /// <summary>Separates the process key from the rest of a compliance question's id; a key never holds two dashes in a row.</summary>
    public const string QuestionSeparator = "--";

    public static string From(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var key = builder.ToString().Trim('-');
        if (key.Length == 0 || !char.IsAsciiLetter(key[0]))
        {
            // Keys start with a letter, as review question ids must.
            key = "p-" + key;
        }

        return key.Length <= MaxLength ? key.TrimEnd('-') : key[..MaxLength].TrimEnd('-');
    }

    /// <summary>The key of the process a compliance question belongs to, or null for a question of no process.</summary>
    public static string? OfQuestion(string questionId)
    {
        var at = questionId.IndexOf(QuestionSeparator, StringComparison.Ordinal);
        return at > 0 ? questionId[..at].ToLowerInvariant() : null;
    }

    public static string QuestionId(string processKey, int number) => $"{processKey}{QuestionSeparator}q{number}";
}
