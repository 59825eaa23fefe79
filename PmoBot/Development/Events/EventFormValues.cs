using System.Globalization;
using System.Text.Json.Nodes;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Reviews.Templates;

namespace PmoBot.Development.Events;

/// <summary>What the event form holds, as typed, so a form with mistakes comes back exactly as the person left it.</summary>
public sealed record EventFormValues(
    string? FormId,
    string? Title,
    string? Description,
    string? Kind,
    string? Reach,
    string? Format,
    string? Venue,
    string? StartDate,
    string? StartTime,
    string? EndDate,
    string? EndTime,
    string? TimeZone,
    string? Capacity,
    string? DeadlineDate,
    string? DeadlineTime,
    string? Cost,
    string? Currency,
    string? Provider,
    string? Link,
    string? KnowledgeAreas,
    string? PduWaysOfWorking,
    string? PduPowerSkills,
    string? PduBusinessAcumen,
    string? Channels)
{
    public const string Online = "online";
    public const string InPerson = "inperson";

    public static EventFormValues Blank(string formId, string? timeZone, string? channel) => new(
        formId, null, null, null, nameof(EventReach.Local), InPerson, null, null, null, null, null, timeZone, null, null, null, null, null, null, null, null, null, null, null, channel);

    public static EventFormValues Read(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        string? F(string name) => Field(data, name);
        return new(
            F(EventForm.FormIdField), F(EventForm.TitleField), F(EventForm.DescriptionField), F(EventForm.KindField), F(EventForm.ReachField), F(EventForm.FormatField),
            F(EventForm.VenueField), F(EventForm.StartDateField), F(EventForm.StartTimeField), F(EventForm.EndDateField), F(EventForm.EndTimeField), F(EventForm.TimeZoneField),
            F(EventForm.CapacityField), F(EventForm.DeadlineDateField), F(EventForm.DeadlineTimeField), F(EventForm.CostField), F(EventForm.CurrencyField),
            F(EventForm.ProviderField), F(EventForm.LinkField), F(EventForm.AreasField), F(EventForm.PduWaysField), F(EventForm.PduPowerField), F(EventForm.PduBusinessField),
            F(EventForm.ChannelsField));
    }

    private static string? Field(JsonObject data, string name) => FormCards.Field(data, name);
}

/// <summary>An event read from the form: the event, or a clear reason for each bad field (by field id).</summary>
public sealed record EventReading(LearningEvent? Event, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<string> Channels)
{
    public bool IsValid => Event is not null;
}

/// <summary>
/// Checks every field of the event form and explains each problem in words: what is wrong and what a good value
/// looks like. Times are read in the organiser's time zone (the form's, defaulting to theirs).
/// </summary>
public static class EventFormValidator
{
    public const int TitleMaxLength = 120;
    public const int DescriptionMaxLength = 2000;
    public const int MaxCapacity = 10_000;
    public const decimal MaxPdusPerArea = 100;

    public static EventReading Read(EventFormValues values, PmoUser organiser, IReadOnlyCollection<string> knownChannels, DateTimeOffset now, string id)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(organiser);
        var errors = new Dictionary<string, string>();

        var title = Clean(values.Title);
        if (title.Length == 0)
        {
            errors[EventForm.TitleField] = "Give the event a title, e.g. \"Risk management masterclass\".";
        }
        else if (title.Length > TitleMaxLength)
        {
            errors[EventForm.TitleField] = $"The title is {title.Length} characters; keep it to {TitleMaxLength}.";
        }

        var description = (values.Description ?? string.Empty).Trim();
        if (description.Length > DescriptionMaxLength)
        {
            errors[EventForm.DescriptionField] = $"The description is {description.Length:N0} characters; keep it to {DescriptionMaxLength:N0} and link to the details.";
        }

        var kind = EventKind.Course;
        if (values.Kind is null)
        {
            errors[EventForm.KindField] = $"Pick the kind of event: {EventText.KindChoices}.";
        }
        else if (!EventText.TryParseKind(values.Kind, out kind))
        {
            errors[EventForm.KindField] = $"\"{values.Kind}\" is not a kind of event; pick one of {EventText.KindChoices}.";
        }

        var reach = EventReach.Local;
        if (values.Reach is not null && !EnumText.TryParse(values.Reach, out reach))
        {
            errors[EventForm.ReachField] = $"\"{values.Reach}\" is neither Local nor International.";
        }

