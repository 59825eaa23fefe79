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

    /// <summary>
    /// On the buttons of a card built for one viewer: the status it showed them (<see cref="NotAnswered"/> for none). A
    /// press whose card showed another status than the person has now, with a button that is not the one their card
    /// would show now (<see cref="ButtonFor"/>), changes nothing (<see cref="ShownStatus"/>).
    /// </summary>
    public const string ShownField = "shown";

    public const string NotAnswered = "None";

    /// <summary>The card everyone in a channel sees: the event and its counts, no one's own status.</summary>
    public static JsonObject Shared(LearningEvent learningEvent, RegistrationCounts counts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(learningEvent);
        ArgumentNullException.ThrowIfNull(counts);
        var body = Describe(learningEvent, counts, now).ToList();
        var actions = Buttons(learningEvent, null, now, shown: null);
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

        var buttons = Buttons(learningEvent, mine?.Status, now, mine?.Status.ToString() ?? NotAnswered);
        if (joinUrl is not null && mine?.Status is RegistrationStatus.Registered)
        {
            buttons.Insert(0, new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Join the Teams meeting", ["url"] = joinUrl.ToString() });
        }

        var card = AdaptiveCard.Create(body, buttons);
        // The viewer is listed last, so kept within Teams' 60 however many answered after them: a card built for them
        // (the answer to their press, the promotion notice) comes back as they stand now whenever they look at it.
        var refreshFor = viewer.TeamsUserId is { Length: > 0 } own ? counts.RecentTeamsIds.Where(id => id != own).Append(own).ToList() : counts.RecentTeamsIds;
        return WithRefresh(card, learningEvent.Id, refreshFor);
    }

    /// <summary>The status a pressed button's <see cref="ShownField"/> names; null for a button without one (the channel card's, an older card's) or with one PmoBot did not write.</summary>
    public static ShownStatus? ShownOf(string? field) =>
        field is null ? null
            : field == NotAnswered ? new ShownStatus(null)
            : Enum.TryParse<RegistrationStatus>(field, out var status) && field == status.ToString() ? new ShownStatus(status)
            : null;

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

    /// <summary>The button's data: the verb, the event, the status a viewer's card showed, and for the fallback the marker that it came as a plain submit.</summary>
    public static JsonObject Button(string title, string verb, string eventId, string? style = null, string? shown = null)
    {
        var data = new JsonObject { [EventField] = eventId };
        if (shown is not null)
        {
            data[ShownField] = shown;
        }

        var action = AdaptiveCard.Execute(title, verb, data, style);
        action["fallback"]!["data"]![SubmittedField] = true;
        return action;
    }

    private static JsonObject Status(LearningEvent learningEvent, Registration? mine, int? waitlistPlace) => mine?.Status switch
    {
        RegistrationStatus.Registered => AdaptiveCard.Text(mine.PromotedAt is null ? "✅ You're registered." : "✅ You're registered: a place freed up and you were next on the waitlist.", color: "Good"),
        RegistrationStatus.Waitlisted => AdaptiveCard.Text($"⏳ The event is full: you're number {(waitlistPlace ?? 1).ToString(CultureInfo.InvariantCulture)} on the waitlist. I'll tell you if a place frees up.", color: "Warning"),
        RegistrationStatus.Interested => AdaptiveCard.Text("⭐ You're interested. Register while places last; I'll only remind registered people."),
        RegistrationStatus.Cancelled => AdaptiveCard.Text("You're down as not going."),
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

    /// <summary>
    /// The button a viewer with <paramref name="status"/> is offered for <paramref name="response"/> (registration open,
    /// the event not started), or null when none: its title, which says what pressing it means for them.
    /// </summary>
    public static string? ButtonFor(EventResponse response, RegistrationStatus? status) => response switch
    {
        EventResponse.Register => status is RegistrationStatus.Registered or RegistrationStatus.Waitlisted ? null : "Register",
        EventResponse.Interested => status is null or RegistrationStatus.Cancelled ? "Interested" : null,
        _ => status switch
        {
            RegistrationStatus.Cancelled => null,
            RegistrationStatus.Waitlisted => "Leave the waitlist",
            _ => "Can't go",
        },
    };

    /// <param name="shown">The viewer's status as the buttons carry it; null on the channel's card, which shows no one's.</param>
    private static List<JsonNode?> Buttons(LearningEvent learningEvent, RegistrationStatus? status, DateTimeOffset now, string? shown)
    {
        var buttons = new List<JsonNode?>();
        if (learningEvent.IsRegistrationOpen(now) && ButtonFor(EventResponse.Register, status) is { } register)
        {
            buttons.Add(Button(register, RegisterVerb, learningEvent.Id, "positive", shown));
        }

        if (!learningEvent.HasStarted(now) && ButtonFor(EventResponse.Interested, status) is { } interested)
        {
            buttons.Add(Button(interested, InterestedVerb, learningEvent.Id, shown: shown));
        }

        if (!learningEvent.HasStarted(now) && ButtonFor(EventResponse.CantGo, status) is { } cantGo)
        {
            buttons.Add(Button(cantGo, CantGoVerb, learningEvent.Id, shown: shown));
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
    private static JsonObject WithRefresh(JsonObject card, string eventId, IReadOnlyList<string> userIds) =>
        AdaptiveCard.WithRefresh(card, ViewVerb, new JsonObject { [EventField] = eventId }, userIds);
}
