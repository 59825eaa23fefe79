using System.Globalization;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Reviews.Templates;

namespace PmoBot.Processes;

/// <summary>How processes read in chat: dates, times in the reader's zone, rates and counts.</summary>
public static class ProcessText
{
    public static string Date(DateOnly date) => DateText.Display(date);

    /// <summary>A moment in the reader's own time zone, with the zone named: <c>12 May 2026 14:05 (Europe/London)</c>.</summary>
    public static string When(DateTimeOffset at, PmoUser viewer) =>
        UserTimeZones.Stamp(at, viewer.TimeZone);

    /// <summary>
    /// A moment Teams shows in each reader's own zone and format (Adaptive Card DATE/TIME functions), for cards read by
    /// many people, such as a channel announcement.
    /// </summary>
    public static string CardTime(DateTimeOffset at) => DateText.ReadersTime(at);

    /// <summary>A share as a whole percentage: <c>67%</c>; "n/a" when there is nothing to share.</summary>
    public static string Percent(int part, int whole) =>
        whole == 0 ? "n/a" : $"{Math.Round(100m * part / whole, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture)}%";

    public static string Percent(decimal? rate) =>
        rate is { } value ? $"{Math.Round(100m * value, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture)}%" : "n/a";

    public static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} {many}";
}
