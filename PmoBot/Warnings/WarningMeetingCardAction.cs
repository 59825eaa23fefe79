using PmoBot.Commands;
using PmoBot.Graph;
using PmoBot.Meetings;

namespace PmoBot.Warnings;

/// <summary>
/// "Schedule review meeting": the PMO member who clicks organises one 30-minute review with the PM through
/// <see cref="IReviewMeetingBooker"/>, about all the warnings the button is for (the project's open ones, or the one in
/// its row); the card then shows the time, in the organiser's zone and the reader's, and the join link, or why no
/// meeting was booked. When Graph is slower than a press may wait (<see cref="GraphAnswerBudget"/>), the card says the
/// meeting is being booked, and every copy of it is updated when the booking ends.
/// </summary>
public sealed class WarningMeetingCardAction(WarningStore store, WarningAlerts alerts, IReviewMeetingBooker booker, GraphAnswerBudget budget, TimeProvider time)
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

        // A press under one warning sees the project's other warnings too: one project, one review meeting at a time.
        var project = targets.Count > 1 ? targets : await Store.ListOpenAsync(projectCode, cancellationToken);
        if (project.Select(e => e.Meeting).Where(m => m is { Booked: true } && m.End > stamp.At).MinBy(m => m!.Start) is { } upcoming)
        {
            var when = WarningText.CardTime(upcoming.Start!.Value);
            return new Outcome(
                e => e.Meeting is { Booked: true } ? null : e.Log(stamp, $"added to the review meeting of {when}") with { Meeting = upcoming },
                $"A review meeting with {first.ManagerName} is already booked for {projectCode} ({when}): {(open.Count == 1 ? "this warning is" : "these warnings are")} on it now, rather than in a second meeting.",
                Only: open);
        }

        if (project.Select(e => e.Meeting).FirstOrDefault(m => m?.IsPendingAt(stamp.At) == true) is { } pending)
        {
            if (open.All(e => e.Meeting?.RequestedBy == pending.RequestedBy))
            {
                return new Outcome(null, $"{pending.RequestedBy.ByName} asked for this review meeting at {WarningText.CardTime(pending.RequestedBy.At)} and it is being booked; this card shows it when Microsoft Graph answers.");
            }

            // These warnings join the meeting on its way: the booking's end is recorded on them too.
            return new Outcome(
                e => e.Meeting is { Booked: true } || e.Meeting?.RequestedBy == pending.RequestedBy ? null : e.Log(stamp, "added to the review meeting being booked") with { Meeting = pending },
                $"{pending.RequestedBy.ByName} asked for a review meeting of {projectCode} at {WarningText.CardTime(pending.RequestedBy.At)} and it is being booked; {(open.Count == 1 ? "this warning is" : "these warnings are")} on it too, and this card shows it when Microsoft Graph answers.",
                Only: open);
        }

        var titles = string.Join(", ", open.Select(e => Alerts.RuleOf(e).Title));
        var meetingRequest = new MeetingRequest(
            first.ProjectCode,
            first.ProjectName,
            request.Caller.UserKey,
            first.ManagerKey,
            $"Review of {first.ProjectCode} {first.ProjectName}: {titles}",
            $"PmoBot raised early warnings on {first.ProjectCode} {first.ProjectName}: "
                + string.Join(" ", open.Select(e => $"{Alerts.RuleOf(e).Title}: {e.Headline}{ManualWarning.FullStop(e.Headline)}")),
            TransactionFor(open));
        var booking = await budget.RunAsync(
            $"booking the review meeting of {projectCode}",
            token => booker.BookOrExplainAsync(meetingRequest, token),
            (late, token) => RecordLateAsync(projectCode, open, stamp, Record(Result(late, first, request.Caller, stamp)), token),
            cancellationToken);
        if (!booking.InTime)
        {
            // Answered before Graph: the card says the meeting is on its way, unless the booking already stored its end.
            var asked = WarningMeeting.Booking(stamp, request.Caller.TimeZone);
            return new Outcome(
                e => e.Meeting is { Booked: true } || e.Meeting?.RequestedBy == stamp ? null : e.Log(stamp, "asked for a review meeting") with { Meeting = asked },
                Only: open,
                WhenUnchanged: "Microsoft Graph answered a moment ago: the card shows what came of the booking.");
        }

        return new Outcome(Record(Result(booking.Result!, first, request.Caller, stamp)), Only: open);
    }

    /// <summary>A booking that ended after the press was answered: recorded on its warnings and on those that joined it meanwhile.</summary>
    private async Task<int> RecordLateAsync(string projectCode, IReadOnlyList<WarningEpisode> open, WarningStamp stamp, Func<WarningEpisode, WarningEpisode?> change, CancellationToken cancellationToken)
    {
        var joined = (await Store.ListOpenAsync(projectCode, cancellationToken)).Where(e => e.Meeting is { Pending: true } m && m.RequestedBy == stamp);
        return await ApplyAndRefreshAsync(projectCode, open.Concat(joined).DistinctBy(e => e.Id).ToList(), change, cancellationToken);
    }

    private static WarningMeeting Result(MeetingBooking booking, WarningEpisode first, People.PmoUser caller, WarningStamp stamp) =>
        Describe(booking, first, caller.Name, stamp) with { TimeZone = caller.TimeZone };

    /// <summary>The booking's end, on every warning it is for that has no meeting booked yet.</summary>
    private static Func<WarningEpisode, WarningEpisode?> Record(WarningMeeting meeting)
    {
        var what = meeting.Booked ? $"booked a review meeting for {WarningText.CardTime(meeting.Start!.Value)}" : "tried to book a review meeting: none booked";
        return e => e.Meeting is { Booked: true } ? null : e.Log(meeting.RequestedBy, what) with { Meeting = meeting };
    }

    /// <summary>
    /// One Graph event per set of warnings a meeting is about: two presses (or two instances) at once book one, and a
    /// later meeting about a different set of warnings is a new one.
    /// </summary>
    public static string TransactionFor(IEnumerable<WarningEpisode> warnings) =>
        MeetingTransaction.For("warning-review", string.Join("+", warnings.Select(e => e.Id).Order(StringComparer.Ordinal)));

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
