using System.Globalization;

namespace PmoBot.Commands;

/// <summary>A command's arguments with a trailing <c>page n</c> taken off: <c>Digital page 2</c> is "Digital", page 2.</summary>
public sealed record PagedArguments(string Rest, int Page)
{
    /// <summary>Every page reads the lists it pages through anyway; the bound only keeps a mistyped page number sensible.</summary>
    public const int MaxPage = 1_000;

    /// <summary>
    /// Takes <c>page n</c> off the end when n is a number; "page" followed by a word is part of a name ("Home page").
    /// </summary>
    /// <returns>Null when the page number is not a whole number from 1 to <see cref="MaxPage"/> (0, -3, 2.5, 99999).</returns>
    public static PagedArguments? Parse(string arguments)
    {
        var words = (arguments ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var page = 1;
        if (words.Count >= 2
            && string.Equals(words[^2], "page", StringComparison.OrdinalIgnoreCase)
            && decimal.TryParse(words[^1], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            if (number is < 1 or > MaxPage || decimal.Truncate(number) != number)
            {
                return null;
            }

            page = (int)number;
            words.RemoveRange(words.Count - 2, 2);
        }

        return new PagedArguments(string.Join(' ', words), page);
    }
}

/// <summary>One page of a list: which items it shows and whether a "More" button leads on.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Count, int Total)
{
    public bool HasMore => Number < Count;
}

public static class Page
{
    /// <summary>Page <paramref name="number"/> of <paramref name="all"/>, or the last page when there are fewer.</summary>
    public static Page<T> Of<T>(IReadOnlyList<T> all, int number, int size)
    {
        ArgumentNullException.ThrowIfNull(all);
        var count = CountOf(all.Count, size);
        var shown = Math.Clamp(number, 1, count);
        return new Page<T>(all.Skip((shown - 1) * size).Take(size).ToList(), shown, count, all.Count);
    }

    /// <summary>How many pages <paramref name="items"/> take, <paramref name="size"/> to a page: at least one, even for none.</summary>
    public static int CountOf(int items, int size) => Math.Max(1, (items + size - 1) / size);

    /// <summary>
    /// The answer to a page past the last, rather than the first page shown without a word: "There is no page 9: the
    /// 7 project managers fit on 1. Type **role list pm** for the first."
    /// </summary>
    /// <param name="contents">What the pages hold, as the subject of "fit": "the 7 project managers".</param>
    public static string PastTheEnd(int number, string contents, int count, string command) =>
        $"There is no page {number}: {contents} fit on {count}. Type **{command}** for the first.";
}
