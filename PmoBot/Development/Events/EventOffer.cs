namespace PmoBot.Development.Events;

/// <summary>An upcoming event offered to someone (a PDU gap, a training suggestion), with where they stand on it.</summary>
public sealed record EventOffer(LearningEvent Event, RegistrationStatus? Status, bool Full)
{
    /// <summary>Title, start in the reader's zone, PDUs, and the person's status or that it is full.</summary>
    /// <param name="own">Whether the reader is the person the offer is for ("you're registered" rather than "registered").</param>
    public string Line(string? readerZone, bool own = true)
    {
        var note = Status switch
        {
            RegistrationStatus.Registered => own ? "you're registered" : "registered",
            RegistrationStatus.Waitlisted => own ? "you're on the waitlist" : "on the waitlist",
            RegistrationStatus.Interested => own ? "you're interested" : "interested",
            _ when Full => "full: waitlist only",
            _ => null,
        };
        return $"{Event.Title} · {EventCards.InZone(Event.Start, readerZone ?? Event.TimeZone)} · {Event.Pdus.Describe()}" + (note is null ? string.Empty : $" · {note}");
    }
}

/// <summary>Looks up, for a few offered events, the person's registration and whether the event is full (point reads).</summary>
public sealed class EventOffers(RegistrationStore registrations)
{
    public async Task<IReadOnlyList<EventOffer>> ForAsync(IEnumerable<LearningEvent> events, string userKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var offers = new List<EventOffer>();
        foreach (var learningEvent in events)
        {
            var mine = await registrations.GetAsync(learningEvent.Id, userKey, cancellationToken);
            var counts = (await registrations.GetCountsAsync(learningEvent.Id, cancellationToken))?.Counts ?? RegistrationCounts.Empty;
            offers.Add(new EventOffer(learningEvent, mine?.Status is RegistrationStatus.Cancelled ? null : mine?.Status, counts.Seats >= learningEvent.Capacity));
        }

        return offers;
    }
}
