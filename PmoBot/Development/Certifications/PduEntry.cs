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

    /// <summary>
    /// An entry of <paramref name="log"/> this one likely repeats: another entry of the same category and area, the same
    /// units, the same day, and the same title but for case, spaces and punctuation (or one title within the other).
    /// </summary>
    public PduEntry? LikelyRepeatOf(IEnumerable<PduEntry> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var title = Letters(Activity);
        return log.FirstOrDefault(e => e.Id != Id && e.Category == Category && e.Area == Area && e.Units == Units && e.EarnedOn == EarnedOn
            && Letters(e.Activity) is var other && (other == title || (other.Length > 0 && title.Length > 0 && (other.Contains(title, StringComparison.Ordinal) || title.Contains(other, StringComparison.Ordinal)))));
    }

    private static string Letters(string text) => new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
