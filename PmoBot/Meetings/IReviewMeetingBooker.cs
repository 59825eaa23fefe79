namespace PmoBot.Meetings;

/// <summary>
/// A review meeting to book: the PMO reviewer organises it, the PM attends; both are Entra object ids (user keys).
/// <paramref name="TransactionId"/> names this meeting for Graph: every attempt at the same meeting carries the same
/// one (see <see cref="MeetingTransaction"/>), and Graph creates one event for it.
/// </summary>
public sealed record MeetingRequest(string ProjectCode, string ProjectName, string OrganizerUserKey, string AttendeeUserKey, string Subject, string Body, string TransactionId);

/// <summary>What came of a booking attempt, in terms a card can explain.</summary>
public abstract record MeetingBooking
{
    public sealed record Booked(DateTimeOffset Start, DateTimeOffset End, string? JoinUrl, string EventId) : MeetingBooking;

    /// <summary>No 30-minute slot both are free in the next 5 working days; the nearest slots where one of them is free.</summary>
    public sealed record NoCommonSlot(IReadOnlyList<DateTimeOffset> NearestOptions) : MeetingBooking;

    public sealed record NotConfigured(string Reason) : MeetingBooking;

    /// <summary>Graph refused (403): the application permission that is missing, e.g. <c>Calendars.ReadWrite</c>.</summary>
    public sealed record Forbidden(string Permission) : MeetingBooking;

    public sealed record Failed(string Reason) : MeetingBooking;
}

/// <summary>Finds a common free slot through Microsoft Graph and creates the Teams meeting in the organiser's calendar.</summary>
public interface IReviewMeetingBooker
{
    Task<MeetingBooking> BookAsync(MeetingRequest request, CancellationToken cancellationToken);
}

public static class ReviewMeetingBookerExtensions
{
    /// <summary>
    /// Books, turning a booker that throws into <see cref="MeetingBooking.Failed"/>: a failure to explain on the card
    /// (at once, or when it comes late), never an error for the user or a silence.
    /// </summary>
    public static async Task<MeetingBooking> BookOrExplainAsync(this IReviewMeetingBooker booker, MeetingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booker);
        try
        {
            return await booker.BookAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new MeetingBooking.Failed(ex.Message);
        }
    }
}
