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
