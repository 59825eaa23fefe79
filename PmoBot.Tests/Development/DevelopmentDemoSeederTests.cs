using PmoBot.Demo;
using PmoBot.Development;
using PmoBot.Development.Certifications;
using PmoBot.Development.Events;
using PmoBot.Development.Mentoring;
using PmoBot.Development.Training;

namespace PmoBot.Tests.Development;

/// <summary>The demo's development data: all there after seeding, the same after seeding again, and never over a change made in chat.</summary>
public sealed class DevelopmentDemoSeederTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Seeding_twice_gives_the_catalogue_three_events_one_full_the_certifications_plans_and_pair_once()
    {
        var h = await DevelopmentHarness.CreateAsync(DateTimeOffset.UtcNow);
        var seeder = h.Get<DevelopmentDemoSeeder>();
        var megan = DemoOrganisation.People.Single(p => p.Name == "Megan Bowen");
        var adele = DemoOrganisation.People.Single(p => p.Name == "Adele Vance");

        await seeder.SeedAsync(None);
        // A change made in chat since: Megan recorded her PMP again with another number.
        var pmp = (await h.Get<CertificationStore>().GetAsync(megan.AadObjectId, "PMP", None))!;
        await h.Get<CertificationStore>().SaveAsync(pmp with { Number = "CHANGED-IN-CHAT" }, None);
        await seeder.SeedAsync(None);

        var catalogue = await h.Get<TrainingCatalogueStore>().ListAsync(None);
        Assert.True(catalogue.Count(p => p.Id.StartsWith("TR-", StringComparison.Ordinal)) >= 12);
        var upcoming = (await h.Events.ListUpcomingAsync(DateTimeOffset.UtcNow, None)).Where(e => e.Id.StartsWith("EV-DEMO", StringComparison.Ordinal)).ToList();
        Assert.Equal(["EV-DEMO1", "EV-DEMO2", "EV-DEMO3"], upcoming.Select(e => e.Id).Order());
        Assert.Single(upcoming, e => e.Online);
        var full = (await h.Registrations.GetCountsAsync(DevelopmentDemoSeeder.FullEventId, None))!.Counts;
        Assert.Equal((2, 2), (full.Seats, full.Waitlisted));

        var meganPmp = (await h.Get<CertificationStore>().GetAsync(megan.AadObjectId, "PMP", None))!;
        Assert.Equal("CHANGED-IN-CHAT", meganPmp.Number);
        var progress = PduProgressCalculator.Calculate(meganPmp, await h.Get<PduLogStore>().ListAsync(megan.AadObjectId, None), DateOnly.FromDateTime(DateTime.UtcNow))!;
        Assert.True(progress.NeedsWarning, "Megan's PMP is behind on PDUs");
        Assert.InRange(progress.DaysLeft, 140, 183);
        var expiring = await h.Get<CertificationStore>().ListExpiringAsync(DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30), None);
        Assert.Contains(expiring, e => e.UserKey == adele.AadObjectId && e.Name == "PRINCE2 Practitioner");
        Assert.Single(await h.Get<DevelopmentPlanStore>().ListAsync(megan.AadObjectId, None), i => i.ProgrammeId == "TR-COST-1");
        var pair = (await h.Get<MentoringStore>().GetAsync(DevelopmentDemoSeeder.PairId, None))!;
        Assert.Equal((megan.AadObjectId, "cost"), (pair.MenteeKey, pair.KnowledgeArea));
        // Marked active as a paired form's pair is, so mentor end Megan finds it.
        Assert.Contains(await h.Get<MentoringStore>().ActiveForMenteeAsync(megan.AadObjectId, None), p => p.Id == DevelopmentDemoSeeder.PairId);
    }
}
