using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Cards;
using PmoBot.People;

namespace PmoBot.Development.Events;

/// <summary>
/// The event card: one shared card per channel post (counts for everyone, updated in place), and the same card as
/// each viewer sees it after a press or a refresh (their own status and the buttons that fit it).
/// </summary>
public static class EventCards
{
    public const string RegisterVerb = "event.register";
    public const string InterestedVerb = "event.interested";
    public const string CantGoVerb = "event.cantgo";
    public const string ViewVerb = "event.view";

    public const string EventField = "eventId";

    /// <summary>Set on the <c>Action.Submit</c> fallback of the buttons: a client without Universal Actions pressed it.</summary>
    public const string SubmittedField = "viaSubmit";

    /// <summary>The card everyone in a channel sees: the event and its counts, no one's own status.</summary>
    public static JsonObject Shared(LearningEvent learningEvent, RegistrationCounts counts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(counts);
        var body = Describe(learningEvent, counts, now).ToList();
        var actions = Buttons(learningEvent, null, now);
        return WithRefresh(AdaptiveCard.Create(body, actions), learningEvent.Id, counts.RecentTeamsIds);
    }

    /// <summary>The card as <paramref name="viewer"/> sees it: their status first, then the event and its counts.</summary>
    /// <param name="joinUrl">The online event's Teams meeting, shown to those holding a place.</param>
    public static JsonObject ForViewer(LearningEvent learningEvent, RegistrationCounts counts, Registration? mine, int? waitlistPlace, PmoUser viewer, DateTimeOffset now, string? note = null, Uri? joinUrl = null)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(viewer);
        var body = new List<JsonNode?>();
        if (note is not null)
        {
            body.Add(AdaptiveCard.Text(note, color: "Attention"));
        }

        body.Add(Status(learningEvent, mine, waitlistPlace));
        body.AddRange(Describe(learningEvent, counts, now, viewer));
        if (viewer.HasAny(Roles.PmoOrAdmin))
        {
            body.Add(AdaptiveCard.Text($"PMO: type **event {learningEvent.Id}** in your personal chat with me for the registrations, attendance and the CSV export.", subtle: true));
        }

        var buttons = Buttons(learningEvent, mine?.Status, now);
        if (joinUrl is not null && mine?.Status is RegistrationStatus.Registered)
        {
            buttons.Insert(0, new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Join the Teams meeting", ["url"] = joinUrl.ToString() });
        }

        var card = AdaptiveCard.Create(body, buttons);
        return WithRefresh(card, learningEvent.Id, counts.RecentTeamsIds);
    }

    /// <summary>What someone who may not see events gets when the card refreshes for them.</summary>
    public static JsonObject Unknown(string id) => AdaptiveCard.Create(
    [
        AdaptiveCard.Heading("Learning event"),
        AdaptiveCard.Text($"The event {id} is not one PmoBot has (perhaps from an older card). Type **events** for the upcoming ones."),
    ]);

