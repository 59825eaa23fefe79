using PmoBot.Development;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Certifications;

public sealed class CertificationCardsTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_certification_card_is_valid_for_teams_charts_included()
    {
        var pmp = new Certification("pm", "Megan Bowen", "PMP", "PMP", "2718281", new DateOnly(2023, 9, 1), new DateOnly(2026, 9, 1), Now);
        var prince = new Certification("pm", "Megan Bowen", "PRINCE2-P", "PRINCE2 Practitioner", null, new DateOnly(2024, 5, 1), new DateOnly(2027, 5, 1), Now);
        var foundation = new Certification("pm", "Megan Bowen", "PRINCE2-F", "PRINCE2 Foundation", null, new DateOnly(2020, 5, 1), null, Now);
        PduEntry Entry(TalentArea? area, decimal units) => new("pm", Guid.NewGuid().ToString("N"), new DateOnly(2025, 1, 10), area is null ? PduCategory.GivingBack : PduCategory.Education, area, units, "Webinar", Now);
        var log = new[] { Entry(TalentArea.WaysOfWorking, 20), Entry(TalentArea.PowerSkills, 3), Entry(null, 30) };
        var pmpProgress = PduProgressCalculator.Calculate(pmp, log, Today)!;
        var princeProgress = PduProgressCalculator.Calculate(prince, log, Today)!;
        var expiring = new ExpiringCertification("pm", "Megan Bowen", "PMP", "PMP", new DateOnly(2026, 4, 1));
        var offers = new[] { new PmoBot.Development.Events.EventOffer(DevelopmentHarness.Sample("EV-PACE1", Now.AddDays(20), 20, Now.AddDays(19), Now), PmoBot.Development.Events.RegistrationStatus.Waitlisted, true) };
        var pduErrors = CertificationForms.ReadPdu(new Dictionary<string, string?> { [CertificationForms.UnitsField] = "0.3" }, new("pm", "Megan", null, null, null, new HashSet<PmoBot.People.Role>(), false, null), Today, Now).Errors;

        await AdaptiveCardValidator.AssertAllValidAsync(
        [
            ("mine", CertificationCards.Mine("Megan Bowen", [(pmp, pmpProgress), (prince, princeProgress), (foundation, null)], Today, "Recorded PMP.")),
            ("mine empty", CertificationCards.Mine("Megan Bowen", [], Today)),
            ("expiring", CertificationCards.Expiring([expiring], 90, Today)),
            ("expiring none", CertificationCards.Expiring([], 30, Today)),
            ("pdus", CertificationCards.Pdus("Megan Bowen", [pmpProgress, princeProgress], log)),
            ("pdus with events", CertificationCards.Pdus("Megan Bowen", [pmpProgress, princeProgress], log, filling: new Dictionary<PduProgress, IReadOnlyList<PmoBot.Development.Events.EventOffer>> { [pmpProgress] = offers })),
            ("pdus none", CertificationCards.Pdus("Megan Bowen", [], [])),
            ("reminder", CertificationCards.ExpiryReminder(expiring, 30, pmpProgress)),
            ("behind", CertificationCards.BehindPace(pmpProgress, offers, "America/New_York")),
            ("behind no events", CertificationCards.BehindPace(pmpProgress, [], null)),
            ("cert form", CertificationForms.CertificationCard(new Dictionary<string, string?>(), new Dictionary<string, string> { [CertificationForms.IssuedField] = "Give the issue date (yyyy-MM-dd)." })),
            ("pdu form with errors", CertificationForms.PduCard(new Dictionary<string, string?>(), pduErrors)),
        ]);
        Assert.Equal((25m, 30m), (pmpProgress.GivingBackCounted, pmpProgress.GivingBackLogged));
    }

    [Fact]
    public void Issue_and_expiry_dates_read_as_on_every_other_card()
    {
        var pmp = new Certification("pm", "Megan Bowen", "PMP", "PMP", "2718281", new DateOnly(2023, 9, 1), new DateOnly(2026, 9, 1), Now);
        var expiring = new ExpiringCertification("pm", "Megan Bowen", "PMP", "PMP", new DateOnly(2026, 4, 1));

        var mine = FactsOf(CertificationCards.Mine("Megan Bowen", [(pmp, null)], Today));

        Assert.Contains(("Issued", "1 Sep 2023"), mine);
        Assert.Contains(("Expires", "1 Sep 2026 (183 days left)"), mine);
        Assert.Contains(("Megan Bowen", "PMP · 1 Apr 2026 (30 days left)"), FactsOf(CertificationCards.Expiring([expiring], 90, Today)));
        Assert.Contains("None: no recorded certification expires by 1 Apr 2026.", TextsOf(CertificationCards.Expiring([], 30, Today)));
    }

    [Fact]
    public void A_cycle_past_its_total_but_short_in_one_area_says_what_is_still_needed_not_behind()
    {
        var pmp = new Certification("pm", "Megan Bowen", "PMP", "PMP", "2718281", new DateOnly(2023, 9, 1), new DateOnly(2026, 9, 1), Now);
        PduEntry Entry(TalentArea? area, decimal units) => new("pm", Guid.NewGuid().ToString("N"), new DateOnly(2025, 1, 10), area is null ? PduCategory.GivingBack : PduCategory.Education, area, units, "Webinar", Now);
        var shortOfBusiness = new[] { Entry(TalentArea.WaysOfWorking, 20), Entry(TalentArea.PowerSkills, 20), Entry(TalentArea.BusinessAcumen, 7.5m), Entry(null, 17) };

        var summary = CertificationCards.Summary(PduProgressCalculator.Calculate(pmp, shortOfBusiness, Today)!);
        var complete = CertificationCards.Summary(PduProgressCalculator.Calculate(pmp, [.. shortOfBusiness, Entry(TalentArea.BusinessAcumen, 0.5m)], Today)!);

        Assert.StartsWith("64.5 of 60 PDUs · total reached; 0.5 Business Acumen still needed · ", summary, StringComparison.Ordinal);
        Assert.StartsWith("65 of 60 PDUs · complete · ", complete, StringComparison.Ordinal);
    }
}
