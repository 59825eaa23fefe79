using System.Globalization;

namespace PmoBot.Reviews;

/// <summary>
/// The ISO week a review belongs to (<c>2026-W48</c>): one review per project per period. The week is the one of the
/// PM's local date when the review opened, so a Monday 09:00 review in Sydney and in London share a label.
/// </summary>
public readonly record struct ReviewPeriod(int Year, int Week) : IComparable<ReviewPeriod>
{
    public static ReviewPeriod Of(DateOnly date) => new(ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue)));

    public static ReviewPeriod Of(DateTimeOffset instant, TimeZoneInfo zone) => Of(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));

    public static bool TryParse(string? text, out ReviewPeriod period)
    {
        period = default;
        var parts = (text ?? string.Empty).Split("-W");
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            && year is >= 2000 and <= 9998 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year))
        {
            period = new ReviewPeriod(year, week);
            return true;
        }

        return false;
    }

    public static ReviewPeriod Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a review period like 2026-W48.");

    /// <summary>The Monday the week starts on.</summary>
    public DateOnly Monday => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday));

    public ReviewPeriod Previous => Of(Monday.AddDays(-7));

    public ReviewPeriod Next => Of(Monday.AddDays(7));

    /// <summary>A row key that sorts newest first: 9999-W99 minus this period.</summary>
    public string InvertedKey => (999_999 - ((Year * 100) + Week)).ToString("D6", CultureInfo.InvariantCulture);

    public int CompareTo(ReviewPeriod other) => ((Year * 100) + Week).CompareTo((other.Year * 100) + other.Week);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}-W{Week:D2}");

    public static bool operator <(ReviewPeriod left, ReviewPeriod right) => left.CompareTo(right) < 0;

    public static bool operator >(ReviewPeriod left, ReviewPeriod right) => left.CompareTo(right) > 0;

    public static bool operator <=(ReviewPeriod left, ReviewPeriod right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ReviewPeriod left, ReviewPeriod right) => left.CompareTo(right) >= 0;
}
