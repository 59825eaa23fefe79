namespace PmoBot.Development.Certifications;

/// <summary>
/// A credential a person holds. <see cref="CredentialId"/> names its <see cref="RenewalRule"/>; <see cref="Name"/> is
/// what it is called (the rule's name, or what the PM typed for "Other"). The cycle ends at <see cref="ExpiresOn"/>.
/// </summary>
public sealed record Certification(
    string UserKey,
    string PersonName,
    string CredentialId,
    string Name,
    string? Number,
    DateOnly IssuedOn,
    DateOnly? ExpiresOn,
    DateTimeOffset RecordedAt)
{
    /// <summary>One row per credential (PMP, PMI-ACP, ...); "Other" credentials by their name.</summary>
    public string Key => KeyFor(CredentialId, Name);

    public static string KeyFor(string credentialId, string name) =>
        credentialId == RenewalRules.Other ? $"{RenewalRules.Other}|{name.ToUpperInvariant()}" : credentialId;

    public RenewalRule Rule => RenewalRules.Of(CredentialId);

    /// <summary>The cycle the PDUs count in: from the start (the issue, or three years before the expiry) to the expiry.</summary>
    public (DateOnly Start, DateOnly End)? Cycle => ExpiresOn is { } end && Rule.ValidYears is { } years
        ? (IssuedOn > end.AddYears(-years) ? IssuedOn : end.AddYears(-years), end)
        : null;

    public int? DaysLeft(DateOnly today) => ExpiresOn is { } end ? end.DayNumber - today.DayNumber : null;
}
