using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PmoBot.People;

namespace PmoBot.Development.Events;

/// <summary>What the event form leads to: the form again (with its errors), or the saved event and where it was posted.</summary>
public abstract record EventFormAnswer
{
    public sealed record ShowForm(JsonObject Card, string Summary) : EventFormAnswer;

    /// <param name="MeetingNote">For an online event whose Teams meeting could not be created now: why, and that it is retried.</param>
    public sealed record Saved(LearningEvent Event, IReadOnlyList<PostableChannel> PostedTo, bool AlreadySaved, string? MeetingNote = null) : EventFormAnswer;

    public sealed record Refused(string Message) : EventFormAnswer;
}

/// <summary>
/// Creates learning events from the form (chat card or messaging-extension dialog) and posts them. The form's id
/// decides the event's id, so the same form sent twice (a double click, a retried invoke) saves one event.
/// </summary>
public sealed partial class EventOrganiser(
    EventStore events,
    EventPoster poster,
    OnlineEventMeetings meetings,
    EventGraphClient graph,
    PmoBot.Graph.GraphAnswerBudget budget,
    TimeProvider time,
    ILogger<EventOrganiser> logger)
{
    public static bool MayOrganise(PmoUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.HasAny(Roles.PmoOrAdmin);
    }

    public const string OnlyPmo = "Only the PMO posts learning events. Type **events** to see the upcoming ones.";

    public async Task<EventFormAnswer> OpenAsync(PmoUser caller, string? channelKey, bool asDialog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!MayOrganise(caller))
        {
            return new EventFormAnswer.Refused(OnlyPmo);
        }

        var channels = await poster.ChannelsAsync(cancellationToken);
        var here = channels.Any(c => c.Key == channelKey) ? channelKey : null;
        var values = EventFormValues.Blank(Guid.NewGuid().ToString("N"), caller.TimeZone, here);
        return new EventFormAnswer.ShowForm(EventForm.Card(values, channels, asDialog: asDialog), "New learning event");
    }

    public async Task<EventFormAnswer> SaveAsync(PmoUser caller, JsonObject data, bool asDialog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(data);
        if (!MayOrganise(caller))
        {
            return new EventFormAnswer.Refused(OnlyPmo);
        }

        var values = EventFormValues.Read(data);
        values = values with { FormId = values.FormId ?? Guid.NewGuid().ToString("N") };
        var id = IdForForm(values.FormId!);
        if (await events.GetAsync(id, cancellationToken) is { } existing)
        {
            return new EventFormAnswer.Saved(existing, [], AlreadySaved: true);
        }

        var channels = await poster.ChannelsAsync(cancellationToken);
        var reading = EventFormValidator.Read(values, caller, channels.Select(c => c.Key).ToHashSet(), time.GetUtcNow(), id);
        if (reading.Event is not { } learningEvent)
        {
            var first = reading.Errors.Values.First();
            return new EventFormAnswer.ShowForm(EventForm.Card(values, channels, reading.Errors, asDialog), $"Nothing was saved yet: {first}");
        }

        if (!await events.AddAsync(learningEvent, cancellationToken))
        {
            return new EventFormAnswer.Saved((await events.GetAsync(id, cancellationToken))!, [], AlreadySaved: true);
        }

        var meetingNote = learningEvent.Online ? await CreateMeetingAsync(learningEvent, cancellationToken) : null;
        var chosen = channels.Where(c => reading.Channels.Contains(c.Key)).ToList();
        var posted = await poster.PostAsync(learningEvent, chosen, caller.Name, cancellationToken);
        return new EventFormAnswer.Saved(learningEvent, posted, AlreadySaved: false, meetingNote);
    }

    public static string Confirmation(EventFormAnswer.Saved saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var e = saved.Event;
        if (saved.AlreadySaved)
        {
            return $"This form was already saved as {e.Id} ({e.Title}); nothing new was created. Type **event {e.Id}** to see it.";
        }

        var meeting = saved.MeetingNote is null ? string.Empty : $" {saved.MeetingNote}";
        var where = saved.PostedTo.Count == 0
            ? $"It is not posted to any channel yet: type **event post {e.Id}** to post it."
            : $"Posted to {string.Join(", ", saved.PostedTo.Select(c => c.Name))}.";
        return $"Saved {e.Id}: {e.Title}, {EventCards.When(e)}. {where}{meeting}";
    }

    /// <summary>
    /// The Teams meeting of a new online event, now if Graph answers within the form's budget; a creation that takes
    /// longer goes on in the background (the dialog cannot wait), and one that fails is retried by the sync.
    /// </summary>
    private async Task<string?> CreateMeetingAsync(LearningEvent learningEvent, CancellationToken cancellationToken)
    {
        if (!graph.IsConfigured)
        {
            return $"It has no Teams meeting: Microsoft Graph is not configured (an administrator must {PmoBot.Graph.GraphOptions.HowToConfigure}).";
        }

        try
        {
            var created = await budget.RunAsync(
                $"creating the Teams meeting of {learningEvent.Id}",
                token => meetings.EnsureMeetingAsync(learningEvent, token),
                (_, _) => Task.CompletedTask,
                cancellationToken);
            return created.InTime
                ? "Its Teams meeting is created; each registrant is invited as they register."
                : "Its Teams meeting is being created (Microsoft Graph is slow to answer); each registrant is invited as they register.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = PmoBot.Graph.GraphFailure.TryRead(ex, out var failure) ? failure.Detail : ex.Message;
            LogMeetingFailed(ex, learningEvent.Id, reason);
            return $"Its Teams meeting could not be created yet ({reason}); I try again every few minutes.";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Teams meeting of {EventId} could not be created: {Reason}")]
    private partial void LogMeetingFailed(Exception exception, string eventId, string reason);

    /// <summary>Five characters from the form's id: the same form always names the same event.</summary>
    public static string IdForForm(string formId)
    {
        const string alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(formId));
        return EventIds.Prefix + new string(hash.Take(5).Select(b => alphabet[b % alphabet.Length]).ToArray());
    }
}
