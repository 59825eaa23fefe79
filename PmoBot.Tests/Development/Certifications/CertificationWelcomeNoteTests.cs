using PmoBot.Development;
using PmoBot.Development.Certifications;
using PmoBot.People;

namespace PmoBot.Tests.Development.Certifications;

/// <summary>
/// A welcome says what the certification sweeper sent to a personal chat PmoBot could not reach yet: a certification
/// expiring within the first reminder's window, and a PDU pace that will not make the cycle.
/// </summary>
public sealed class CertificationWelcomeNoteTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2018, 6, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_pm_behind_on_pdus_and_with_a_certification_expiring_is_told_both_in_the_sweepers_words()
    {
        var h = await DevelopmentHarness.CreateAsync(Start);
        var megan = await h.PersonAsync("Megan", "Europe/London", Role.ProjectManager);
        var pmpExpires = new DateOnly(2018, 11, 25);
        await SaveAsync(h, megan, "PMP", "PMP", pmpExpires);
        await SaveAsync(h, megan, "AGILEPM", "AgilePM", new DateOnly(2018, 7, 1));
        await SaveAsync(h, megan, "PRINCE2-F", "PRINCE2 Foundation", null);
        await h.Get<PduLogStore>().UpsertAsync(
            [Entry(megan, TalentArea.WaysOfWorking, 20, "a"), Entry(megan, TalentArea.BusinessAcumen, 8, "b"), Entry(megan, TalentArea.PowerSkills, 2, "c")], None);

        var line = await Note(h).NoteAsync(megan, None);

        Assert.Equal(
            "Your AgilePM expires on 1 Jul 2018 (30 days left). "
                + "You are behind on PDUs for your PMP: 6 Power Skills, 30 PDUs in all still to earn. 177 days left. "
                + "Type **certs** to see your certifications, or **pdus** for your PDUs against each cycle.",
            line);
        await h.Get<CertificationSweeper>().SweepOnceAsync(None);
        var sent = await h.Deliveries.GetAsync(CertificationSweeper.PaceKey(new ExpiringCertification(megan.UserKey, megan.Name, "PMP", "PMP", pmpExpires)), None);
        Assert.Contains(sent!.Text!, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_said_of_a_certification_far_from_its_expiry_on_track_or_long_expired_and_a_recent_expiry_is()
    {
        var h = await DevelopmentHarness.CreateAsync(Start);
        var adele = await h.PersonAsync("Adele", "Asia/Kolkata", Role.ProjectManager);
        var nestor = await h.PersonAsync("Nestor", "America/Chicago");
        await SaveAsync(h, adele, "PRINCE2-P", "PRINCE2 Practitioner", new DateOnly(2019, 6, 1));
        await SaveAsync(h, adele, "AGILEPM", "AgilePM", new DateOnly(2018, 3, 1));
        var quiet = await Note(h).NoteAsync(adele, None);

        await SaveAsync(h, adele, RenewalRules.Other, "Professional Scrum Master", new DateOnly(2018, 5, 20));

        Assert.Null(quiet);
        Assert.Null(await Note(h).NoteAsync(nestor, None));
        Assert.StartsWith("Your Professional Scrum Master expired on 20 May 2018, 12 days ago. ", await Note(h).NoteAsync(adele, None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Days_are_counted_from_the_persons_own_date_and_a_pmp_on_pace_is_not_mentioned()
    {
        // 23:30 UTC on 30 June is 05:00 on 1 July in Kolkata: 30 days to 31 July there, 31 by the UTC date.
        var h = await DevelopmentHarness.CreateAsync(new DateTimeOffset(2018, 6, 30, 23, 30, 0, TimeSpan.Zero));
        var adele = await h.PersonAsync("Adele", "Asia/Kolkata", Role.ProjectManager);
        await SaveAsync(h, adele, "AGILEPM", "AgilePM", new DateOnly(2018, 7, 31));
        var pmpExpires = new DateOnly(2018, 11, 25);
        await SaveAsync(h, adele, "PMP", "PMP", pmpExpires);
        await h.Get<PduLogStore>().UpsertAsync(
            [Entry(adele, TalentArea.WaysOfWorking, 30, "a"), Entry(adele, TalentArea.BusinessAcumen, 9, "b"), Entry(adele, TalentArea.PowerSkills, 9, "c"), Entry(adele, null, 13, "d")], None);

        Assert.Equal(
            "Your AgilePM expires on 31 Jul 2018 (30 days left). Type **certs** to see your certifications, or **pdus** for your PDUs against each cycle.",
            await Note(h).NoteAsync(adele, None));
    }

    [Fact]
    public async Task A_certification_expiring_and_behind_on_cpd_points_is_one_sentence_naming_cpd_points()
    {
        // The demo's Adele: her PRINCE2 expires within the reminder's window and she is short of CPD points. The days
        // left were said twice, and the pdus command was offered "for your PDUs", which PRINCE2 does not use.
        var h = await DevelopmentHarness.CreateAsync(Start);
        var adele = await h.PersonAsync("Adele", "Europe/London", Role.ProjectManager);
        await SaveAsync(h, adele, "PRINCE2-P", "PRINCE2 Practitioner", new DateOnly(2018, 7, 1));

        var line = await Note(h).NoteAsync(adele, None);

        Assert.Equal(
            "Your PRINCE2 Practitioner expires on 1 Jul 2018 (30 days left), and you are behind on CPD points for it: Year 1 (2015–2016) and Year 2 "
                + "(2016–2017) ended short of the 20 CPD points a year, so points can no longer renew it this cycle: renew it by exam before it expires. "
                + "Year 3 (2017–2018) still needs 20 CPD points. Type **certs** to see your certifications, or **pdus** for your CPD points against each cycle.",
            line);
    }

    /// <summary>The note as the app registers it among the welcome's.</summary>
    private static CertificationWelcomeNote Note(DevelopmentHarness h) => h.Get<IEnumerable<IWelcomeNote>>().OfType<CertificationWelcomeNote>().Single();

    private static Task<Certification?> SaveAsync(DevelopmentHarness h, PmoUser who, string credentialId, string name, DateOnly? expires) =>
        h.Get<CertificationStore>().SaveAsync(new Certification(who.UserKey, who.Name, credentialId, name, "N1", (expires ?? new DateOnly(2018, 1, 1)).AddYears(-3), expires, Start), None);

    private static PduEntry Entry(PmoUser who, TalentArea? area, decimal units, string id) =>
        new(who.UserKey, id, new DateOnly(2017, 6, 1), area is null ? PduCategory.GivingBack : PduCategory.Education, area, units, "x", Start);
}
