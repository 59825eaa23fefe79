using System.Globalization;
using PmoBot.Commands;
using PmoBot.Reviews;
using PmoBot.Reviews.History;

namespace PmoBot.Warnings;

/// <summary>How warnings read: counts in words, how long ago, severity names and times cards show in each reader's zone.</summary>
public static class WarningText
{
    private static readonly string[] Words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    public static string Count(int n) => n >= 0 && n < Words.Length ? Words[n] : n.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>three reviews ago</c>, <c>the review before</c>.</summary>
    public static string ReviewsAgo(int n) => n == 1 ? "the review before" : $"{Count(n)} reviews ago";

    /// <summary><c>in 2026-W45, three reviews ago</c>.</summary>
    public static string When(ReviewPeriod period, int reviewsAgo) => $"in {period}, {ReviewsAgo(reviewsAgo)}";

    public static string Index(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>An index under a limit, with the decimals it takes not to read as the limit itself: 0.7998, not 0.80.</summary>
    public static string IndexUnder(decimal value, decimal limit) =>
        Index(value) == Index(limit) ? value.ToString("0.00######", CultureInfo.InvariantCulture) : Index(value);

    public static string Percent(decimal value) => value.ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Money(decimal value, string currency) => ReviewHistoryText.Money(value, currency);

    public static string Describe(WarningSeverity severity) => severity switch
    {
        WarningSeverity.Critical => "Critical",
        WarningSeverity.Watch => "Watch",
        _ => "Info",
    };

    public static string Symbol(WarningSeverity severity) => severity switch
    {
        WarningSeverity.Critical => "🔴",
        WarningSeverity.Watch => "🟠",
        _ => "🔵",
    };

    /// <summary>
    /// A date and time Teams shows in each reader's own time zone and format (Adaptive Card DATE/TIME functions), since
    /// one card in a channel is read from many zones.
    /// </summary>
    public static string CardTime(DateTimeOffset at) => DateText.ReadersTime(at);

    /// <summary>The text of a review that lessons are matched against: summary, issues, decisions and risks.</summary>
    public static string ReviewText(ReviewRecord? review)
    {
        if (review is null)
        {
            return string.Empty;
        }

        var answers = review.Answers;
        var parts = new[]
        {
            answers.Text(Reviews.Templates.WellKnownQuestions.Summary),
            answers.Text(Reviews.Templates.WellKnownQuestions.Issues),
            answers.Text(Reviews.Templates.WellKnownQuestions.Decisions),
            string.Join("; ", answers.Risks(Reviews.Templates.WellKnownQuestions.TopRisks).Select(r => r.Description)),
        };
        return string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
    }
}
