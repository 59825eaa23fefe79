using System.Text.Json.Nodes;
using PmoBot.Cards;

namespace PmoBot.Development.Events;

/// <summary>The organiser's cards: the saved event, and the channel chooser of <c>event post</c>.</summary>
public static class EventPostCards
{
    public const string PostVerb = "event.post";

    public static JsonObject Saved(EventFormAnswer.Saved saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var e = saved.Event;
        return AdaptiveCard.Create(
            [
                AdaptiveCard.Heading(saved.AlreadySaved ? $"Already saved: {e.Id}" : $"Saved {e.Id}"),
                AdaptiveCard.Text(EventOrganiser.Confirmation(saved)),
                AdaptiveCard.Facts(
                [
                    ("Title", e.Title),
                    ("When", EventCards.When(e)),
                    ("Where", e.Where),
                    ("Capacity", e.Capacity.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)),
                    ("Registration until", EventCards.InZone(e.RegistrationDeadline, e.TimeZone)),
                    ("PDUs", e.Pdus.Describe()),
                ]),
            ],
            [
                AdaptiveCard.SendMessage("Registrations", $"event {e.Id}"),
                AdaptiveCard.SendMessage("Post to more channels", $"event post {e.Id}"),
            ]);
    }

    /// <summary>The channels the event is not in yet to tick, and those it is in named (posting there again would add nothing).</summary>
    public static JsonObject Chooser(LearningEvent learningEvent, PostChoice choice, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(choice);
        var channels = choice.Open;
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"Post {learningEvent.Id}"),
            AdaptiveCard.Text($"{learningEvent.Title}, {EventCards.When(learningEvent)}. PMs register from the card; its counts update in place.", subtle: true),
        };
        if (note is not null)
        {
            body.Add(AdaptiveCard.Text(note, color: "Good"));
        }

        if (choice.AlreadyIn.Count > 0)
        {
            body.Add(AdaptiveCard.Facts([("Posted in", string.Join(", ", choice.AlreadyIn))]));
        }

        if (channels.Count == 0)
        {
            body.Add(AdaptiveCard.Text(choice.AlreadyIn.Count == 0
                ? "PmoBot is in no channel yet. Add it to a team (or mention it in a channel: @PmoBot help), then come back here."
                : "It is in every channel PmoBot can post to. Add PmoBot to another team or channel (or mention it there: @PmoBot help) to post it there too."));
            return AdaptiveCard.Create(body);
        }

        body.Add(EventForm.MultiChoice(EventForm.ChannelsField, "Channels", channels.Select(c => (c.Name, c.Key)), null, required: true));
        return AdaptiveCard.Create(body, [AdaptiveCard.Execute("Post", PostVerb, new JsonObject { [EventCards.EventField] = learningEvent.Id }, style: "positive")]);
    }
}
