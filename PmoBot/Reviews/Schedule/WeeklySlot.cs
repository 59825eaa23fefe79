using System.Globalization;
using System.Text.RegularExpressions;

namespace PmoBot.Reviews.Schedule;

/// <summary>
/// When a PM's weekly reviews open: a weekday and a whole hour, read in the PM's own time zone. Reviews open on the
/// hour, so a slot has no minutes.
/// </summary>
public readonly partial record struct WeeklySlot(DayOfWeek Day, int Hour)
{
    /// <summary>What a slot looks like when typed; every parse error ends with it.</summary>
    public const string Examples = "friday 14, fri 2pm or monday at 9am";

    public DayOfWeek Day { get; } = Enum.IsDefined(Day) ? Day : throw new ArgumentOutOfRangeException(nameof(Day), Day, "Not a day of the week.");

    public int Hour { get; } = Hour is >= 0 and <= 23 ? Hour : throw new ArgumentOutOfRangeException(nameof(Hour), Hour, "A slot's hour is 0 to 23.");

    /// <summary>Words that may sit around the day and the hour ("every monday at 9am") and mean nothing more.</summary>
    private static readonly HashSet<string> FillerWords = new(StringComparer.Ordinal) { "at", "on", "every", "each" };

    /// <summary>Reads "friday 14", "fri 2pm", "Mon 09:00", "monday at 9am" (the day and the hour in either order).</summary>
    /// <param name="error">What was wrong and an example of what to type, when the text is not a slot.</param>
    public static bool TryParse(string? text, out WeeklySlot slot, out string error)
    {
        if (TryRead(text, out slot, out var problem))
        {
            error = string.Empty;
            return true;
        }

        error = $"{problem} Give a day and an hour, e.g. {Examples}.";
        return false;
    }

    /// <summary>As <see cref="TryParse"/>, with only what was wrong, so a command can add an example in its own words.</summary>
    internal static bool TryRead(string? text, out WeeklySlot slot, out string problem)
    {
        slot = default;
        var words = (text ?? string.Empty).ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim(',', ';'))
            .Where(w => w.Length > 0 && !FillerWords.Contains(w))
            .ToList();
        if (words.Count == 0)
        {
            problem = "There is no day or hour there.";
            return false;
        }

        var days = words.Select(w => (Word: w, Day: ParseDay(w))).Where(d => d.Day is not null).ToList();
        if (days.Count == 0)
        {
            problem = $"I couldn't find a day of the week in \"{text!.Trim()}\".";
            return false;
        }

        if (days.Count > 1)
        {
            problem = $"\"{text!.Trim()}\" names {days.Count} days; reviews open once a week, so give one.";
            return false;
        }

        var day = days[0].Day!.Value;
        words.Remove(days[0].Word);
        if (words.Count == 0)
        {
            problem = $"What time on {Name(day)}? The hour is missing.";
            return false;
        }

        if (!TryParseHour(string.Concat(words), string.Join(' ', words), out var hour, out problem))
        {
            return false;
        }

        slot = new WeeklySlot(day, hour);
        return true;
    }

    /// <summary>"Friday 14:00".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name(Day)} {Hour:D2}:00");

    public static string Name(DayOfWeek day) => CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(day);

    /// <summary>A whole day name, any prefix of at least two letters (fr, fri, thurs) or a plural (mondays).</summary>
    private static DayOfWeek? ParseDay(string word)
    {
        word = word.TrimEnd('.');
        if (word == "weds")
        {
            return DayOfWeek.Wednesday;
        }

        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = Name(day).ToLowerInvariant();
            if ((word.Length >= 2 && name.StartsWith(word, StringComparison.Ordinal)) || word == name + "s")
            {
                return day;
            }
        }

        return null;
    }

    /// <param name="time">The words after the day, joined without spaces ("2 pm" is "2pm").</param>
    /// <param name="typed">The same words as typed, for the answer.</param>
    private static bool TryParseHour(string time, string typed, out int hour, out string problem)
    {
        hour = 0;
        switch (time)
        {
            case "noon" or "midday":
                hour = 12;
                problem = string.Empty;
                return true;
            case "midnight":
                problem = string.Empty;
                return true;
        }

        var match = TimePattern().Match(time);
        if (!match.Success)
        {
            problem = $"\"{typed}\" is not an hour.";
            return false;
        }

        if (match.Groups["minutes"].Success && match.Groups["minutes"].Value != "00")
        {
            problem = $"Reviews open on the hour, and \"{typed}\" has minutes.";
            return false;
        }

        hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["half"].Success)
        {
            if (hour is < 1 or > 12)
            {
                problem = $"\"{typed}\" is not an hour: with am or pm the hour is 1 to 12 (2pm), without it 0 to 23 (14).";
                return false;
            }

            var pm = match.Groups["half"].Value.StartsWith('p');
            hour = (hour % 12) + (pm ? 12 : 0);
        }
        else if (hour > 23)
        {
            problem = $"\"{typed}\" is not an hour: hours go from 0 to 23.";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>14, 09:00, 9.00, 14h, 2pm, 2:00 p.m. (words already joined, so "2 pm" arrives as "2pm").</summary>
    [GeneratedRegex(@"^(?<hour>\d{1,2})(?:[:.h](?<minutes>\d{2}))?h?(?<half>am|pm|a\.m\.?|p\.m\.?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
