using PmoBot.Commands;
using PmoBot.Meetings;

namespace PmoBot.Warnings;

/// <summary>
/// "Schedule review meeting": the PMO member who clicks organises one 30-minute review with the PM through
/// <see cref="IReviewMeetingBooker"/>, about all the warnings the button is for (the project's open ones, or the one in
/// its row); the card then shows the time, in the organiser's zone and the reader's, and the join link, or why no
/// meeting was booked.
/// </summary>
public sealed class WarningMeetingCardAction(WarningStore store, WarningAlerts alerts, IReviewMeetingBooker booker, TimeProvider time)
    : WarningCardAction(store, alerts, time)
{
    public override string Verb => WarningCards.MeetingVerb;

    protected override async Task<Outcome> ChangeAsync(string projectCode, IReadOnlyList<WarningEpisode> targets, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken)
    {
        var open = targets.Where(e => e.Meeting is not { Booked: true }).ToList();
        if (open.Count == 0)
        {
            return new Outcome(null, targets.Count == 1 ? "A review meeting is already booked for this warning." : "A review meeting is already booked for these warnings.");
        }

        var first = open[0];
        var titles = string.Join(", ", open.Select(e => Alerts.RuleOf(e).Title));
        var meetingRequest = new MeetingRequest(
            first.ProjectCode,
            first.ProjectName,
            request.Caller.UserKey,
            first.ManagerKey,
            $"Review of {first.ProjectCode} {first.ProjectName}: {titles}",
            $"PmoBot raised early warnings on {first.ProjectCode} {first.ProjectName}: "
                + string.Join(" ", open.Select(e => $"{Alerts.RuleOf(e).Title}: {e.Headline}{ManualWarning.FullStop(e.Headline)}")),
            MeetingTransaction.For("warning-review", string.Join("+", open.Select(e => e.Id))));
        var meeting = Describe(await BookAsync(meetingRequest, cancellationToken), first, request.Caller.Name, stamp) with { TimeZone = request.Caller.TimeZone };
        var what = meeting.Booked ? $"booked a review meeting for {WarningText.CardTime(meeting.Start!.Value)}" : "tried to book a review meeting: none booked";
        return new Outcome(e => e.Meeting is { Booked: true } ? null : e.Log(stamp, what) with { Meeting = meeting }, Only: open);
    }

    /// <summary>A booker that throws is a failure to explain on the card, not an error for the user.</summary>
    private async Task<MeetingBooking> BookAsync(MeetingRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await booker.BookAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new MeetingBooking.Failed(ex.Message);
        }
    }

    public static WarningMeeting Describe(MeetingBooking booking, WarningEpisode episode, string organizer, WarningStamp stamp) => booking switch
    {
        MeetingBooking.Booked b => new WarningMeeting(true, b.Start, b.End, b.JoinUrl, "booked", stamp),
        MeetingBooking.NoCommonSlot n => new WarningMeeting(
            false,
            null,
            null,
            null,
            $"{organizer} and {episode.ManagerName} have no common free 30-minute slot in the next 5 working days."
                + (n.NearestOptions.Count > 0 ? $" Nearest options, in your time: {string.Join(", ", n.NearestOptions.Take(3).Select(WarningText.CardTime))}." : string.Empty),
            stamp),
        MeetingBooking.Forbidden f => new WarningMeeting(
            false, null, null, null, $"Microsoft Graph refused: PmoBot lacks the application permission {f.Permission}. An administrator grants it (see the README).", stamp),
        MeetingBooking.NotConfigured c => new WarningMeeting(false, null, null, null, $"Meetings are not set up: {c.Reason}", stamp),
        MeetingBooking.Failed f => new WarningMeeting(false, null, null, null, $"Booking failed: {f.Reason}", stamp),
        _ => new WarningMeeting(false, null, null, null, "Booking failed for an unknown reason.", stamp),
    };
}