    public static string When(LearningEvent learningEvent)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        var zone = UserTimeZones.Resolve(learningEvent.TimeZone);
        var start = TimeZoneInfo.ConvertTime(learningEvent.Start, zone);
        var end = TimeZoneInfo.ConvertTime(learningEvent.End, zone);
        var range = start.Date == end.Date
            ? $"{start.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)}–{end.ToString("HH:mm", CultureInfo.InvariantCulture)}"
            : $"{start.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} to {end.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture)}";
        return $"{range} ({learningEvent.TimeZone})";
    }

    /// <summary>A time in a person's own zone, with the zone named: <c>Tue 12 May 2026 09:00 (America/New_York)</c>.</summary>
    public static string InZone(DateTimeOffset at, string? timeZone)
    {
        var zone = UserTimeZones.Resolve(timeZone);
        return $"{TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} ({(timeZone is null ? "UTC" : zone.Id)})";
    }

    public static string Places(LearningEvent learningEvent, RegistrationCounts counts)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(counts);
        var places = $"{counts.Seats.ToString("N0", CultureInfo.InvariantCulture)} of {learningEvent.Capacity.ToString("N0", CultureInfo.InvariantCulture)} taken";
        if (counts.Seats >= learningEvent.Capacity)
        {
            places += " (full)";
        }

        return $"{places} · {counts.Waitlisted.ToString("N0", CultureInfo.InvariantCulture)} on the waitlist · {counts.Interested.ToString("N0", CultureInfo.InvariantCulture)} interested";
    }

    public static string Cost(LearningEvent learningEvent)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        return learningEvent.Cost is not { } cost || cost == 0 ? "Free" : $"{Money(cost)} {learningEvent.Currency}";
    }

    /// <summary>Amounts for reading: no cents over 1,000.</summary>
    public static string Money(decimal amount) => amount.ToString(Math.Abs(amount) >= 1_000 ? "#,0" : "#,0.##", CultureInfo.InvariantCulture);

    public static string StatusText(RegistrationStatus? status) => status switch
    {
        RegistrationStatus.Registered => "Registered",
        RegistrationStatus.Waitlisted => "Waitlisted",
        RegistrationStatus.Interested => "Interested",
        RegistrationStatus.Cancelled => "Can't go",
        RegistrationStatus.Attended => "Attended",
        RegistrationStatus.NoShow => "No-show",
        _ => "No answer",
    };

    /// <summary>The button's data: the verb, the event, and for the fallback the marker that it came as a plain submit.</summary>
    public static JsonObject Button(string title, string verb, string eventId, string? style = null)
    {
        var action = AdaptiveCard.Execute(title, verb, new JsonObject { [EventField] = eventId }, style);
        action["fallback"]!["data"]![SubmittedField] = true;
        return action;
    }

    private static JsonObject Status(LearningEvent learningEvent, Registration? mine, int? waitlistPlace) => mine?.Status switch
    {
        RegistrationStatus.Registered => AdaptiveCard.Text(mine.PromotedAt is null ? "✅ You're registered." : "✅ You're registered: a place freed up and you were next on the waitlist.", color: "Good"),
        RegistrationStatus.Waitlisted => AdaptiveCard.Text($"⏳ The event is full: you're number {(waitlistPlace ?? 1).ToString(CultureInfo.InvariantCulture)} on the waitlist. I'll tell you if a place frees up.", color: "Warning"),
        RegistrationStatus.Interested => AdaptiveCard.Text("⭐ You're interested. Register while places last; I'll only remind registered people."),
        RegistrationStatus.Cancelled => AdaptiveCard.Text("You said you can't go."),
        RegistrationStatus.Attended => AdaptiveCard.Text($"🎓 You attended: {learningEvent.Pdus.Describe()} credited to your PDUs.", color: "Good"),
        RegistrationStatus.NoShow => AdaptiveCard.Text("You were marked as not attending."),
        _ => AdaptiveCard.Text("You haven't answered yet.", subtle: true),
    };

    private static IEnumerable<JsonNode?> Describe(LearningEvent learningEvent, RegistrationCounts counts, DateTimeOffset now, PmoUser? viewer = null)
    {
        yield return AdaptiveCard.Heading(learningEvent.Title);
        yield return AdaptiveCard.Text($"{EventText.Describe(learningEvent.Kind)} · {EventText.Describe(learningEvent.Reach)} · {learningEvent.Where} · {learningEvent.Id}", subtle: true);
        if (learningEvent.Description.Length > 0)
        {
            yield return AdaptiveCard.Text(learningEvent.Description);
        }

        var facts = new List<(string, string)> { ("When", When(learningEvent)) };
        if (viewer?.TimeZone is { } zone && !string.Equals(zone, learningEvent.TimeZone, StringComparison.OrdinalIgnoreCase))
        {
            facts.Add(("Your time", InZone(learningEvent.Start, zone)));
        }

        facts.Add(("Places", Places(learningEvent, counts)));
        facts.Add(("Registration", learningEvent.IsRegistrationOpen(now)
            ? $"open until {InZone(learningEvent.RegistrationDeadline, learningEvent.TimeZone)}"
            : "closed"));
        facts.Add(("Cost", Cost(learningEvent)));
        if (learningEvent.Provider is { } provider)
        {
            facts.Add(("Provider", provider));
        }

        facts.Add(("Knowledge areas", KnowledgeAreas.Describe(learningEvent.KnowledgeAreas)));
        facts.Add(("PDUs", learningEvent.Pdus.Describe()));
        yield return AdaptiveCard.Facts(facts);
    }

    private static List<JsonNode?> Buttons(LearningEvent learningEvent, RegistrationStatus? status, DateTimeOffset now)
    {
        var buttons = new List<JsonNode?>();
        var open = learningEvent.IsRegistrationOpen(now);
        if (open && status is not (RegistrationStatus.Registered or RegistrationStatus.Waitlisted))
        {
            buttons.Add(Button("Register", RegisterVerb, learningEvent.Id, "positive"));
        }

        if (!learningEvent.HasStarted(now) && status is null or RegistrationStatus.Cancelled)
        {
            buttons.Add(Button("Interested", InterestedVerb, learningEvent.Id));
        }

        if (!learningEvent.HasStarted(now) && status is not RegistrationStatus.Cancelled)
        {
            buttons.Add(Button(status == RegistrationStatus.Waitlisted ? "Leave the waitlist" : "Can't go", CantGoVerb, learningEvent.Id));
        }

        if (learningEvent.Link is { } link)
        {
            buttons.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Details", ["url"] = link.ToString() });
        }

        return buttons;
    }

    /// <summary>
    /// The Universal Actions refresh: Teams asks for each listed viewer's own card (the latest responders, at most 60,
    /// a Teams limit); anyone else gets it from "Refresh card" in the card's menu.
    /// </summary>
    private static JsonObject WithRefresh(JsonObject card, string eventId, IReadOnlyList<string> userIds)
    {
        card["refresh"] = new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute",
                ["verb"] = ViewVerb,
                ["data"] = new JsonObject { [AdaptiveCard.VerbField] = ViewVerb, [EventField] = eventId },
            },
            ["userIds"] = new JsonArray(userIds.TakeLast(RegistrationLedger.MaxRefreshUsers).Select(id => (JsonNode)JsonValue.Create(id)!).ToArray()),
        };
        return card;
    }
}
