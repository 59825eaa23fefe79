namespace PmoBot.Development.Certifications;

/// <summary>How a credential is kept: PMI's PDUs over a cycle, PeopleCert's CPD points a year, or only its expiry date.</summary>
public enum RenewalScheme
{
    Pdu,
    CpdPerYear,
    ExpiryOnly,
}

/// <summary>
/// One credential and the rules that keep it, as data: the calculator (<see cref="PduProgressCalculator"/>) reads
/// these numbers and knows nothing of any credential by name. A null limit is a rule the body does not set.
/// </summary>
/// <param name="ValidYears">The cycle (PMI) or validity (PeopleCert) in years; null when it does not expire.</param>
/// <param name="RequiredUnits">PDUs per cycle, or CPD points per year.</param>
/// <param name="MinEducation">Education PDUs at least.</param>
/// <param name="MinPerTalentArea">Education PDUs at least in each Talent Triangle area.</param>
/// <param name="MaxGivingBack">Giving-back PDUs that count at most.</param>
/// <param name="MaxPractitioner">"Working as a practitioner" PDUs that count at most (part of giving back).</param>
public sealed record RenewalRule(
    string Id,
    string Name,
    string Body,
    RenewalScheme Scheme,
    int? ValidYears,
    decimal RequiredUnits,
    decimal? MinEducation = null,
    decimal? MinPerTalentArea = null,
    decimal? MaxGivingBack = null,
    decimal? MaxPractitioner = null,
    bool RenewByExam = false)
{
    public string Describe() => Scheme switch
    {
        RenewalScheme.Pdu => $"{TalentAreas.Format(RequiredUnits)} PDUs every {ValidYears} years"
            + (MinEducation is { } education ? $", at least {TalentAreas.Format(education)} education" : string.Empty)
            + (MinPerTalentArea is { } perArea ? $" with at least {TalentAreas.Format(perArea)} in each Talent Triangle area" : string.Empty)
            + (MaxGivingBack is { } givingBack ? $", giving back counts for at most {TalentAreas.Format(givingBack)}" : string.Empty),
        RenewalScheme.CpdPerYear => $"valid {ValidYears} years; renew by exam{(RenewByExam ? string.Empty : " (not offered)")} or log {TalentAreas.Format(RequiredUnits)} CPD points every year",
        _ => ValidYears is { } years ? $"valid {years} years" : "does not expire",
    };
}

/// <summary>The credentials PMs hold, with PMI's CCR and PeopleCert's renewal rules.</summary>
public static class RenewalRules
{
    public const string Other = "OTHER";

    public static readonly IReadOnlyList<RenewalRule> All =
    [
        new("PMP", "PMP", "PMI", RenewalScheme.Pdu, 3, 60, MinEducation: 35, MinPerTalentArea: 8, MaxGivingBack: 25, MaxPractitioner: 8),
        new("PGMP", "PgMP", "PMI", RenewalScheme.Pdu, 3, 60, MinEducation: 35, MinPerTalentArea: 8, MaxGivingBack: 25, MaxPractitioner: 8),
        new("PFMP", "PfMP", "PMI", RenewalScheme.Pdu, 3, 60, MinEducation: 35, MinPerTalentArea: 8, MaxGivingBack: 25, MaxPractitioner: 8),
        new("CAPM", "CAPM", "PMI", RenewalScheme.Pdu, 3, 15),
        new("PMI-ACP", "PMI-ACP", "PMI", RenewalScheme.Pdu, 3, 30),
        new("PMI-RMP", "PMI-RMP", "PMI", RenewalScheme.Pdu, 3, 30),
        new("PRINCE2-P", "PRINCE2 Practitioner", "PeopleCert", RenewalScheme.CpdPerYear, 3, 20, RenewByExam: true),
        new("PRINCE2-F", "PRINCE2 Foundation", "PeopleCert", RenewalScheme.ExpiryOnly, null, 0),
        new("AGILEPM", "AgilePM", "APMG", RenewalScheme.ExpiryOnly, null, 0),
        new(Other, "Other", "—", RenewalScheme.ExpiryOnly, null, 0),
    ];

    public static RenewalRule? Find(string? id) =>
        All.FirstOrDefault(r => string.Equals(r.Id, (id ?? string.Empty).Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(r.Name, (id ?? string.Empty).Trim(), StringComparison.OrdinalIgnoreCase));

    public static RenewalRule Of(string id) => Find(id) ?? All[^1];
}
