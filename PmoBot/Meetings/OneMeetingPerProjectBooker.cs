namespace PmoBot.Meetings;

/// <summary>
/// One upcoming review meeting per project: a booking asked for while one is still to come (from the <c>meeting</c>
/// command, a warning card's button, or another PMO member) answers with that meeting instead of filling the PM's
/// calendar with a second. Each new booking is kept for the next ask.
/// </summary>
public sealed class OneMeetingPerProjectBooker(IReviewMeetingBooker inner, ReviewMeetingStore meetings, TimeProvider time) : IReviewMeetingBooker
{
    public async Task<MeetingBooking> BookAsync(MeetingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await meetings.UpcomingAsync(request.ProjectCode, time.GetUtcNow(), cancellationToken) is { } upcoming)
        {
            return upcoming;
        }

        var booking = await inner.BookAsync(request, cancellationToken);
        if (booking is MeetingBooking.Booked booked)
        {
            await meetings.SaveAsync(request.ProjectCode, booked, cancellationToken);
        }

        return booking;
    }

}
