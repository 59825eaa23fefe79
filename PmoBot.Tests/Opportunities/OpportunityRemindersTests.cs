using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PmoBot.Alerts;
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
        var h = await OpportunityHarness.CreateAsync();
        var delivery = await DeliveryHarness.CreateAsync();
        var patti = await h.Projects.PersonAsync("Patti", Role.ProjectManager);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var today = new DateOnly(2026, 3, 2);
        var alertTable = "OppAlerts" + Guid.NewGuid().ToString("N")[..8];
        var channels = new AlertChannelStore(await AzuriteStorage.WithTablesAsync(alertTable), alertTable);
        await channels.SetAsync(new AlertChannel("19:pmo@thread.tacv2", "PMO alerts", "Alex", time.GetUtcNow()), None);
        var options = Options.Create(new OpportunitiesOptions { ReminderDays = 14 });
        var sweeper = new OpportunityReminderSweeper(h.Store, delivery.Outbox, new PmoNotifier(channels, h.Projects.People.Directory, delivery.Outbox), options, time, NullLogger<OpportunityReminderSweeper>.Instance);
        Opportunity Deal(string code, int closeIn) => OpportunityHarness.Valid(code, patti) with { ExpectedClose = today.AddDays(closeIn), DeliveryStart = today.AddDays(60), DeliveryEnd = today.AddDays(200) };
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
        Assert.Equal($"OPP-45's expected close, {PmoBot.Reviews.Templates.DateText.Display(today.AddDays(-2))}, has passed without a delivery-risk review at Propose: review it, or update its stage or close date.", late!.Text);
        Assert.StartsWith("Review overdue · OPP-45 · ", late.Card!["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("was 3 days ago and it is still open at Propose", late.Card!.ToJsonString(), StringComparison.Ordinal);
        await Cards.AdaptiveCardValidator.AssertValidAsync("overdue reminder", late.Card!);
    }
}