        var online = false;
        switch (values.Format?.ToLowerInvariant())
        {
            case EventFormValues.Online:
                online = true;
                break;
            case EventFormValues.InPerson:
                break;
            default:
                errors[EventForm.FormatField] = "Say whether the event is online (a Teams meeting) or in person.";
                break;
        }

        var venue = Clean(values.Venue);
        if (!online && values.Format is not null && venue.Length == 0)
        {
            errors[EventForm.VenueField] = "An in-person event needs its venue or city, e.g. \"London, Contoso House\".";
        }
        else if (venue.Length > 200)
        {
            errors[EventForm.VenueField] = "Keep the venue to 200 characters.";
        }

        var zoneId = organiser.TimeZone ?? "UTC";
        if (values.TimeZone is { } typedZone)
        {
            if (PmoBot.People.UserTimeZones.TryParse(typedZone, out var parsed))
            {
                zoneId = parsed;
            }
            else
            {
                errors[EventForm.TimeZoneField] = $"\"{typedZone}\" is not a time zone I know; use an IANA name such as Europe/London or America/New_York.";
            }
        }

        var zone = PmoBot.People.UserTimeZones.Resolve(zoneId);
        // An example ahead of the organiser's today: the form refuses an event in the past.
        var example = DateText.ExampleDate(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var start = When(values.StartDate, values.StartTime, zone, EventForm.StartDateField, EventForm.StartTimeField, "start", example, errors);
        var end = When(values.EndDate ?? values.StartDate, values.EndTime, zone, EventForm.EndDateField, EventForm.EndTimeField, "end", example, errors);
        if (values.EndDate is null)
        {
            // An empty end date means the start's day: what is wrong with that date is said once, under the start date.
            errors.Remove(EventForm.EndDateField);
        }

        if (start is { } s && s <= now)
        {
            errors[EventForm.StartDateField] = $"The event would start in the past ({Format(s, zone)}); give a date and time from now on.";
        }

        if (start is { } s2 && end is { } e2 && e2 <= s2)
        {
            errors[EventForm.EndTimeField] = $"The end ({Format(e2, zone)}) must be after the start ({Format(s2, zone)}).";
        }

        var capacity = 0;
        if (values.Capacity is null)
        {
            errors[EventForm.CapacityField] = "Give the number of places (capacity), e.g. 30.";
        }
        else if (!NumberText.TryReadQuantity(values.Capacity, out var places) || places != decimal.Truncate(places))
        {
            errors[EventForm.CapacityField] = $"The capacity \"{values.Capacity}\" is not a whole number of places.";
        }
        else if (places is < 1 or > MaxCapacity)
        {
            // Compared as typed, so a trillion is told the range rather than "not a whole number" for overflowing an int.
            errors[EventForm.CapacityField] = $"The capacity must be between 1 and {MaxCapacity:N0} places, not {places:N0}.";
        }
        else
        {
            capacity = (int)places;
        }

        DateTimeOffset? deadline = start;
        if (values.DeadlineDate is not null)
        {
            deadline = When(values.DeadlineDate, values.DeadlineTime ?? "23:59", zone, EventForm.DeadlineDateField, EventForm.DeadlineTimeField, "registration deadline", example, errors);
        }
        else if (values.DeadlineTime is not null)
        {
            errors[EventForm.DeadlineDateField] = "Give the deadline's date too (or leave both empty to take registrations until the start).";
        }

        if (deadline is { } d && start is { } s3 && d > s3)
        {
            errors[EventForm.DeadlineDateField] = $"The registration deadline ({Format(d, zone)}) is after the start ({Format(s3, zone)}); make it the start or earlier.";
        }
        else if (deadline is { } d2 && d2 <= now && !errors.ContainsKey(EventForm.StartDateField))
        {
            errors[EventForm.DeadlineDateField] = $"The registration deadline ({Format(d2, zone)}) has already passed; nobody could register.";
        }

        decimal? cost = null;
        if (values.Cost is not null)
        {
            if (!decimal.TryParse(values.Cost, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount < 0)
            {
                errors[EventForm.CostField] = $"The cost \"{values.Cost}\" is not an amount (like 450 or 1,200.50); leave it empty for a free event.";
            }
            else
            {
                cost = amount;
            }
        }

        var currency = (values.Currency ?? string.Empty).Trim().ToUpperInvariant();
        if (cost > 0 && !(currency.Length == 3 && currency.All(char.IsAsciiLetter)))
        {
            errors[EventForm.CurrencyField] = currency.Length == 0
                ? "A cost needs its currency, as three letters (EUR, GBP, USD)."
                : $"\"{values.Currency}\" is not a currency code; use three letters such as EUR.";
        }

        var provider = Clean(values.Provider);
        if (provider.Length > TitleMaxLength)
        {
            errors[EventForm.ProviderField] = $"Keep the provider to {TitleMaxLength} characters.";
        }

        Uri? link = null;
        if (values.Link is not null)
        {
            if (Uri.TryCreate(values.Link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                link = uri;
            }
            else
            {
                errors[EventForm.LinkField] = $"\"{values.Link}\" is not a web address; give the full link starting with https://.";
            }
        }

        var (areas, unknownAreas) = KnowledgeAreas.ParseList(values.KnowledgeAreas);
        if (unknownAreas.Count > 0)
        {
            errors[EventForm.AreasField] = $"Unknown knowledge areas: {string.Join(", ", unknownAreas)}. Pick from {KnowledgeAreas.Choices}.";
        }
        else if (areas.Count == 0)
        {
            errors[EventForm.AreasField] = "Pick at least one knowledge area, so PMs find the event with **events <area>**.";
        }

        var pdus = new PduSplit(
            Pdu(values.PduWaysOfWorking, EventForm.PduWaysField, TalentArea.WaysOfWorking, errors),
            Pdu(values.PduPowerSkills, EventForm.PduPowerField, TalentArea.PowerSkills, errors),
            Pdu(values.PduBusinessAcumen, EventForm.PduBusinessField, TalentArea.BusinessAcumen, errors));

        var channels = (values.Channels ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var unknownChannels = channels.Where(c => !knownChannels.Contains(c)).ToList();
        if (unknownChannels.Count > 0)
        {
            errors[EventForm.ChannelsField] = "PmoBot is no longer in one of the channels you picked; pick again from the list (the bot must be added to a channel before it can post there).";
        }

        if (errors.Count > 0)
        {
            return new EventReading(null, errors, channels);
        }

        var learningEvent = new LearningEvent(
            id, title, description, kind, reach, online, online ? null : venue, start!.Value, end!.Value, zoneId, capacity, deadline!.Value, cost, cost > 0 ? currency : null,
            provider.Length == 0 ? null : provider, link, areas, pdus, organiser.UserKey, organiser.Name, now);
        return new EventReading(learningEvent, errors, channels);
    }

    public static string Format(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset? When(string? dateText, string? timeText, TimeZoneInfo zone, string dateField, string timeField, string what, string example, Dictionary<string, string> errors)
    {
        DateOnly? date = null;
        TimeOnly? time = null;
        if (dateText is null)
        {
            errors[dateField] = $"Give the {what} date (yyyy-MM-dd, e.g. {example}).";
        }
        else if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsedDate))
        {
            // A year such as 9999 is a slip, and its last evening west of UTC is past the last instant a DateTimeOffset holds.
            if (parsedDate.Year > DateText.MaxYear)
            {
                errors[dateField] = $"The {what} date {dateText} is too far ahead; give a date up to {DateText.MaxYear}.";
            }
            else
            {
                date = parsedDate;
            }
        }
        else
        {
            errors[dateField] = $"The {what} date \"{dateText}\" is not a date as yyyy-MM-dd (like {example}).";
        }

        if (timeText is null)
        {
            errors[timeField] = $"Give the {what} time (HH:mm, 24-hour, e.g. 14:00).";
        }
        else if (TimeOnly.TryParseExact(timeText, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsedTime))
        {
            time = parsedTime;
        }
        else
        {
            errors[timeField] = $"The {what} time \"{timeText}\" is not a time as HH:mm (24-hour, like 14:00).";
        }

        if (date is null || time is null)
        {
            return null;
        }

        var local = date.Value.ToDateTime(time.Value);
        if (zone.IsInvalidTime(local))
        {
            errors[timeField] = $"{local.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} does not exist in {zone.Id} (the clocks go forward then); pick another time.";
            return null;
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static decimal Pdu(string? text, string field, TalentArea area, Dictionary<string, string> errors)
    {
        if (text is null)
        {
            return 0;
        }

        if (!NumberText.TryReadQuantity(text, out var units) || units < 0 || units > MaxPdusPerArea)
        {
            errors[field] = $"{TalentAreas.NameOf(area)} PDUs \"{text}\" must be a number from 0 to {MaxPdusPerArea}.";
            return 0;
        }

        if (units * 4 != Math.Floor(units * 4))
        {
            errors[field] = $"{TalentAreas.NameOf(area)} PDUs are counted in quarters (0.25 = 15 minutes); {text} is not one.";
            return 0;
        }

        return units;
    }

    private static string Clean(string? text) => string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
