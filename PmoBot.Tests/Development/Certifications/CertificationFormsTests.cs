using PmoBot.Development;
using PmoBot.Development.Certifications;
using PmoBot.People;

namespace PmoBot.Tests.Development.Certifications;

public sealed class CertificationFormsTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly PmoUser Megan = new("megan", "Megan Bowen", "29:megan", null, "America/New_York", new HashSet<Role> { Role.ProjectManager }, false, Now);

    private static Dictionary<string, string?> Cert(string? credential, string? issued, string? expires = null, string? name = null) => new()
    {
        [CertificationForms.CredentialField] = credential,
        [CertificationForms.IssuedField] = issued,
        [CertificationForms.ExpiresField] = expires,
        [CertificationForms.NameField] = name,
        [CertificationForms.NumberField] = "1234567",
    };

    [Fact]
    public void A_pmp_passed_long_ago_without_an_expiry_is_in_the_cycle_running_today_not_expired_and_a_given_expiry_is_kept()
    {
        // Passed 2021-01-10 and still held: renewed in 2024, so the cycle is 2024-01-10 to 2027-01-10.
        var (renewed, errors) = CertificationForms.ReadCertification(Cert("PMP", "2021-01-10"), Megan, Today, Now);

        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2027, 1, 10), renewed!.ExpiresOn);
        Assert.Equal((new DateOnly(2024, 1, 10), new DateOnly(2027, 1, 10)), renewed.Cycle);

        // The twin: an expiry typed in is the holder's word, even if it has passed.
        Assert.Equal(new DateOnly(2024, 1, 10), CertificationForms.ReadCertification(Cert("PMP", "2021-01-10", "2024-01-10"), Megan, Today, Now).Certification!.ExpiresOn);
        Assert.Equal(new DateOnly(2027, 3, 2), CertificationForms.CurrentCycleEnd(new DateOnly(2024, 3, 2), 3, Today));
        Assert.Equal(new DateOnly(2029, 3, 1), CertificationForms.CurrentCycleEnd(new DateOnly(2020, 3, 1), 3, Today));
    }

    [Fact]
    public void A_pmp_without_an_expiry_runs_three_years_from_the_day_it_was_passed()
    {
        var (pmp, errors) = CertificationForms.ReadCertification(Cert("PMP", "2024-03-12"), Megan, Today, Now);

        Assert.Empty(errors);
        Assert.Equal(("PMP", "PMP", new DateOnly(2027, 3, 12)), (pmp!.CredentialId, pmp.Name, pmp.ExpiresOn!.Value));
        Assert.Equal("PMP", pmp.Key);
    }

    [Fact]
    public void Each_bad_field_is_explained_and_the_valid_twin_is_accepted()
    {
        Assert.Contains("not a credential I know", CertificationForms.ReadCertification(Cert("PMX", "2024-03-12"), Megan, Today, Now).Errors[CertificationForms.CredentialField], StringComparison.Ordinal);
        Assert.Contains("name of the credential", CertificationForms.ReadCertification(Cert(RenewalRules.Other, "2024-03-12"), Megan, Today, Now).Errors[CertificationForms.NameField], StringComparison.Ordinal);
        Assert.Contains("in the future", CertificationForms.ReadCertification(Cert("PMP", "2026-04-01"), Megan, Today, Now).Errors[CertificationForms.IssuedField], StringComparison.Ordinal);
        Assert.Contains("must be after the issue date", CertificationForms.ReadCertification(Cert("PMP", "2024-03-12", "2024-01-01"), Megan, Today, Now).Errors[CertificationForms.ExpiresField], StringComparison.Ordinal);
        Assert.Contains("not a date as yyyy-MM-dd", CertificationForms.ReadCertification(Cert("PMP", "12/03/2024"), Megan, Today, Now).Errors[CertificationForms.IssuedField], StringComparison.Ordinal);
        var (other, errors) = CertificationForms.ReadCertification(Cert(RenewalRules.Other, "2024-03-12", name: "ITIL 4 Foundation"), Megan, Today, Now);
        Assert.Empty(errors);
        Assert.Equal(("ITIL 4 Foundation", null as DateOnly?, "OTHER|ITIL 4 FOUNDATION"), (other!.Name, other.ExpiresOn, other.Key));
    }

    [Theory]
    [InlineData("2 power skills Negotiation webinar", "Education", "PowerSkills", "2", "Negotiation webinar")]
    [InlineData("1.5 giving back Mentoring a new PM", "GivingBack", null, "1.5", "Mentoring a new PM")]
    [InlineData("3 wow Scrum course", "Education", "WaysOfWorking", "3", "Scrum course")]
    [InlineData("4 business acumen Finance for PMs", "Education", "BusinessAcumen", "4", "Finance for PMs")]
    [InlineData("8 practitioner Running PRJ-101", "Practitioner", null, "8", "Running PRJ-101")]
    public void Quick_pdu_lines_are_read_as_hours_area_or_giving_back_then_the_activity(string line, string category, string? area, string units, string activity)
    {
        var values = CertificationCommands.QuickPdu(line, Today);

        Assert.Equal((category, area, units, activity), (values[CertificationForms.CategoryField], values[CertificationForms.AreaField], values[CertificationForms.UnitsField], values[CertificationForms.ActivityField]));
        Assert.NotNull(CertificationForms.ReadPdu(values, Megan, Today, Now).Entry);
    }

    [Theory]
    [InlineData("0.3 power skills X", CertificationForms.UnitsField, "quarters")]
    [InlineData("0 power skills X", CertificationForms.UnitsField, "above 0")]
    [InlineData("61 power skills X", CertificationForms.UnitsField, "at most 60")]
    [InlineData("2 Negotiation webinar", CertificationForms.AreaField, "Talent Triangle area")]
    [InlineData("2 power skills", CertificationForms.ActivityField, "what the activity was")]
    public void Bad_quick_lines_say_which_part_is_wrong(string line, string field, string reason)
    {
        var (entry, errors) = CertificationForms.ReadPdu(CertificationCommands.QuickPdu(line, Today), Megan, Today, Now);

        Assert.Null(entry);
        Assert.Contains(reason, errors[field], StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_in_the_future_or_beyond_any_cycle_and_an_area_on_giving_back_are_refused()
    {
        Dictionary<string, string?> Pdu(string date, string category, string? area) => new()
        {
            [CertificationForms.DateField] = date,
            [CertificationForms.CategoryField] = category,
            [CertificationForms.AreaField] = area,
            [CertificationForms.UnitsField] = "1",
            [CertificationForms.ActivityField] = "x",
            [CertificationForms.PduFormIdField] = "form-7",
        };

        Assert.Contains("in the future", CertificationForms.ReadPdu(Pdu("2026-03-03", "Education", "PowerSkills"), Megan, Today, Now).Errors[CertificationForms.DateField], StringComparison.Ordinal);
        Assert.Contains("more than three years ago", CertificationForms.ReadPdu(Pdu("2023-03-01", "Education", "PowerSkills"), Megan, Today, Now).Errors[CertificationForms.DateField], StringComparison.Ordinal);
        Assert.Contains("no Talent Triangle area", CertificationForms.ReadPdu(Pdu("2026-03-01", "GivingBack", "PowerSkills"), Megan, Today, Now).Errors[CertificationForms.AreaField], StringComparison.Ordinal);
        var accepted = CertificationForms.ReadPdu(Pdu("2023-03-02", "Education", "PowerSkills"), Megan, Today, Now).Entry!;
        Assert.Equal("manual|form-7", accepted.Id);
        Assert.Equal(TalentArea.PowerSkills, accepted.Area);
    }
}
