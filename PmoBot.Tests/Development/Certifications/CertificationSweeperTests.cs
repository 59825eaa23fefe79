using PmoBot.Development;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.People;
using PmoBot.Tests.Cards;

namespace PmoBot.Tests.Development.Certifications;

/// <summary>Expiry reminders and the behind-pace warning, on a fake clock, through the outbox.</summary>
public sealed class CertificationSweeperTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Reminders_go_at_ninety_thirty_and_seven_days_at_nine_local_each_once_and_only_the_nearest()
    {
        // Far in the past, so no other test's certification is in the window this sweep reads.
        var h = await DevelopmentHarness.CreateAsync(new DateTimeOffset(2019, 1, 2, 6, 0, 0, TimeSpan.Zero));
        var megan = await h.PersonAsync("Megan", "America/New_York", Role.ProjectManager);
        var expires = new DateOnly(2019, 4, 2);
        var cert = new Certification(megan.UserKey, megan.Name, "AGILEPM", "AgilePM", "A1", new DateOnly(2016, 4, 2), expires, h.Time.GetUtcNow());
        await h.Get<CertificationStore>().SaveAsync(cert, None);
        var sweeper = h.Get<CertificationSweeper>();
        var expiring = new ExpiringCertification(megan.UserKey, megan.Name, "AGILEPM", "AgilePM", expires);

        async Task<bool> SentAsync(int days) => await h.Deliveries.GetAsync(CertificationSweeper.ReminderKey(expiring, days), None) is not null;

        // 90 days before: 2 January, from 09:00 in New York (14:00 UTC).
        h.Time.SetUtcNow(new DateTimeOffset(2019, 1, 2, 13, 59, 0, TimeSpan.Zero));
        await sweeper.SweepOnceAsync(None);
        Assert.False(await SentAsync(90));
        h.Time.SetUtcNow(new DateTimeOffset(2019, 1, 2, 14, 0, 0, TimeSpan.Zero));
        await sweeper.SweepOnceAsync(None);
        Assert.True(await SentAsync(90));

        // Nothing new until 30 days before; then only the 30-day one, however late the sweep.
        h.Time.SetUtcNow(new DateTimeOffset(2019, 2, 20, 14, 0, 0, TimeSpan.Zero));
        await sweeper.SweepOnceAsync(None);
        Assert.False(await SentAsync(30));
        h.Time.SetUtcNow(new DateTimeOffset(2019, 3, 4, 15, 0, 0, TimeSpan.Zero));
        await sweeper.SweepOnceAsync(None);
        await sweeper.SweepOnceAsync(None);
        Assert.True(await SentAsync(30));
        h.Time.SetUtcNow(new DateTimeOffset(2019, 3, 27, 14, 0, 0, TimeSpan.Zero));
        await sweeper.SweepOnceAsync(None);
        Assert.True(await SentAsync(7));

        var seven = (await h.Deliveries.GetAsync(CertificationSweeper.ReminderKey(expiring, 7), None))!;
        Assert.Equal("Your AgilePM expires on 2 Apr 2019 (6 days left).", seven.Text);
        Assert.Equal(PmoBot.Delivery.DeliveryTarget.PersonalChat(megan.UserKey), seven.Target);
        Assert.Equal(new DateTimeOffset(2019, 1, 2, 14, 0, 0, TimeSpan.Zero), (await h.Deliveries.GetAsync(CertificationSweeper.ReminderKey(expiring, 90), None))!.CreatedAt);
        await AdaptiveCardValidator.AssertValidAsync("expiry reminder", seven.Card!);
    }

    [Fact]
    public async Task A_pmp_behind_with_six_months_left_is_told_once_with_events_that_earn_the_missing_area_and_one_on_track_is_not()
    {
        var start = new DateTimeOffset(2018, 6, 1, 10, 0, 0, TimeSpan.Zero);
        var h = await DevelopmentHarness.CreateAsync(start);
        var expires = new DateOnly(2018, 11, 25);
        var behind = await h.PersonAsync("Behind", "Europe/London", Role.ProjectManager);
        var onTrack = await h.PersonAsync("Ontrack", "Europe/London", Role.ProjectManager);
        var store = h.Get<CertificationStore>();
        var pdus = h.Get<PduLogStore>();
        foreach (var person in new[] { behind, onTrack })
        {
            await store.SaveAsync(new Certification(person.UserKey, person.Name, "PMP", "PMP", "P1", expires.AddYears(-3), expires, start), None);
        }

        PduEntry Entry(PmoUser who, TalentArea? area, decimal units, string id) =>
            new(who.UserKey, id, new DateOnly(2017, 6, 1), area is null ? PduCategory.GivingBack : PduCategory.Education, area, units, "x", start);
        await pdus.UpsertAsync([Entry(behind, TalentArea.WaysOfWorking, 20, "a"), Entry(behind, TalentArea.BusinessAcumen, 8, "b"), Entry(behind, TalentArea.PowerSkills, 2, "c")], None);
        await pdus.UpsertAsync([Entry(onTrack, TalentArea.WaysOfWorking, 30, "a"), Entry(onTrack, TalentArea.BusinessAcumen, 9, "b"), Entry(onTrack, TalentArea.PowerSkills, 9, "c"), Entry(onTrack, null, 13, "d")], None);
        var powerSkills = DevelopmentHarness.Sample(EventIds.New(), start.AddDays(30), 20, start.AddDays(29), start) with { Pdus = new PduSplit(0, 6, 0), Title = "Negotiation for PMs" };
        var otherArea = DevelopmentHarness.Sample(EventIds.New(), start.AddDays(20), 20, start.AddDays(19), start) with { Pdus = new PduSplit(5, 0, 0), Title = "Scheduling deep dive" };
        await h.Events.AddAsync(powerSkills, None);
        await h.Events.AddAsync(otherArea, None);

        await h.Get<CertificationSweeper>().SweepOnceAsync(None);
        await h.Get<CertificationSweeper>().SweepOnceAsync(None);

        ExpiringCertification Line(PmoUser who) => new(who.UserKey, who.Name, "PMP", "PMP", expires);
        var warning = await h.Deliveries.GetAsync(CertificationSweeper.PaceKey(Line(behind)), None);
        Assert.NotNull(warning);
        Assert.Equal("You are behind on PDUs for your PMP: 6 Power Skills, 30 PDUs in all still to earn. 177 days left.", warning!.Text);
        var offered = warning.Card!.ToJsonString();
        Assert.Contains(powerSkills.Id, offered, StringComparison.Ordinal);
        Assert.DoesNotContain(otherArea.Id, offered, StringComparison.Ordinal);
        Assert.Null(await h.Deliveries.GetAsync(CertificationSweeper.PaceKey(Line(onTrack)), None));
        await AdaptiveCardValidator.AssertValidAsync("behind pace", warning.Card!);
    }

    [Fact]
    public void Events_offered_fill_the_missing_area_first_and_only_while_registration_is_open()
    {
        var now = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var cert = new Certification("pm", "Megan", "PMP", "PMP", null, new DateOnly(2023, 9, 1), new DateOnly(2026, 9, 1), now);
        var progress = PduProgressCalculator.Calculate(cert, [new PduEntry("pm", "1", new DateOnly(2024, 1, 1), PduCategory.Education, TalentArea.WaysOfWorking, 40, "x", now)], new DateOnly(2026, 3, 2))!;
        LearningEvent Event(string id, PduSplit pdus, double inDays, double deadlineDays) =>
            DevelopmentHarness.Sample(id, now.AddDays(inDays), 10, now.AddDays(deadlineDays), now) with { Pdus = pdus };

        var offered = CertificationSweeper.Filling(
            progress,
            [Event("EV-WOW01", new PduSplit(4, 0, 0), 5, 4), Event("EV-POW01", new PduSplit(0, 2, 0), 10, 9), Event("EV-BIZ01", new PduSplit(0, 3, 5), 20, 19), Event("EV-SHUT1", new PduSplit(0, 8, 0), 3, -1), Event("EV-LATE1", new PduSplit(0, 8, 0), 300, 299)],
            now);

        Assert.Equal(["EV-BIZ01", "EV-POW01"], offered.Select(e => e.Id));
    }
}
