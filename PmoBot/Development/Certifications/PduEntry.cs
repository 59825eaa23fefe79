namespace PmoBot.Development.Certifications;

/// <summary>PMI's CCR categories: education (in a Talent Triangle area) and giving back, of which working as a practitioner is a part.</summary>
public enum PduCategory
{
    Education,
    GivingBack,
    Practitioner,
}

/// <summary>
/// PDUs (or PeopleCert CPD points) a person earned for one activity. <see cref="Area"/> is the Talent Triangle area of
/// education; giving back has none. <see cref="Id"/> names the source, so an attended event credits once.
/// </summary>
public sealed record PduEntry(
    string UserKey,
    string Id,
    DateOnly EarnedOn,
    PduCategory Category,
    TalentArea? Area,
    decimal Units,
    string Activity,
    DateTimeOffset LoggedAt)
{
    public static string EventEntryId(string eventId, TalentArea area) => $"event|{eventId}|{area}";
}
