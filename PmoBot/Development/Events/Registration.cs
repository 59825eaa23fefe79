namespace PmoBot.Development.Events;

public enum RegistrationStatus
{
    Registered,
    Waitlisted,
    Interested,
    Cancelled,
    Attended,
    NoShow,
}

/// <summary>What a person pressed on the event card.</summary>
public enum EventResponse
{
    Register,
    Interested,
    CantGo,
}

/// <summary>The person answering, as the card action names them (their Teams id is what a card's refresh lists).</summary>
public sealed record Registrant(string UserKey, string Name, string? TeamsUserId);

/// <summary>
/// One person's row for one event. <see cref="Seq"/> orders the waitlist (first come, first promoted);
/// <see cref="PromotedAt"/> is set when a cancellation moved them from the waitlist to a seat.
/// </summary>
public sealed record Registration(
    string EventId,
    string UserKey,
    string Name,
    string? TeamsUserId,
    RegistrationStatus Status,
    long Seq,
    DateTimeOffset RespondedAt,
    DateTimeOffset? PromotedAt = null)
{
    /// <summary>Holds a seat: registered, or marked after the event.</summary>
    public bool HoldsSeat => Status is RegistrationStatus.Registered or RegistrationStatus.Attended or RegistrationStatus.NoShow;
}

/// <summary>The event's counter row: the counts the card shows, and the version every change of the event's rows bumps.</summary>
public sealed record RegistrationCounts(int Registered, int Waitlisted, int Interested, int Cancelled, int Attended, int NoShow, long Version, long NextSeq, IReadOnlyList<string> RecentTeamsIds)
{
    public static readonly RegistrationCounts Empty = new(0, 0, 0, 0, 0, 0, 0, 1, []);

    /// <summary>Seats taken: registered, and those already marked attended or no-show.</summary>
    public int Seats => Registered + Attended + NoShow;

    public RegistrationCounts Move(RegistrationStatus? from, RegistrationStatus to) => Add(from, -1).Add(to, +1);

    public RegistrationCounts Add(RegistrationStatus? status, int delta) => status switch
    {
        RegistrationStatus.Registered => this with { Registered = Registered + delta },
        RegistrationStatus.Waitlisted => this with { Waitlisted = Waitlisted + delta },
        RegistrationStatus.Interested => this with { Interested = Interested + delta },
        RegistrationStatus.Cancelled => this with { Cancelled = Cancelled + delta },
        RegistrationStatus.Attended => this with { Attended = Attended + delta },
        RegistrationStatus.NoShow => this with { NoShow = NoShow + delta },
        _ => this,
    };
}

/// <summary>The status a person's own card showed them (null: no answer yet) when they pressed one of its buttons.</summary>
public sealed record ShownStatus(RegistrationStatus? Status);

/// <summary>
/// What one press did: the person's status before and after, a refusal when nothing changed for a reason, and who was
/// promoted. <paramref name="Outdated"/>: nothing changed because the card pressed showed them another status than
/// they have now, and its button does not mean the same for the status they have (Leave the waitlist after a promotion).
/// </summary>
public sealed record ResponseOutcome(
    Registration? Before,
    Registration? After,
    RegistrationCounts Counts,
    string? Refusal = null,
    IReadOnlyList<Registration>? Promoted = null,
    int? WaitlistPlace = null,
    bool Outdated = false)
{
    public bool Changed => Refusal is null && After is not null && Before?.Status != After.Status;
}
