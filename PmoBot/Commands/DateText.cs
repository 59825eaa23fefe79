using System.Globalization;
using System.Text.RegularExpressions;

namespace PmoBot.Commands;

/// <summary>
/// Reads dates the way people type them: ISO <c>2026-09-30</c>; the culture's short date with its own order of
/// day, month and year (<c>30/09/2026</c> in en-GB, <c>9/30/2026</c> in en-US, <c>30.09.2026</c> in de-DE, two-digit
/// years allowed); and forms with a month name in English or the culture's language (<c>30 Sep 2026</c>,
/// <c>Sep 30, 2026</c>, <c>30th of September</c>, <c>30. März 2026</c>). A date without a year is the first such
/// date from three months before today: reviews look ahead (a forecast typed in March for "30 September" is this
/// September) and a little back ("20 December" typed in January is last month).
/// Every feature reads and shows dates through it, so a date reads the same on every card.
/// </summary>
internal static partial class DateText
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary>How far back a date typed without a year may be.</summary>
    public const int YearlessLookBackMonths = 3;

    /// <summary>
    /// The date examples use: the last day of next month. Its day is over 12, so the order of day and month shows, and it
    /// is always ahead of today, so an example fix-by or forecast date typed as shown is accepted (a fixed example date
    /// read "fix by 30 Sep 2026" in December, which the same question refused as passed).
    /// </summary>
    public static DateOnly ExampleDate(DateOnly today) => new DateOnly(today.Year, today.Month, 1).AddMonths(2).AddDays(-1);

    private static readonly string[] EnglishMonths = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];
    private static readonly HashSet<string> OrdinalSuffixes = new(StringComparer.OrdinalIgnoreCase) { "st", "nd", "rd", "th", "of", "the" };

    /// <returns>Null when <paramref name="text"/> is a date in range, otherwise what was wrong.</returns>
    public static string? TryRead(string text, CultureInfo culture, DateOnly today, out DateOnly date)
    {
        date = default;
        var trimmed = text.Trim().TrimEnd('.');
        var numeric = NumericDate().Match(trimmed);
        if (numeric.Success)
        {
            return ReadNumeric(numeric, culture, today, out date);
        }

        var tokens = Tokens().Matches(trimmed).Select(m => m.Value).Where(t => !OrdinalSuffixes.Contains(t)).ToList();
        var months = tokens.Select(t => MonthOf(t, culture)).ToList();
        var numbers = tokens.Where(t => char.IsAsciiDigit(t[0])).ToList();
        if (months.Count(m => m is not null) != 1 || tokens.Count != numbers.Count + 1 || numbers.Count is 0 or > 2)
        {
            return NotADate(text, culture, today);
        }

        var month = months.Single(m => m is not null)!.Value;
        var day = numbers.FirstOrDefault(n => n.Length <= 2);
        var year = numbers.FirstOrDefault(n => n.Length == 4);
        if (day is null || (numbers.Count == 2 && year is null))
        {
            return NotADate(text, culture, today);
        }

        var dayNumber = int.Parse(day, CultureInfo.InvariantCulture);
        if (year is not null)
        {
            return Build(int.Parse(year, CultureInfo.InvariantCulture), month, dayNumber, today, out date);
        }

        var earliest = today.AddMonths(-YearlessLookBackMonths);
        var candidates = Enumerable.Range(earliest.Year, 5)
            .Where(y => dayNumber >= 1 && dayNumber <= DateTime.DaysInMonth(y, month))
            .Select(y => new DateOnly(y, month, dayNumber))
            .Where(d => d >= earliest)
            .ToList();
        if (candidates.Count == 0)
        {
            return $"There is no {dayNumber} {EnglishMonths[month - 1]}: {EnglishMonths[month - 1]} has at most {DateTime.DaysInMonth(2024, month)} days.";
        }

        return Build(candidates[0].Year, month, dayNumber, today, out date);
    }

    /// <summary>The culture's short date, e.g. <c>30/09/2026</c> or <c>9/30/2026</c>.</summary>
    public static string CultureExample(CultureInfo culture, DateOnly today) => ExampleDate(today).ToString(culture.DateTimeFormat.ShortDatePattern, culture);

    /// <summary>How dates read on cards and in messages: <c>30 Sep 2026</c>, with English month names like all of PmoBot's text.</summary>
    public static string Display(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// A moment Teams shows in each reader's own zone and format (the Adaptive Card DATE and TIME functions), for cards
    /// read by many people from many zones, such as a channel's warning card. Teams names no zone beside them, so a card
    /// showing them ends with <see cref="ReadersZoneNote"/>.
    /// </summary>
    public static string ReadersTime(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"{{{{DATE({utc}, SHORT)}}}} {{{{TIME({utc})}}}}";
    }

    /// <summary>The line under a card whose times are <see cref="ReadersTime"/>: it says which zone they are in.</summary>
    public const string ReadersZoneNote = "Times on this card are in your own time zone.";

    /// <summary>How dates are stored, typed into forms and written to CSV: <c>2026-09-30</c>, read the same everywhere.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Examples(CultureInfo culture, DateOnly today)
    {
        var example = ExampleDate(today);
        // Without a reader's culture there is no local short date to show: ISO and a month name are read everywhere.
        var iso = Iso(example);
        var local = culture.Equals(CultureInfo.InvariantCulture) ? iso : CultureExample(culture, today);
        return local == iso ? $"{iso} or {Display(example)}" : $"{iso}, {local} or {Display(example)}";
    }

    private static string? ReadNumeric(Match numeric, CultureInfo culture, DateOnly today, out DateOnly date)
    {
        date = default;
        var parts = new[] { numeric.Groups[1].Value, numeric.Groups[2].Value, numeric.Groups[3].Value };

        // Four digits first is year-month-day (ISO) in every culture; otherwise the culture's own order.
        var order = parts[0].Length == 4 ? "yMd" : Order(culture.DateTimeFormat.ShortDatePattern);
        var year = parts[order.IndexOf('y', StringComparison.Ordinal)];
        var month = int.Parse(parts[order.IndexOf('M', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        var day = int.Parse(parts[order.IndexOf('d', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        if (year.Length is not (2 or 4) || month is < 1 or > 12)
        {
            return $"\"{numeric.Value}\" is not a date I can read: in your format the {Describe(order)}. Type it as {Examples(culture, today)}.";
        }

        var fullYear = year.Length == 2 ? culture.Calendar.ToFourDigitYear(int.Parse(year, CultureInfo.InvariantCulture)) : int.Parse(year, CultureInfo.InvariantCulture);
        return Build(fullYear, month, day, today, out date);
    }

    private static string? Build(int year, int month, int day, DateOnly today, out DateOnly date)
    {
        date = default;
        if (year is < MinYear or > MaxYear)
        {
            return $"{year} is out of range: dates must be between {MinYear} and {MaxYear}, e.g. {Display(ExampleDate(today))}.";
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return $"There is no {day} {EnglishMonths[month - 1]} {year}: {EnglishMonths[month - 1]} {year} has {DateTime.DaysInMonth(year, month)} days.";
        }

        date = new DateOnly(year, month, day);
        return null;
    }

    private static string NotADate(string text, CultureInfo culture, DateOnly today) =>
        $"\"{CommandText.Quoted(text)}\" is not a date I can read. Type it as {Examples(culture, today)}.";

    /// <summary>"yMd", "dMy" or "Mdy": the order of the fields in a short date pattern such as <c>dd/MM/yyyy</c>.</summary>
    private static string Order(string pattern)
    {
        var order = string.Concat(pattern.Where(c => c is 'd' or 'M' or 'y').Distinct());
        return order.Length == 3 ? order : "dMy";
    }

    private static string Describe(string order) => order switch
    {
        "Mdy" => "month comes first, then the day, then the year",
        "yMd" => "year comes first, then the month, then the day",
        _ => "day comes first, then the month, then the year",
    };

    /// <summary>The month a word names: a prefix of at least three letters of an English month, or the culture's full or short name.</summary>
    private static int? MonthOf(string token, CultureInfo culture)
    {
        if (!char.IsLetter(token[0]))
        {
            return null;
        }

        if (token.Length >= 3)
        {
            var english = Array.FindIndex(EnglishMonths, m => m.StartsWith(token, StringComparison.OrdinalIgnoreCase));
            if (english >= 0)
            {
                return english + 1;
            }
        }

        var format = culture.DateTimeFormat;
        for (var month = 1; month <= 12; month++)
        {
            var names = new[]
            {
                format.GetMonthName(month), format.GetAbbreviatedMonthName(month),
                format.MonthGenitiveNames[month - 1], format.AbbreviatedMonthGenitiveNames[month - 1],
            };
            if (names.Any(name => name.Length > 0 && culture.CompareInfo.Compare(name.TrimEnd('.'), token, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) == 0)
                || (token.Length >= 3 && culture.CompareInfo.IsPrefix(format.GetMonthName(month), token, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace)))
            {
                return month;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^([0-9]{1,4})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,4})$")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\p{L}+|[0-9]+")]
    private static partial Regex Tokens();
}
