using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;

namespace PmoBot.Reviews.Schedule;

/// <summary>The cards of <c>review schedule</c> and <c>review schedule default</c>.</summary>
public static class ReviewScheduleCards
{
    public const string NotScheduledYet =
        "Nothing is scheduled for you yet: the project manager of an active project is scheduled within the hour, at this time.";

    public const string TimeZoneHint = "Type **timezone ‹zone›**, e.g. timezone Europe/London, and your reviews will follow your local time.";

    /// <summary>The caller's schedule, in their local time.</summary>
    public static JsonObject Schedule(ReviewScheduleView view, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("Your review schedule"),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Good"),
            AdaptiveCard.Facts(
            [
                ("Reviews open", DescribeSlot(view)),
                ("Time zone", view.TimeZoneKnown ? view.Zone.Id : "UTC (your time zone is not known yet)"),
                ("Next review opens", When(view.NextOpeningLocal)),
                ("Reminder, if not submitted", When(view.ReminderLocal)),
                ("Recorded as missed", When(view.DeadlineLocal)),
                ("Review week", view.Period.ToString()),
            ]),
            view.TimeZoneKnown ? null : AdaptiveCard.Text($"These times are in UTC because I don't know your time zone. {TimeZoneHint}", color: "Warning"),
            view.IsScheduled ? null : AdaptiveCard.Text(NotScheduledYet, subtle: true),
            AdaptiveCard.Text(
                view.IsDefault
                    ? "To choose your own time, type **review schedule ‹day› ‹hour›**, e.g. review schedule friday 14."
                    : "To change it, type **review schedule ‹day› ‹hour›**, e.g. review schedule friday 14; **review schedule reset** goes back to the PMO's default.",
                subtle: true),
        };
        var actions = new List<JsonNode?>();
        if (!view.IsDefault)
        {
            actions.Add(AdaptiveCard.SendMessage("Use the PMO's default", "review schedule reset"));
        }

        actions.Add(AdaptiveCard.SendMessage("The PMO's default", "review schedule default"));
        return AdaptiveCard.Create(body, actions);
    }

    /// <summary>The PMO's default, how the caller stands to it, and (for the PMO) how to change it.</summary>
    public static JsonObject Default(WeeklySlot defaultSlot, ReviewScheduleView caller, ReviewsOptions settings, bool canChange, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(settings);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading("The PMO's default review time"),
            notice is null ? null : AdaptiveCard.Text(notice, color: "Good"),
            AdaptiveCard.Facts(
            [
                ("Reviews open", $"{defaultSlot}, in each project manager's own time zone"),
                ("Reminder", $"{Duration(settings.ReminderAfter)} after a review opens, if it is not submitted"),
                ("Recorded as missed", $"{Duration(settings.DeadlineAfter)} after a review opens"),
                ("Your reviews", caller.IsDefault ? "follow the default" : $"open at your own time: {caller.Slot}"),
            ]),
            AdaptiveCard.Text(
                canChange
                    ? "To change the default, type **review schedule default ‹day› ‹hour›**, e.g. review schedule default monday 9. Project managers who chose their own time keep it."
                    : "The PMO sets the default. You can choose your own time with **review schedule ‹day› ‹hour›**, e.g. review schedule friday 14.",
                subtle: true),
        };
        return AdaptiveCard.Create(body, [AdaptiveCard.SendMessage("My review schedule", "review schedule")]);
    }

    /// <summary>"Friday 14:00, your own time" or "Monday 09:00, the PMO's default".</summary>
    public static string DescribeSlot(ReviewScheduleView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.IsDefault ? $"{view.Slot}, the PMO's default" : $"{view.Slot}, your own time";
    }

    /// <summary>"Friday 12 Dec 2025, 14:00".</summary>
    public static string When(DateTimeOffset local) => local.ToString("dddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"24 hours", "90 minutes".</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalHours == Math.Floor(span.TotalHours)
            ? span.TotalHours == 1 ? "1 hour" : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0} hours")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} minutes");
}
