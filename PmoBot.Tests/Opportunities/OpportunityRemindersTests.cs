using Azure.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Alerts;
using PmoBot.Commands;
using PmoBot.Delivery;
using PmoBot.Opportunities;
using PmoBot.People;
using PmoBot.Tests.Delivery;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Opportunities;

/// <summary>Close-date reminders on a fake clock: due within N days without a review at the current stage, once per stage.</summary>
public sealed class OpportunityRemindersTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_deal_nearing_its_close_unreviewed_at_its_stage_reminds_its_owner_and_the_pmo_once_and_again_at_a_new_stage()
    {
        var s = await Setup.CreateAsync(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var (h, delivery, time, sweeper) = (s.Opportunities, s.Delivery, s.Time, s.Sweeper);
        var patti = await h.Projects.PersonAsync("Patti", Role.ProjectManager);
        var today = new DateOnly(2026, 3, 2);
        Opportunity Deal(string code, int closeIn) => Setup.Deal(code, patti, today.AddDays(closeIn));
        await h.Register.CreateAsync(Deal("OPP-41", 14), "t", None);
        await h.Register.CreateAsync(Deal("OPP-42", 15), "t", None);
        await h.Register.CreateAsync(Deal("OPP-43", 3) with { LatestReview = new ReviewHeadline("r", OpportunityStage.Propose, 72, Band.Go, 1, time.GetUtcNow()) }, "t", None);
        await h.Register.CreateAsync(Deal("OPP-44", 3) with { Stage = OpportunityStage.Lost, StageReason = "Price" }, "t", None);

        Assert.Equal(1, await sweeper.SweepOnceAsync(None));
        var owner = await delivery.Deliveries.GetAsync(OpportunityReminderSweeper.ReminderKey("OPP-41", OpportunityStage.Propose) + "|owner", None);
        Assert.Equal(DeliveryTarget.PersonalChat(patti.UserKey), owner!.Target);
        Assert.StartsWith("OPP-41 closes in 14 days without a delivery-risk review at Propose", owner.Text, StringComparison.Ordinal);
        var pmo = await delivery.Deliveries.GetAsync(OpportunityReminderSweeper.ReminderKey("OPP-41", OpportunityStage.Propose) + "|channel", None);
        Assert.Equal(DeliveryTarget.Channel("19:pmo@thread.tacv2"), pmo!.Target);
        Assert.Null(await delivery.Deliveries.GetAsync(OpportunityReminderSweeper.ReminderKey("OPP-42", OpportunityStage.Propose) + "|owner", None));

        // A day later the 15-day deal is due too; the first is not asked for again (same key, same record).
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, await sweeper.SweepOnceAsync(None));
        Assert.Equal(owner.CreatedAt, (await delivery.Deliveries.GetAsync(OpportunityReminderSweeper.ReminderKey("OPP-41", OpportunityStage.Propose) + "|owner", None))!.CreatedAt);
        Assert.NotNull(await delivery.Deliveries.GetAsync(OpportunityReminderSweeper.ReminderKey("OPP-42", OpportunityStage.Propose) + "|owner", None));

        // OPP-43 was reviewed at Propose; moved to Negotiate unreviewed, it is reminded at its new stage.
        Assert.Null(await delivery.Deliveries.GetAsync(OpportunityReminderSweeper.ReminderKey("OPP-43", OpportunityStage.Propose) + "|owner", None));
        var stored = (await h.Register.GetAsync("OPP-43", None))!;
        await h.Register.UpdateAsync(stored.Opportunity with { Stage = OpportunityStage.Negotiate }, stored.ETag, "t", None);
        await sweeper.SweepOnceAsync(None);
        Assert.NotNull(await delivery.Deliveries.GetAsync(OpportunityReminderSweeper.ReminderKey("OPP-43", OpportunityStage.Negotiate) + "|owner", None));
        Assert.Null(await delivery.Deliveries.GetAsync(OpportunityReminderSweeper.ReminderKey("OPP-44", OpportunityStage.Lost) + "|owner", None));
        await Cards.AdaptiveCardValidator.AssertValidAsync("reminder", owner.Card!);

        // A deal left open after its close date (here three days before the sweep's day) is reminded in words that fit, not "closes 3 days ago".
        await h.Register.CreateAsync(Deal("OPP-45", -2), "t", None);
        await sweeper.SweepOnceAsync(None);
        var late = await delivery.Deliveries.GetAsync(OpportunityReminderSweeper.ReminderKey("OPP-45", OpportunityStage.Propose) + "|owner", None);
        Assert.Equal($"OPP-45's expected close, {DateText.Display(today.AddDays(-2))}, has passed without a delivery-risk review at Propose: review it, or update its stage or close date.", late!.Text);
        Assert.StartsWith("Review overdue · OPP-45 · ", late.Card!["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("was 3 days ago and it is still open at Propose", late.Card!.ToJsonString(), StringComparison.Ordinal);
        await Cards.AdaptiveCardValidator.AssertValidAsync("overdue reminder", late.Card!);
    }

    [Theory]
    [InlineData("2026-03-02T20:00:00Z", "Asia/Kolkata", true)] // 01:30 on 3 Mar in Kolkata, still 2 Mar in London
    [InlineData("2026-03-03T05:00:00Z", "America/Los_Angeles", false)] // 21:00 on 2 Mar in Los Angeles, 3 Mar in London
    public async Task A_deal_is_reminded_once_it_is_within_the_days_on_its_owner_s_own_calendar(string now, string zone, bool awayFirst)
    {
        // A deal closing on 17 Mar is 14 days away (due) on 3 Mar and 15 (not yet) on 2 Mar: an owner in London is on UTC's date.
        var s = await Setup.CreateAsync(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        var closes = new DateOnly(2026, 3, 17);
        // Codes of each case's own: the outbox's records, which the reminders are read from, are the run's.
        var (away, onUtc) = awayFirst ? ("OPP-51", "OPP-52") : ("OPP-53", "OPP-54");
        await s.Opportunities.Register.CreateAsync(Setup.Deal(away, await s.OwnerAsync("Priya", zone), closes), "t", None);
        await s.Opportunities.Register.CreateAsync(Setup.Deal(onUtc, await s.OwnerAsync("Megan", "Europe/London"), closes), "t", None);

        Assert.Equal(1, await s.Sweeper.SweepOnceAsync(None));

        var (reminded, notYet) = awayFirst ? (away, onUtc) : (onUtc, away);
        Assert.StartsWith($"{reminded} closes in 14 days without", (await s.OwnerReminderAsync(reminded))?.Text, StringComparison.Ordinal);
        Assert.Null(await s.OwnerReminderAsync(notYet));
    }

    [Fact]
    public async Task A_sweep_reads_each_near_deal_s_owner_once_and_no_one_whose_deals_are_far_off()
    {
        var s = await Setup.CreateAsync(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var today = new DateOnly(2026, 3, 2);
        var priya = await s.OwnerAsync("Priya", "Asia/Kolkata");
        var far = await s.OwnerAsync("Lee", "America/Los_Angeles");
        foreach (var (code, closeIn) in new[] { ("OPP-61", 3), ("OPP-62", 10), ("OPP-63", -2) })
        {
            await s.Opportunities.Register.CreateAsync(Setup.Deal(code, priya, today.AddDays(closeIn)), "t", None);
        }

        await s.Opportunities.Register.CreateAsync(Setup.Deal("OPP-64", far, today.AddDays(40)), "t", None);
        var profileReads = new StorageRequestCount(r => r.Method == RequestMethod.Get && r.Uri.Path.Contains($"/{UserStore.TableName}(", StringComparison.Ordinal));
        var counted = profileReads.Service();
        var people = new PeopleDirectory(new UserStore(counted), new RoleMemberStore(counted), new UserLookupStore(counted), Options.Create(new RolesOptions()), s.Time);

        Assert.Equal(3, await s.SweeperReading(people).SweepOnceAsync(None));
        Assert.Equal(1, profileReads.Count);
    }

    /// <summary>The pipeline on tables of this test's own (the sweep reads it whole), people, the outbox and a PMO alert channel.</summary>
    private sealed record Setup(OpportunityHarness Opportunities, DeliveryHarness Delivery, FakeTimeProvider Time, PmoNotifier Pmo)
    {
        public OpportunityReminderSweeper Sweeper => SweeperReading(Opportunities.Projects.People.Directory);

        public static async Task<Setup> CreateAsync(DateTimeOffset now)
        {
            var h = await OpportunityHarness.CreateAsync();
            var delivery = await DeliveryHarness.CreateAsync();
            var time = new FakeTimeProvider(now);
            var alertTable = "OppAlerts" + Guid.NewGuid().ToString("N")[..8];
            var channels = new AlertChannelStore(await AzuriteStorage.WithTablesAsync(alertTable), alertTable);
            await channels.SetAsync(new AlertChannel("19:pmo@thread.tacv2", "PMO alerts", "Alex", time.GetUtcNow()), None);
            return new Setup(h, delivery, time, new PmoNotifier(channels, h.Projects.People.Directory, delivery.Outbox));
        }

        public static Opportunity Deal(string code, PmoUser owner, DateOnly closes) =>
            OpportunityHarness.Valid(code, owner) with { ExpectedClose = closes, DeliveryStart = closes.AddDays(45), DeliveryEnd = closes.AddDays(200) };

        public OpportunityReminderSweeper SweeperReading(PeopleDirectory people) =>
            new(Opportunities.Store, people, Delivery.Outbox, Pmo, Options.Create(new OpportunitiesOptions { ReminderDays = 14 }), Time, NullLogger<OpportunityReminderSweeper>.Instance);

        public async Task<PmoUser> OwnerAsync(string firstName, string timeZone)
        {
            var people = Opportunities.Projects.People;
            return await people.Directory.SetTimeZoneAsync(await people.PersonAsync(TestPerson.New(firstName), Role.ProjectManager), timeZone, None);
        }

        public Task<DeliveryRecord?> OwnerReminderAsync(string code) =>
            Delivery.Deliveries.GetAsync(OpportunityReminderSweeper.ReminderKey(code, OpportunityStage.Propose) + "|owner", None);
    }
}
