using PmoBot.Commands;
using PmoBot.Meetings;

namespace PmoBot.Warnings;

/// <summary>
/// "Schedule review meeting": the PMO member who clicks organises a 30-minute review with the PM through
/// <see cref="IReviewMeetingBooker"/>; the card then shows the time and join link, or why no meeting was booked.
/// </summary>
public sealed class WarningMeetingCardAction(WarningStore store, WarningAlerts alerts, IReviewMeetingBooker booker, WarningRules rules, TimeProvider time)
    : WarningCardAction(store, alerts, time)
{
    public override string Verb => WarningCards.MeetingVerb;

    protected override async Task<Outcome> ChangeAsync(WarningEpisode episode, CardActionRequest request, WarningStamp stamp, CancellationToken cancellationToken)
    {
        if (episode.Meeting is { Booked: true })
        {
            return new Outcome(null, "A review meeting is already booked for this warning.");
        }

        var title = rules.TitleOf(episode.RuleId);
        var meetingRequest = new MeetingRequest(
            episode.ProjectCode,
            episode.ProjectName,
            request.Caller.UserKey,
            episode.ManagerKey,
            $"Review of {episode.ProjectCode} {episode.ProjectName}: {title}",
            $"PmoBot raised an early warning on {episode.ProjectCode} {episode.ProjectName}: {episode.Headline}. {episode.Trend} What it means: {rules.ExplanationOf(episode.RuleId)}",
            MeetingTransaction.For("warning-review", episode.Id));
        var meeting = Describe(await BookAsync(meetingRequest, cancellationToken), episode, request.Caller.Name, stamp);
        var what = meeting.Booked ? $"booked a review meeting for {WarningText.CardTime(meeting.Start!.Value)}" : "tried to book a review meeting: none booked";
        return new Outcome(e => e.Meeting is { Booked: true } ? null : e.Log(stamp, what) with { Meeting = meeting });
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
                + (n.NearestOptions.Count > 0 ? $" Nearest options: {string.Join(", ", n.NearestOptions.Take(3).Select(WarningText.CardTime))}." : string.Empty),
            stamp),
        MeetingBooking.Forbidden f => new WarningMeeting(
            false, null, null, null, $"Microsoft Graph refused: PmoBot lacks the application permission {f.Permission}. An administrator grants it (see the README).", stamp),
        MeetingBooking.NotConfigured c => new WarningMeeting(false, null, null, null, $"Meetings are not set up: {c.Reason}", stamp),
        MeetingBooking.Failed f => new WarningMeeting(false, null, null, null, $"Booking failed: {f.Reason}", stamp),
        _ => new WarningMeeting(false, null, null, null, "Booking failed for an unknown reason.", stamp),
    };
}
