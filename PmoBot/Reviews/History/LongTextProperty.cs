using Azure.Data.Tables;

namespace PmoBot.Reviews.History;

/// <summary>
/// Table Storage caps a string property at 64 KiB (32 K UTF-16 characters), and the JSON of a review's answers
/// escapes every non-ASCII character as six, so a long review in Greek or Japanese can pass it. Text longer than
/// one property is split across <c>Name</c>, <c>Name2</c>, <c>Name3</c>, ... and joined again on reading.
/// </summary>
internal static class LongTextProperty
{
    public const int CharactersPerProperty = 30_000;

    public static void Write(TableEntity entity, string name, string? text)
    {
        if (text is null)
        {
            return;
        }

        var part = 1;
        var start = 0;
        do
        {
            var length = Math.Min(CharactersPerProperty, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                // Never split a surrogate pair: a lone half is not valid text for the service.
                length--;
            }

            entity[PropertyName(name, part)] = text.Substring(start, length);
            start += length;
            part++;
        }
        while (start < text.Length);
    }

    public static string? Read(TableEntity entity, string name)
    {
        var first = entity.GetString(name);
        if (first is null || !entity.ContainsKey(PropertyName(name, 2)))
        {
            return first;
        }

        var parts = new List<string> { first };
        for (var part = 2; entity.GetString(PropertyName(name, part)) is { } next; part++)
        {
            parts.Add(next);
        }

        return string.Concat(parts);
    }

    private static string PropertyName(string name, int part) => part == 1 ? name : $"{name}{part}";
}
