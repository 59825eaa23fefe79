using System.Text.Json.Nodes;
using PmoBot.People;

namespace PmoBot.Development.Events;

/// <summary>
/// A person's Register, Interested or Can't go on an event card, and the card as they see it. The press goes through
/// the ledger; the shared card is only marked changed (the updater rewrites it, coalesced); whoever a cancellation
/// promoted is told through the outbox.
/// </summary>
public sealed class EventResponder(
    EventStore events,
    RegistrationLedger ledger,
    RegistrationStore registrations,
    EventCardUpdater cards,
    EventNotices notices,
    EventMeetingStore meetings,
    TimeProvider time)
{
    public sealed record Answer(JsonObject Card, string Text);

    /// <param name="shown">The status the pressed card showed the caller; null for the channel's card.</param>
    public async Task<Answer> RespondAsync(PmoUser caller, string? eventId, EventResponse response, CancellationToken cancellationToken, ShownStatus? shown = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var learningEvent = eventId is null ? null : await events.GetAsync(eventId, cancellationToken);
        if (learningEvent is null)
        {
            return new Answer(EventCards.Unknown(eventId ?? "(none)"), $"The event {eventId} is not one PmoBot has; nothing was changed.");
        }

        var outcome = await ledger.RespondAsync(learningEvent, new Registrant(caller.UserKey, caller.Name, caller.TeamsUserId), response, cancellationToken, shown);
        if (outcome.Changed)
        {
            cards.MarkChanged(learningEvent.Id);
        }

        foreach (var promoted in outcome.Promoted ?? [])
        {
            await notices.PromotedAsync(learningEvent, promoted, cancellationToken);
        }

        var mine = outcome.After;
        var place = outcome.WaitlistPlace ?? (mine?.Status == RegistrationStatus.Waitlisted ? await registrations.WaitlistPlaceAsync(learningEvent.Id, mine.Seq, cancellationToken) : null);
        var note = outcome.Outdated ? Outdated(learningEvent, shown!.Status, mine, caller) : outcome.Refusal;
        var card = EventCards.ForViewer(learningEvent, outcome.Counts, mine, place, caller, time.GetUtcNow(), note, await JoinUrlAsync(learningEvent, cancellationToken));
        return new Answer(card, note ?? Confirmation(learningEvent, outcome, place));
    }

    /// <summary>Why a press on a card showing another status than the caller's changed nothing: what happened since, and when.</summary>
    public static string Outdated(LearningEvent learningEvent, RegistrationStatus? shown, Registration? mine, PmoUser caller)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(caller);
        var zone = caller.TimeZone ?? learningEvent.TimeZone;
        if (shown == RegistrationStatus.Waitlisted && mine is { Status: RegistrationStatus.Registered, PromotedAt: { } promotedAt })
        {
            return $"A place freed up on {EventCards.InZone(promotedAt, zone)} and you were next on the waitlist, so you're registered. The card you pressed still showed the waitlist: nothing was changed. Press **Can't go** if you can't make it.";
        }

        var since = mine is null ? string.Empty : $" (since {EventCards.InZone(mine.PromotedAt ?? mine.RespondedAt, zone)})";
        return $"The card you pressed showed you {Where(shown)}; you're {Where(mine?.Status)} now{since}. Nothing was changed: the buttons below fit where you stand.";
    }

    private static string Where(RegistrationStatus? status) => status switch
    {
        RegistrationStatus.Registered => "registered",
        RegistrationStatus.Waitlisted => "on the waitlist",
        RegistrationStatus.Interested => "interested",
        RegistrationStatus.Cancelled => "down as can't go",
        RegistrationStatus.Attended => "marked as attended",
        RegistrationStatus.NoShow => "marked as not attending",
        _ => "without an answer",
    };

    public async Task<Answer> ViewAsync(PmoUser caller, string? eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var learningEvent = eventId is null ? null : await events.GetAsync(eventId, cancellationToken);
        if (learningEvent is null)
        {
            return new Answer(EventCards.Unknown(eventId ?? "(none)"), $"The event {eventId} is not one PmoBot has.");
        }

        var counts = (await registrations.GetCountsAsync(learningEvent.Id, cancellationToken))?.Counts ?? RegistrationCounts.Empty;
        var mine = await registrations.GetAsync(learningEvent.Id, caller.UserKey, cancellationToken);
        var place = mine?.Status == RegistrationStatus.Waitlisted ? await registrations.WaitlistPlaceAsync(learningEvent.Id, mine.Seq, cancellationToken) : (int?)null;
        return new Answer(EventCards.ForViewer(learningEvent, counts, mine, place, caller, time.GetUtcNow(), joinUrl: await JoinUrlAsync(learningEvent, cancellationToken)), learningEvent.Title);
    }

    private async Task<Uri?> JoinUrlAsync(LearningEvent learningEvent, CancellationToken cancellationToken) =>
        learningEvent.Online && await meetings.GetAsync(learningEvent.Id, cancellationToken) is { } meeting && Uri.TryCreate(meeting.JoinUrl, UriKind.Absolute, out var url) ? url : null;

    private static string Confirmation(LearningEvent learningEvent, ResponseOutcome outcome, int? place) => outcome.After?.Status switch
    {
        _ when !outcome.Changed && outcome.After?.Status is RegistrationStatus.Registered => $"You're already registered for {learningEvent.Title}.",
        RegistrationStatus.Registered => $"You're registered for {learningEvent.Title}.",
        RegistrationStatus.Waitlisted => $"{learningEvent.Title} is full: you're number {place ?? 1} on the waitlist.",
        RegistrationStatus.Interested => $"Noted: you're interested in {learningEvent.Title}.",
        RegistrationStatus.Cancelled when outcome.Before?.Status is RegistrationStatus.Waitlisted => $"You've left the waitlist for {learningEvent.Title}.",
        RegistrationStatus.Cancelled => $"Noted: you can't go to {learningEvent.Title}.",
        _ => learningEvent.Title,
    };
}
