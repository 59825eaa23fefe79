using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.People;

namespace PmoBot.Meetings;

/// <summary>What came of booking a review meeting, for the person who asked: the time in their zone and the join link, or the reason and what to do.</summary>
public static class MeetingCards
{
    /// <summary>The project's review meeting still to come, for someone who asked for another: its time and join link, and that nothing new was booked.</summary>
    public static JsonObject AlreadyBooked(MeetingBooking.Booked booked, string projectCode, string projectName, string attendeeName, PmoUser viewer)
    {
        ArgumentNullException.ThrowIfNull(booked);
        var project = $"{projectCode} {projectName}";
        return AdaptiveCard.Create(
            [
                AdaptiveCard.Heading("Review meeting already booked"),
                AdaptiveCard.Text($"{project} already has a review meeting with {attendeeName}, so nothing new was booked: one project, one review meeting at a time."),
                AdaptiveCard.Facts([("When", Slot(booked.Start, booked.End, viewer)), ("With", attendeeName), ("Project", project)]),
            ],
            booked.JoinUrl is null ? null : [new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Join in Teams", ["url"] = booked.JoinUrl }]);
    }

    /// <param name="retryCommand">What to type to try again (<c>meeting PRJ-101</c>), offered as a button when trying again can help.</param>
    public static JsonObject Outcome(MeetingBooking booking, string projectCode, string projectName, string attendeeName, PmoUser viewer, string? retryCommand = null)
    {
        var project = $"{projectCode} {projectName}";
        var retry = retryCommand is null ? null : AdaptiveCard.SendMessage("Try again", retryCommand);
        return booking switch
        {
            MeetingBooking.Booked booked => AdaptiveCard.Create(
                [
                    AdaptiveCard.Heading("Review meeting booked"),
                    AdaptiveCard.Text($"A 30-minute Teams meeting on {project} with {attendeeName}, in your calendar; {attendeeName} is invited."),
                    AdaptiveCard.Facts([("When", Slot(booked.Start, booked.End, viewer)), ("With", attendeeName), ("Project", project)]),
                    booked.JoinUrl is null ? AdaptiveCard.Text("Teams has not returned the join link yet; it is in the invitation.", subtle: true) : null,
                ],
                booked.JoinUrl is null ? null : [new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Join in Teams", ["url"] = booked.JoinUrl }]),
            MeetingBooking.NoCommonSlot none => AdaptiveCard.Create(
                [
                    AdaptiveCard.Heading("No common free time"),
                    AdaptiveCard.Text($"You and {attendeeName} have no 30-minute slot in the next {SlotFinder.WorkingDays} working days when both of you are at work and free, so nothing was booked for {project}.", color: "Warning"),
                    none.NearestOptions.Count == 0 ? null : AdaptiveCard.Subheading("Nearest options (one of you is free)"),
                    none.NearestOptions.Count == 0 ? null : AdaptiveCard.Facts(none.NearestOptions.Select((o, i) => ($"Option {i + 1}", Slot(o, o + SlotFinder.SlotLength, viewer)))),
                    AdaptiveCard.Text($"**What to do:** free one of these times in your calendar (or ask {attendeeName} to), then try again; or book a time by hand in Outlook or Teams."),
                ],
                [retry]),
            MeetingBooking.NotConfigured notConfigured => AdaptiveCard.Create(
                [
                    AdaptiveCard.Heading("Review meetings are not set up"),
                    AdaptiveCard.Text(notConfigured.Reason + ".", color: "Warning"),
                    AdaptiveCard.Text($"**What to do:** ask an administrator to connect PmoBot to Microsoft Graph with the application permission {GraphReviewMeetingBooker.WritePermission}; meanwhile book the meeting on {project} with {attendeeName} in Outlook or Teams."),
                ]),
            MeetingBooking.Forbidden forbidden => AdaptiveCard.Create(
                [
                    AdaptiveCard.Heading("PmoBot may not use the calendars"),
                    AdaptiveCard.Text($"Microsoft Graph refused (403): PmoBot's app registration lacks the application permission **{forbidden.Permission}**, or an application access policy keeps one of the mailboxes out of its reach. Nothing was booked for {project}.", color: "Attention"),
                    AdaptiveCard.Text($"**What to do:** an administrator grants {forbidden.Permission} to PmoBot in Entra ID (API permissions, Microsoft Graph, Application permissions, then Grant admin consent) and, to keep it to the PMO's and project managers' mailboxes, adds them to the group of PmoBot's Exchange application access policy. Then try again."),
                ],
                [retry]),
            MeetingBooking.Failed failed => AdaptiveCard.Create(
                [
                    AdaptiveCard.Heading("The review meeting could not be booked"),
                    AdaptiveCard.Text(failed.Reason + ".", color: "Attention"),
                    AdaptiveCard.Text($"**What to do:** try again in a few minutes; if it keeps failing, book the meeting on {project} with {attendeeName} in Outlook or Teams and tell an administrator."),
                ],
                [retry]),
            _ => throw new ArgumentOutOfRangeException(nameof(booking), booking, "Unknown booking outcome."),
        };
    }

    /// <summary>The one-line summary a message carries alongside the card.</summary>
    public static string Summary(MeetingBooking booking, string projectCode, PmoUser viewer) => booking switch
    {
        MeetingBooking.Booked booked => $"Review meeting on {projectCode} booked for {Slot(booked.Start, booked.End, viewer)}.",
        MeetingBooking.NoCommonSlot => $"No common free time for a review meeting on {projectCode} in the next {SlotFinder.WorkingDays} working days.",
        MeetingBooking.NotConfigured => "Review meetings are not set up: Microsoft Graph is not configured.",
        MeetingBooking.Forbidden forbidden => $"PmoBot lacks the Graph permission {forbidden.Permission}; nothing was booked.",
        MeetingBooking.Failed failed => $"The review meeting could not be booked: {failed.Reason}.",
        _ => string.Empty,
    };

    /// <summary>"Tue 10 Mar 2026, 14:00–14:30 (Europe/London)": in the viewer's own zone, named so nobody converts twice.</summary>
    public static string Slot(DateTimeOffset start, DateTimeOffset end, PmoUser viewer) => Slot(start, end, viewer.TimeZone);

    /// <summary>The same in the zone <paramref name="timeZone"/> (an IANA or Windows id; UTC when unknown).</summary>
    public static string Slot(DateTimeOffset start, DateTimeOffset end, string? timeZone)
    {
        var zone = UserTimeZones.Resolve(timeZone);
        var localStart = TimeZoneInfo.ConvertTime(start, zone);
        var localEnd = TimeZoneInfo.ConvertTime(end, zone);
        return $"{localStart.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)}–{localEnd.ToString("HH:mm", CultureInfo.InvariantCulture)} ({zone.Id})";
    }
}
