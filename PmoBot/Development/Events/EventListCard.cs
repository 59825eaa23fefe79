using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.People;

namespace PmoBot.Development.Events;

/// <summary>The upcoming events, as <c>events</c> lists them: one line each with the viewer's own status.</summary>
public static class EventListCard
{
    public const int MaxShown = 20;

    public static JsonObject Build(IReadOnlyList<(LearningEvent Event, RegistrationCounts Counts, Registration? Mine)> events, string filter, PmoUser viewer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(viewer);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(filter.Length == 0 ? "Upcoming learning events" : $"Upcoming learning events · {filter}"),
        };
        foreach (var (e, counts, mine) in events.Take(MaxShown))
        {
            body.Add(AdaptiveCard.Subheading($"{e.Title} · {e.Id}"));
            var status = mine is null ? string.Empty : $" · you: {EventCards.StatusText(mine.Status)}";
            var registration = e.IsRegistrationOpen(now) ? string.Empty : " · registration closed";
            body.Add(AdaptiveCard.Text(
                $"{EventCards.InZone(e.Start, viewer.TimeZone ?? e.TimeZone)} · {EventText.Describe(e.Kind)} · {e.Where} · {counts.Seats.ToString(CultureInfo.InvariantCulture)}/{e.Capacity.ToString(CultureInfo.InvariantCulture)} places{(counts.Waitlisted > 0 ? $", {counts.Waitlisted.ToString(CultureInfo.InvariantCulture)} waiting" : string.Empty)}{registration}{status}",
                subtle: true));
            body.Add(AdaptiveCard.Text($"{KnowledgeAreas.Describe(e.KnowledgeAreas)} · {e.Pdus.Describe()} · {EventCards.Cost(e)}", subtle: true));
        }

        if (events.Count > MaxShown)
        {
            body.Add(AdaptiveCard.Text($"{MaxShown} of {events.Count.ToString(CultureInfo.InvariantCulture)} shown, soonest first: narrow it with a knowledge area or a month (**events risk may**).", subtle: true));
        }

        body.Add(AdaptiveCard.Text("Type **event** and an id (e.g. **event " + (events.Count > 0 ? events[0].Event.Id : EventIds.Example) + "**) to see one and register.", subtle: true));
        return AdaptiveCard.Create(body);
    }
}
