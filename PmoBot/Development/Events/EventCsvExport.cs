using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Development.Events;

/// <summary>The registrations-and-attendance CSV of an event, built when the PMO member accepts the file in Teams.</summary>
public sealed class EventCsvExport(EventStore events, RegistrationStore registrations) : IFileOfferSource
{
    public const string FileKind = "event-registrations";

    public string Kind => FileKind;

    public static FileOffer Offer(LearningEvent learningEvent, IReadOnlyList<Registration> rows)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(rows);
        return new FileOffer(
            FileKind,
            EventCsv.FileName(learningEvent),
            $"Registrations and attendance of {learningEvent.Title} ({rows.Count} people)",
            new JsonObject { [EventCards.EventField] = learningEvent.Id },
            // The file as it stands: it is built again when accepted, with whatever changed meanwhile.
            EventCsv.Build(learningEvent, rows).LongLength);
    }

    public async Task<OfferedFile> BuildAsync(PmoUser caller, JsonObject context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(context);
        if (!caller.HasAny(Roles.PmoOrAdmin))
        {
            return new OfferedFile.Refused("Registrations are for the PMO, and your role is " + Roles.Describe(caller.Roles) + ", so the file was not sent.");
        }

        var id = context[EventCards.EventField] is JsonValue value && value.TryGetValue<string>(out var text) ? text.Trim() : null;
        if (string.IsNullOrEmpty(id))
        {
            return new OfferedFile.Refused("This file offer does not say which event it is for, so nothing was sent. Type **event export** and the event's id to be offered the file again.");
        }

        var learningEvent = await events.GetAsync(id, cancellationToken);
        if (learningEvent is null)
        {
            return new OfferedFile.Refused($"The event {id} is no longer there, so there is nothing to send.");
        }

        var rows = await registrations.ListAsync(learningEvent.Id, cancellationToken);
        return new OfferedFile.Built(EventCsv.FileName(learningEvent), EventCsv.Build(learningEvent, rows));
    }
}
