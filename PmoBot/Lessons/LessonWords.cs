namespace PmoBot.Lessons;

/// <summary>
/// The meaningful words of a text, for matching lessons with a review: lower-cased, common English words and
/// words under three letters dropped, and a plural "s" removed so "vendors" meets "vendor".
/// </summary>
public static class LessonWords
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
        "has", "have", "him", "his", "how", "its", "may", "new", "now", "own", "see", "two", "who", "did", "does",
        "get", "got", "let", "off", "too", "use", "way", "yet", "this", "that", "with", "from", "they", "them", "then",
        "than", "there", "their", "these", "those", "what", "when", "where", "which", "while", "will", "would", "could",
        "should", "been", "being", "were", "into", "onto", "over", "under", "about", "after", "before", "again", "also",
        "just", "more", "most", "much", "many", "some", "such", "only", "other", "each", "every", "very", "same", "both",
        "because", "until", "within", "without", "week", "weeks", "project", "projects", "still", "next", "last", "time",
    };

    public static IReadOnlySet<string> Of(string? text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return words;
        }

        foreach (var raw in text.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = Stem(raw.Trim('-', '\''));
            if (word.Length >= 3 && !StopWords.Contains(word) && !word.All(char.IsDigit))
            {
                words.Add(word);
            }
        }

        return words;
    }

    private static readonly char[] Separators = " \t\r\n.,;:!?()[]{}\"/\\|*_+=<>~`@#$%^&".ToCharArray();

    private static string Stem(string word) =>
        word.Length > 4 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;
}
