using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.Conversations;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Development.Events;

/// <summary>
/// Register, Interested and Can't go: anyone the <c>events</c> and <c>event</c> commands serve may answer (any role;
/// someone without one is refused by the router, as the commands refuse them, and nothing is stored). The answer is the card as the presser sees
/// it; pressed on their own card from before their status changed (Leave the waitlist after a promotion, say), it
/// changes nothing and is that card as they stand now, saying what happened. A client without Universal Actions sends the buttons' <c>Action.Submit</c> fallback as a message, and its card
/// answer would replace the shared channel card for everyone: there the answer is a message instead.
/// </summary>
public abstract class EventResponseCardAction(EventResponder responder, EventResponse response) : ICardActionHandler
{
    public abstract string Verb { get; }

    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await responder.RespondAsync(request.Caller, request.Field(EventCards.EventField), response, cancellationToken, EventCards.ShownOf(request.Field(EventCards.ShownField)));
        var submitted = request.Data[EventCards.SubmittedField] is JsonValue flag && flag.TryGetValue<bool>(out var yes) && yes;
        return submitted && request.Conversation != ConversationKind.Personal
            ? Reply.Message($"{request.Caller.Name}: {answer.Text}")
            : Reply.WithCard(answer.Card, answer.Text);
    }
}

public sealed class EventRegisterCardAction(EventResponder responder) : EventResponseCardAction(responder, EventResponse.Register)
{
    public override string Verb => EventCards.RegisterVerb;
}

public sealed class EventInterestedCardAction(EventResponder responder) : EventResponseCardAction(responder, EventResponse.Interested)
{
    public override string Verb => EventCards.InterestedVerb;
}

public sealed class EventCantGoCardAction(EventResponder responder) : EventResponseCardAction(responder, EventResponse.CantGo)
{
    public override string Verb => EventCards.CantGoVerb;
}

/// <summary>The card's Universal Actions refresh: rebuilt for whoever views it, with their own status.</summary>
public sealed class EventViewCardAction(EventResponder responder) : ICardActionHandler
{
    public string Verb => EventCards.ViewVerb;

    /// <summary>As <c>event ‹id›</c>: the card keeps what it showed for someone without a role, who is told why.</summary>
    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await responder.ViewAsync(request.Caller, request.Field(EventCards.EventField), cancellationToken);
        return Reply.WithCard(answer.Card, answer.Text);
    }
}

/// <summary><b>Save and post</b> on the event form in chat: the form again with its errors, or the confirmation.</summary>
public sealed class EventSaveCardAction(EventOrganiser organiser) : ICardActionHandler
{
    public string Verb => EventForm.SaveVerb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await organiser.SaveAsync(request.Caller, request.Data, asDialog: false, cancellationToken) switch
        {
            EventFormAnswer.ShowForm form => Reply.WithCard(form.Card, form.Summary),
            EventFormAnswer.Saved saved => Reply.WithCard(EventPostCards.Saved(saved), EventOrganiser.Confirmation(saved)),
            EventFormAnswer.Refused refused => Reply.Message(refused.Message),
            _ => throw new InvalidOperationException("Unknown form answer."),
        };
    }
}

/// <summary><b>Post</b> on the channel chooser of <c>event post</c>.</summary>
public sealed class EventPostCardAction(EventStore events, EventPoster poster) : ICardActionHandler
{
    public string Verb => EventPostCards.PostVerb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var learningEvent = request.Field(EventCards.EventField) is { } id ? await events.GetAsync(id, cancellationToken) : null;
        if (learningEvent is null)
        {
            return Reply.Message("That event is not one PmoBot has; nothing was posted. Type **events** for the upcoming ones.");
        }

        var channels = await poster.ChannelsAsync(cancellationToken);
        var picked = (request.Field(EventForm.ChannelsField) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var chosen = channels.Where(c => picked.Contains(c.Key)).ToList();
        if (chosen.Count == 0)
        {
            return Reply.WithCard(EventPostCards.Chooser(learningEvent, await poster.ChoiceAsync(learningEvent.Id, cancellationToken, channels), "Pick at least one channel; nothing was posted."), "Pick at least one channel.");
        }

        var posted = await poster.PostAsync(learningEvent, chosen, request.Caller.Name, cancellationToken);
        var again = chosen.Where(c => !posted.Contains(c)).Select(c => c.Name).ToList();
        var text = (posted.Count > 0 ? $"Posted {learningEvent.Id} to {string.Join(", ", posted.Select(c => c.Name))}." : $"{learningEvent.Id} was not posted anywhere new.")
            + (again.Count > 0 ? $" It was already in {string.Join(", ", again)}, where its card stays up to date." : string.Empty);
        return Reply.WithCard(EventPostCards.Chooser(learningEvent, await poster.ChoiceAsync(learningEvent.Id, cancellationToken, channels), text), text);
    }
}

/// <summary><b>Save attendance</b>: ticked people attended, the others on the page did not; PDUs follow.</summary>
public sealed class EventAttendanceCardAction(EventStore events, RegistrationStore registrations, EventAttendance attendance, TimeProvider time) : ICardActionHandler
{
    public string Verb => EventAdminCards.AttendanceVerb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var learningEvent = request.Field(EventCards.EventField) is { } id ? await events.GetAsync(id, cancellationToken) : null;
        if (learningEvent is null)
        {
            return Reply.Message("That event is not one PmoBot has; nothing was recorded.");
        }

        if (!learningEvent.HasStarted(time.GetUtcNow()))
        {
            return Reply.Message($"{learningEvent.Title} has not started yet ({EventCards.When(learningEvent)}), so attendance cannot be recorded. Nothing was changed.");
        }

        // Each person once: the card lists each once, and a key twice would be marked twice in one save.
        var onPage = Split(request.Field(EventAdminCards.PageKeysField)).Distinct(StringComparer.Ordinal).ToList();
        if (onPage.Count == 0)
        {
            return Reply.Message("This attendance card lists nobody, so nothing was recorded. Type **event attendance " + learningEvent.Id + "** for a fresh one.");
        }

        var ticked = Split(request.Field(EventAdminCards.AttendedField)).ToHashSet(StringComparer.Ordinal);
        var marks = onPage.Take(EventAdminCards.PageSize).ToDictionary(key => key, ticked.Contains, StringComparer.Ordinal);
        var result = await attendance.MarkAsync(learningEvent, marks, cancellationToken);
        var seated = (await registrations.ListAsync(learningEvent.Id, cancellationToken, RegistrationStatus.Registered, RegistrationStatus.Attended, RegistrationStatus.NoShow))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var page = int.TryParse(request.Field(EventAdminCards.PageField), out var p) ? p : request.Data[EventAdminCards.PageField] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 1;
        var note = $"Saved: {result.Attended} attended, {result.NoShows} no-shows. PDUs credited to {result.Credited} more, withdrawn from {result.Withdrawn}.";
        return Reply.WithCard(EventAdminCards.Attendance(learningEvent, seated, page, note), note);
    }

    private static List<string> Split(string? list) => (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
