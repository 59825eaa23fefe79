namespace PmoBot.Development.Events;

public enum EventKind
{
    Course,
    Conference,
    ChapterMeeting,
    Webinar,
    CommunityOfPractice,
}

public enum EventReach
{
    Local,
    International,
}

/// <summary>
/// A learning event the PMO announces. Start, end and the registration deadline are instants; <see cref="TimeZone"/>
/// is the organiser's zone they were typed in, and the card shows them in it.
/// </summary>
public sealed record LearningEvent(
    string Id,
    string Title,
    string Description,
    EventKind Kind,
    EventReach Reach,
    bool Online,
    string? Venue,
    DateTimeOffset Start,
    DateTimeOffset End,
    string TimeZone,
    int Capacity,
    DateTimeOffset RegistrationDeadline,
    decimal? Cost,
    string? Currency,
    string? Provider,
    Uri? Link,
    IReadOnlyList<string> KnowledgeAreas,
    PduSplit Pdus,
    string OrganiserKey,
    string OrganiserName,
    DateTimeOffset CreatedAt)
{
    public bool IsRegistrationOpen(DateTimeOffset now) => now < RegistrationDeadline && now < Start;

    public bool HasStarted(DateTimeOffset now) => now >= Start;

    public string Where => Online ? "Online (Teams meeting)" : Venue ?? "Venue to be announced";
}

/// <summary>Display names of the event's kind and reach.</summary>
public static class EventText
{
    public static string Describe(EventKind kind) => kind switch
    {
        EventKind.ChapterMeeting => "Chapter meeting",
        EventKind.CommunityOfPractice => "Community of practice",
        _ => kind.ToString(),
    };

    public static string Describe(EventReach reach) => reach.ToString();

    public static bool TryParseKind(string? text, out EventKind kind)
    {
        var typed = new string((text ?? string.Empty).Where(char.IsLetter).ToArray());
        foreach (var candidate in Enum.GetValues<EventKind>())
        {
            if (string.Equals(typed, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static string KindChoices => string.Join(", ", Enum.GetValues<EventKind>().Select(Describe));
}
