using System.Text.Json.Nodes;
using PmoBot.Alerts;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.People;
using PmoBot.Processes;
using PmoBot.Tests.Cards;
using PmoBot.Tests.Projects;
using static PmoBot.Tests.Processes.ProcessesHarness;

namespace PmoBot.Tests.Processes;

/// <summary>
/// Rollouts: publishing starts one with a personal card per person through the outbox; read receipts make a card
/// seen, the button acknowledged; reminders and overdue notices go on a fake clock; the PMO's view, reminders and CSV.
/// </summary>
public sealed class RolloutTests
{
    private static readonly DateOnly Due = new(2025, 3, 24);

    [Fact]
    public async Task Publishing_with_acknowledgement_starts_a_rollout_and_the_worker_queues_one_personal_card_each()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var adele = await h.Projects.PersonAsync("Adele");

        var (process, rollout) = await h.RollOutAsync(pmo, [megan, adele], Due);

        Assert.Equal(1, h.Signal.Calls);
        Assert.Equal(2, rollout.People);
        Assert.Null(rollout.FannedOutAt);
        Assert.All(await h.Rollouts.ListPeopleAsync(process.Process.Key, 1, None), p => Assert.Equal(AcknowledgementState.Pending, p.State));
        Assert.Equal(2, await h.Rounds.SweepAsync(None));
        Assert.Equal(0, await h.Rounds.SweepAsync(None));
        foreach (var person in new[] { megan, adele })
        {
            var delivery = (await h.Delivery.Deliveries.GetAsync(RolloutCard.First.KeyFor(rollout, person.UserKey), None))!;
            Assert.Equal(DeliveryTarget.PersonalChat(person.UserKey), delivery.Target);
            Assert.Contains(RolloutCards.AcknowledgeTitle, TextsOf(delivery.Card));
            Assert.Contains("Every risk needs an owner and a review date.", TextsOf(delivery.Card));
            Assert.Contains(ProcessesHarness.ActionsOf(delivery.Card!), a => a["type"]!.GetValue<string>() == "Action.OpenUrl" && a["url"]!.GetValue<string>() == process.Process.DocumentUrl);
        }

        Assert.NotNull((await h.Rollouts.GetAsync(process.Process.Key, 1, None))!.FannedOutAt);
        await AdaptiveCardValidator.AssertValidAsync("personal card", await h.CardFor(rollout, megan));
    }

    [Fact]
    public async Task A_read_receipt_before_the_button_makes_the_card_seen_and_the_button_then_acknowledges_keeping_when_it_was_seen()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var (_, rollout) = await h.RollOutAsync(pmo, [megan], Due);
        await h.Rounds.SweepAsync(None);
        await h.MarkSentAsync(rollout, megan, 1_741_600_000_000);

        await h.ReadAsync(megan, 1_741_599_999_999);
        Assert.Equal(AcknowledgementState.Pending, (await h.PersonAsync(rollout, megan)).State);

        h.Time.Advance(TimeSpan.FromMinutes(5));
        var seenAt = h.Time.GetUtcNow();
        await h.ReadAsync(megan, 1_741_600_000_000);
        var seen = await h.PersonAsync(rollout, megan);
        Assert.Equal((AcknowledgementState.Seen, seenAt, (DateTimeOffset?)null), (seen.State, seen.SeenAt!.Value, seen.AcknowledgedAt));

        h.Time.Advance(TimeSpan.FromHours(1));
        var answer = await h.AcknowledgeAsync(megan, await h.CardFor(rollout, megan));

        var done = await h.PersonAsync(rollout, megan);
        Assert.Equal(AcknowledgementState.Acknowledged, done.State);
        Assert.Equal(seenAt, done.SeenAt);
        Assert.Equal(h.Time.GetUtcNow(), done.AcknowledgedAt);
        Assert.Contains(TextsOf(answer.Card), t => t.StartsWith("✅ You confirmed on", StringComparison.Ordinal));
        Assert.DoesNotContain(RolloutCards.AcknowledgeTitle, TextsOf(answer.Card));
        await AdaptiveCardValidator.AssertValidAsync("acknowledged card", answer.Card!);
    }

    [Fact]
    public async Task A_read_receipt_after_the_button_changes_nothing_and_a_second_press_keeps_the_first_time()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var (_, rollout) = await h.RollOutAsync(pmo, [megan], Due);
        await h.Rounds.SweepAsync(None);
        await h.MarkSentAsync(rollout, megan, 1_741_600_000_000);
        var card = await h.CardFor(rollout, megan);

        await h.AcknowledgeAsync(megan, card);
        var acknowledged = await h.PersonAsync(rollout, megan);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.ReadAsync(megan, 1_741_600_000_500);
        var again = await h.AcknowledgeAsync(megan, card);

        var after = await h.PersonAsync(rollout, megan);
        Assert.Equal((acknowledged.State, acknowledged.SeenAt, acknowledged.AcknowledgedAt), (after.State, after.SeenAt, after.AcknowledgedAt));
        Assert.Equal(acknowledged.AcknowledgedAt, acknowledged.SeenAt);
        Assert.StartsWith("You had already acknowledged", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_outside_the_rollout_cannot_acknowledge_it_while_someone_in_it_can()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var megan = await h.Projects.PersonAsync("Megan", Role.ProjectManager);
        var outsider = await h.Projects.PersonAsync("Lynne", Role.ProjectManager);
        var (_, rollout) = await h.RollOutAsync(pmo, [megan], Due);
        await h.Rounds.SweepAsync(None);
        var card = await h.CardFor(rollout, megan);

        var refused = await h.AcknowledgeAsync(outsider, card);
        var accepted = await h.AcknowledgeAsync(megan, card);

        Assert.Equal($"{rollout.Title} was not sent to you for acknowledgement, so nothing was recorded. Ask the PMO if it should have been.", refused.Text);
        Assert.Null(await h.Rollouts.GetPersonAsync(rollout.ProcessKey, 1, outsider.UserKey, None));
        Assert.NotNull(accepted.Card);
        Assert.True((await h.PersonAsync(rollout, megan)).IsAcknowledged);
    }

    [Fact]
    public async Task The_reminder_goes_days_before_the_due_date_to_those_not_acknowledged_and_the_overdue_notice_after_it_once()
    {
        var h = await CreateAsync(o => o.ReminderDaysBeforeDue = 3);
        var pmo = await h.PmoAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var adele = await h.Projects.PersonAsync("Adele");
        var (_, rollout) = await h.RollOutAsync(pmo, [megan, adele], Due);
        await h.AlertChannels.SetAsync(new AlertChannel($"19:{Guid.NewGuid():N}@thread.tacv2", "PMO", pmo.Name, h.Time.GetUtcNow()), None);
        await h.Rounds.SweepAsync(None);
        await h.AcknowledgeAsync(megan, await h.CardFor(rollout, megan));

        // Due at the end of 24 March (UTC): the reminder window opens at the end of 21 March.
        h.Time.SetUtcNow(new DateTimeOffset(2025, 3, 21, 23, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await h.Rounds.SweepAsync(None));
        h.Time.SetUtcNow(new DateTimeOffset(2025, 3, 22, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await h.Rounds.SweepAsync(None));
        Assert.Equal(0, await h.Rounds.SweepAsync(None));
        Assert.NotNull(await h.Delivery.Deliveries.GetAsync(RolloutCard.Reminder.KeyFor(rollout, adele.UserKey), None));
        Assert.Null(await h.Delivery.Deliveries.GetAsync(RolloutCard.Reminder.KeyFor(rollout, megan.UserKey), None));

        h.Time.SetUtcNow(new DateTimeOffset(2025, 3, 24, 23, 59, 59, TimeSpan.Zero));
        Assert.Equal(0, await h.Rounds.SweepAsync(None));
        Assert.Equal(AcknowledgementState.Pending, (await h.PersonAsync(rollout, adele)).StateAt(rollout, h.Time.GetUtcNow()));
        h.Time.SetUtcNow(new DateTimeOffset(2025, 3, 25, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(AcknowledgementState.Overdue, (await h.PersonAsync(rollout, adele)).StateAt(rollout, h.Time.GetUtcNow()));
        Assert.Equal(1, await h.Rounds.SweepAsync(None));
        Assert.Equal(0, await h.Rounds.SweepAsync(None));

        var overdue = (await h.Delivery.Deliveries.GetAsync(RolloutCard.Overdue.KeyFor(rollout, adele.UserKey), None))!;
        Assert.Contains($"Overdue: {rollout.Title}", TextsOf(overdue.Card));
        Assert.Null(await h.Delivery.Deliveries.GetAsync(RolloutCard.Overdue.KeyFor(rollout, megan.UserKey), None));
        var pmoNotice = (await h.Delivery.Deliveries.GetAsync($"{RolloutRounds.OverdueNoticeKey(rollout)}|channel", None))!;
        Assert.Contains(TextsOf(pmoNotice.Card), t => t.Contains(adele.Name, StringComparison.Ordinal));
        Assert.DoesNotContain(TextsOf(pmoNotice.Card), t => t.Contains(megan.Name, StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertAllValidAsync([("overdue card", overdue.Card!), ("pmo overdue notice", pmoNotice.Card!)]);
    }

    [Fact]
    public async Task Acknowledging_from_the_reminder_updates_the_first_card_in_place_through_the_outbox()
    {
        var h = await CreateAsync(o => o.ReminderDaysBeforeDue = 3);
        var pmo = await h.PmoAsync();
        var adele = await h.Projects.PersonAsync("Adele");
        var (_, rollout) = await h.RollOutAsync(pmo, [adele], Due);
        await h.Rounds.SweepAsync(None);
        await h.MarkSentAsync(rollout, adele, 1_741_600_000_000);
        h.Time.SetUtcNow(new DateTimeOffset(2025, 3, 22, 8, 0, 0, TimeSpan.Zero));
        await h.Rounds.SweepAsync(None);

        var answer = await h.AcknowledgeAsync(adele, await h.CardFor(rollout, adele, RolloutCard.Reminder));

        Assert.Contains(TextsOf(answer.Card), t => t.StartsWith("✅ You confirmed on", StringComparison.Ordinal));
        var update = (await h.Delivery.Deliveries.GetAsync(RolloutCard.First.KeyFor(rollout, adele.UserKey) + "|done", None))!;
        Assert.Equal(RolloutCard.First.KeyFor(rollout, adele.UserKey), update.Replaces);
        Assert.Contains(TextsOf(update.Card), t => t.StartsWith("✅ You confirmed on", StringComparison.Ordinal));
        Assert.Null(await h.Delivery.Deliveries.GetAsync(RolloutCard.Reminder.KeyFor(rollout, adele.UserKey) + "|done", None));
    }

    [Fact]
    public async Task The_rollout_card_shows_the_rates_per_state_and_business_unit_and_who_is_overdue()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var unitA = ProjectsHarness.NewBusinessUnit();
        var unitB = ProjectsHarness.NewBusinessUnit();
        var people = new List<PmoUser>();
        foreach (var (name, unit) in new[] { ("Ann", unitA), ("Bea", unitA), ("Cai", unitA), ("Dev", unitB) })
        {
            var person = await h.Projects.PersonAsync(name);
            await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), person, businessUnit: unit));
            people.Add(person);
        }

        var (process, rollout) = await h.RollOutAsync(pmo, people, Due);
        await h.Rounds.SweepAsync(None);
        await h.MarkSentAsync(rollout, people[1], 1_741_600_000_000);
        await h.AcknowledgeAsync(people[0], await h.CardFor(rollout, people[0]));
        await h.ReadAsync(people[1], 1_741_600_000_001);
        await h.AcknowledgeAsync(people[3], await h.CardFor(rollout, people[3]));

        var before = (await h.SayAsync(pmo, $"rollout {process.Process.Name}")).Card!;
        h.Time.SetUtcNow(new DateTimeOffset(2025, 3, 25, 9, 0, 0, TimeSpan.Zero));
        var after = (await h.SayAsync(pmo, $"rollout {process.Process.Key} 1")).Card!;

        // Four people: Ann and Dev acknowledged (2 of 4), Bea seen, Cai pending; after the due date Bea and Cai are overdue.
        Assert.Contains(("Acknowledged", "2 (50%)"), FactsOf(before));
        Assert.Contains(("Seen, not acknowledged", "1 (25%)"), FactsOf(before));
        Assert.Contains(("Pending", "1 (25%)"), FactsOf(before));
        Assert.Contains(("Overdue", "0 (0%)"), FactsOf(before));
        Assert.Contains(("Overdue", "2 (50%)"), FactsOf(after));
        Assert.Contains(("Acknowledged", "2 (50%)"), FactsOf(after));
        var rows = TableRows(before);
        Assert.Equal([unitA, "33%", "1", "1", "0", "3"], rows[1]);
        Assert.Equal([unitB, "100%", "0", "0", "0", "1"], rows[2]);
        Assert.Equal([unitA, "33%", "0", "0", "2", "3"], TableRows(after)[1]);
        Assert.Contains($"{people[1].Name}, {people[2].Name}", TextsOf(after));
        await AdaptiveCardValidator.AssertAllValidAsync([("rollout before due", before), ("rollout after due", after)]);
    }

    [Fact]
    public async Task A_person_running_projects_in_several_business_units_is_counted_once_in_the_unit_of_most_of_them()
    {
        var (card, first, second) = await RolloutAcrossUnitsAsync();

        // Ann runs one project in the first unit; Megan one there and two in the second (one as deputy): she counts in the second only.
        var rows = TableRows(card);
        Assert.Equal([first, "0%", "0", "1", "0", "1"], rows.Single(r => r[0] == first));
        Assert.Equal([second, "0%", "0", "1", "0", "1"], rows.Single(r => r[0] == second));
        Assert.Equal(2, rows.Skip(1).Sum(r => int.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(RolloutCards.CountedOnceNote, TextsOf(card));
    }

    [Fact]
    public async Task A_person_running_projects_in_one_business_unit_is_counted_in_it_with_no_note()
    {
        var (onlyFirst, first, _) = await RolloutAcrossUnitsAsync(meganInBoth: false);

        var rows = TableRows(onlyFirst);
        Assert.Equal([first, "0%", "0", "2", "0", "2"], rows[1]);
        Assert.Equal(2, rows.Count);
        Assert.DoesNotContain(RolloutCards.CountedOnceNote, TextsOf(onlyFirst));
    }

    private static async Task<(JsonObject Card, string First, string Second)> RolloutAcrossUnitsAsync(bool meganInBoth = true)
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var units = new[] { ProjectsHarness.NewBusinessUnit(), ProjectsHarness.NewBusinessUnit() }.Order(StringComparer.OrdinalIgnoreCase).ToArray();
        var megan = await h.Projects.PersonAsync("Megan");
        var ann = await h.Projects.PersonAsync("Ann");
        await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan, businessUnit: units[0]));
        await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), ann, businessUnit: units[0]));
        if (meganInBoth)
        {
            var lynne = await h.Projects.PersonAsync("Lynne");
            await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan, businessUnit: units[1]));
            await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), lynne, megan, units[1]));
        }

        var (process, _) = await h.RollOutAsync(pmo, [megan, ann], Due);
        var card = (await h.SayAsync(pmo, $"rollout {process.Process.Key} 1")).Card!;
        await AdaptiveCardValidator.AssertAllValidAsync([("rollout across units", card)]);
        return (card, units[0], units[1]);
    }

    [Fact]
    public async Task Rollout_remind_reminds_everyone_not_acknowledged_once_and_refuses_a_second_reminder_too_soon()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var adele = await h.Projects.PersonAsync("Adele");
        var (process, rollout) = await h.RollOutAsync(pmo, [megan, adele], Due);
        await h.Rounds.SweepAsync(None);
        await h.AcknowledgeAsync(megan, await h.CardFor(rollout, megan));

        var reminded = await h.SayAsync(pmo, $"rollout remind {process.Process.Name}");
        var tooSoon = await h.SayAsync(pmo, $"rollout remind {process.Process.Name}");
        Assert.Equal(1, await h.Rounds.SweepAsync(None));
        h.Time.Advance(TimeSpan.FromHours(1));
        var later = await h.SayAsync(pmo, $"rollout remind {process.Process.Name}");
        Assert.Equal(1, await h.Rounds.SweepAsync(None));

        Assert.StartsWith("Reminding 1 person who has not acknowledged", reminded.Text, StringComparison.Ordinal);
        Assert.Contains("the next reminder can go from", tooSoon.Text, StringComparison.Ordinal);
        Assert.StartsWith("Reminding 1 person", later.Text, StringComparison.Ordinal);
        Assert.NotNull(await h.Delivery.Deliveries.GetAsync(RolloutCard.Manual(1).KeyFor(rollout, adele.UserKey), None));
        Assert.NotNull(await h.Delivery.Deliveries.GetAsync(RolloutCard.Manual(2).KeyFor(rollout, adele.UserKey), None));
        Assert.Null(await h.Delivery.Deliveries.GetAsync(RolloutCard.Manual(1).KeyFor(rollout, megan.UserKey), None));
        var beforeDue = (await h.Delivery.Deliveries.GetAsync(RolloutCard.Manual(1).KeyFor(rollout, adele.UserKey), None))!.Card!;
        Assert.Contains(TextsOf(beforeDue), t => t.EndsWith($"confirm below by {ProcessText.Date(rollout.DueDate)}.", StringComparison.Ordinal));
        Assert.Equal((2, 2), ((await h.Rollouts.GetAsync(process.Process.Key, 1, None))!.ManualRounds, (await h.Rollouts.GetAsync(process.Process.Key, 1, None))!.ManualRoundsSent));
    }

    [Fact]
    public async Task A_reminder_after_the_due_date_says_the_version_was_due_and_is_overdue_and_counts_people_in_the_singular()
    {
        var h = await CreateAsync();
        var (pmo, adele) = (await h.PmoAsync(), await h.Projects.PersonAsync("Adele"));
        var (process, rollout) = await h.RollOutAsync(pmo, [adele], Due);
        h.Time.SetUtcNow(new DateTimeOffset(2025, 3, 25, 9, 0, 0, TimeSpan.Zero));

        var reminded = await h.SayAsync(pmo, $"rollout remind {process.Process.Name}");
        await h.Rounds.SweepAsync(None);

        Assert.StartsWith("Reminding 1 person who has not acknowledged", reminded.Text, StringComparison.Ordinal);
        Assert.Contains("(1 overdue)", reminded.Text, StringComparison.Ordinal);
        var card = (await h.Delivery.Deliveries.GetAsync(RolloutCard.Manual(1).KeyFor(rollout, adele.UserKey), None))!.Card!;
        Assert.Contains($"Overdue reminder: {rollout.Title}", TextsOf(card));
        Assert.Contains(TextsOf(card), t => t.StartsWith($"This was due on {ProcessText.Date(rollout.DueDate)} and is overdue.", StringComparison.Ordinal));
        Assert.DoesNotContain(TextsOf(card), t => t.Contains("confirm below by", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollout_export_outside_personal_chat_answers_the_people_and_their_states_as_csv_text()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var adele = await h.Projects.PersonAsync("Adele");
        var (process, rollout) = await h.RollOutAsync(pmo, [megan, adele], Due);
        await h.Rounds.SweepAsync(None);
        await h.AcknowledgeAsync(megan, await h.CardFor(rollout, megan));

        // Teams sends a bot's files only in personal chat (RolloutOverHttpTests covers the file): in a channel it is text.
        var export = (await h.Commands.RouteAsync(pmo, $"rollout export {process.Process.Key}", ConversationKind.Channel, [], None)).Text!;

        var lines = export[(export.IndexOf("```\n", StringComparison.Ordinal) + 4)..export.LastIndexOf("```", StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The heading is read, so its date reads as on the cards; the CSV under it keeps ISO for spreadsheets.
        Assert.Contains(", 2 people as of 10 Mar 2025 09:00 UTC**", export, StringComparison.Ordinal);
        Assert.Equal("name,entra_object_id,business_units,state,seen_utc,acknowledged_utc", lines[0]);
        Assert.Contains($"{megan.Name},{megan.UserKey},(no active project),Acknowledged,2025-03-10 09:00:00,2025-03-10 09:00:00", lines);
        Assert.Contains($"{adele.Name},{adele.UserKey},(no active project),Pending,,", lines);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task A_new_version_starts_a_new_rollout_and_the_old_one_closes_with_its_acknowledgements_kept()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var (process, first) = await h.RollOutAsync(pmo, [megan], Due);
        await h.Rounds.SweepAsync(None);
        await h.AcknowledgeAsync(megan, await h.CardFor(first, megan));

        var published = await h.PublishAsync(pmo, process.Process.Key, RolloutForms.Inputs(AudienceKind.People, megan.UserKey, Due.AddDays(7), "Risk reviews move to fortnightly."));
        await h.Rounds.SweepAsync(None);

        Assert.Contains("The rollout of version 1 is closed; its acknowledgements are kept.", published.Text, StringComparison.Ordinal);
        var old = (await h.Rollouts.GetAsync(process.Process.Key, 1, None))!;
        Assert.False(old.IsOpen);
        Assert.True((await h.PersonAsync(old, megan)).IsAcknowledged);
        var second = (await h.Rollouts.GetAsync(process.Process.Key, 2, None))!;
        Assert.True(second.IsOpen);
        Assert.Equal(AcknowledgementState.Pending, (await h.PersonAsync(second, megan)).State);
        Assert.Contains("Risk reviews move to fortnightly.", TextsOf(await h.CardFor(second, megan)));
        Assert.Contains(("Acknowledged", "0 (0%)"), FactsOf((await h.SayAsync(pmo, $"rollout {process.Process.Key}")).Card!));
        Assert.Contains(("Acknowledged", "1 (100%)"), FactsOf((await h.SayAsync(pmo, $"rollout {process.Process.Key} 1")).Card!));
    }

    [Fact]
    public async Task A_publish_whose_audience_cannot_be_used_comes_back_on_the_form_and_publishes_nothing()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var process = await h.AddProcessAsync(pmo);

        var unknownUnit = await h.PublishAsync(pmo, process.Process.Key, RolloutForms.Inputs(AudienceKind.BusinessUnit, "No such unit " + Guid.NewGuid().ToString("N")[..6], Due));
        var pastDue = await h.PublishAsync(pmo, process.Process.Key, RolloutForms.Inputs(AudienceKind.People, pmo.UserKey, new DateOnly(2025, 3, 9)));

        Assert.StartsWith("Nothing was published yet: No active project is in business unit", unknownUnit.Text, StringComparison.Ordinal);
        Assert.StartsWith("Nothing was published yet: The acknowledge-by date 9 Mar 2025 has passed", pastDue.Text, StringComparison.Ordinal);
        Assert.Empty(await h.Library.VersionsAsync(process.Process.Key, None));
        Assert.Empty(await h.Rollouts.ListForProcessAsync(process.Process.Key, None));
    }

    [Fact]
    public async Task An_acknowledge_by_date_on_the_publisher_s_today_is_taken_while_utc_is_already_on_the_next_day()
    {
        var h = await CreateAsync();
        // 02:00 UTC on 11 Mar 2025 is still 10 Mar (19:00) in Los Angeles, where the publisher picks 10 Mar as today.
        h.Time.SetUtcNow(new DateTimeOffset(2025, 3, 11, 2, 0, 0, TimeSpan.Zero));
        var pmo = await h.PmoAsync() with { TimeZone = "America/Los_Angeles" };
        var process = await h.AddProcessAsync(pmo);

        var published = await h.PublishAsync(pmo, process.Process.Key, RolloutForms.Inputs(AudienceKind.People, pmo.UserKey, new DateOnly(2025, 3, 10)));

        Assert.StartsWith("Published version 1", published.Text, StringComparison.Ordinal);
        Assert.Contains("to acknowledge by 10 Mar 2025", published.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_publish_form_defaults_to_the_publisher_s_today_while_utc_is_already_on_the_next_day()
    {
        var h = await CreateAsync();
        h.Time.SetUtcNow(new DateTimeOffset(2025, 3, 11, 2, 0, 0, TimeSpan.Zero));
        var pmo = await h.PmoAsync() with { TimeZone = "America/Los_Angeles" };
        var process = await h.AddProcessAsync(pmo);

        var form = (await h.SayAsync(pmo, $"{ProcessCommands.PublishCommand} {process.Process.Name}")).Card!;

        static IEnumerable<JsonObject> ElementsOf(JsonNode? node) => node switch
        {
            JsonObject o => [o, .. o.SelectMany(p => ElementsOf(p.Value))],
            JsonArray a => a.SelectMany(ElementsOf),
            _ => [],
        };
        string? ValueOf(string id) => (string?)ElementsOf(form).Single(e => (string?)e["id"] == id)["value"];
        // 02:00 UTC on 11 Mar is 10 Mar in Los Angeles: the form's effective date is that day, acknowledge-by two weeks on.
        Assert.Equal(("2025-03-10", "2025-03-24"), (ValueOf(VersionForm.EffectiveField), ValueOf(VersionForm.DueField)));
    }

    [Theory]
    [InlineData("1692206589131", "1692206589131", true)]
    [InlineData("1692206589131", "1692206589999", true)]
    [InlineData("1692206589131", "1692206589130", false)]
    [InlineData("1:1692206589131", "1692206589999", false)]
    [InlineData("1692206589131", "", false)]
    public void A_card_is_read_when_its_message_id_is_not_after_the_last_read_one(string sent, string lastRead, bool read) =>
        Assert.Equal(read, Acknowledgement.IsRead(sent, lastRead));

    private static List<string[]> TableRows(JsonObject card) =>
        card["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Table")!["rows"]!.AsArray()
            .Select(r => r!["cells"]!.AsArray().Select(c => c!["items"]![0]!["text"]!.GetValue<string>()).ToArray())
            .ToList();

    [Fact]
    public async Task Rollout_of_a_version_the_process_does_not_have_says_so_and_lists_its_versions()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var (process, _) = await h.RollOutAsync(pmo, [megan], Due);

        var answer = await h.SayAsync(pmo, $"rollout {process.Process.Name.ToLowerInvariant()} 7");

        Assert.Equal($"{process.Process.Name} has no version 7. Its versions: 1 (effective 10 Mar 2025).", answer.Text);
    }

    [Fact]
    public async Task Rollout_of_a_version_published_without_acknowledgement_still_says_it_was_not_rolled_out_and_a_rolled_out_one_is_shown()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var (process, _) = await h.RollOutAsync(pmo, [megan], Due);
        await h.PublishAsync(pmo, process.Process.Key, new Dictionary<string, string?> { [VersionForm.WhatChangedField] = "Wording only." });

        var notRolledOut = await h.SayAsync(pmo, $"rollout {process.Process.Name} 2");
        var rolledOut = await h.SayAsync(pmo, $"rollout {process.Process.Name} 1");

        Assert.StartsWith($"Version 2 of {process.Process.Name} was not rolled out for acknowledgement.", notRolledOut.Text, StringComparison.Ordinal);
        Assert.NotNull(rolledOut.Card);
    }

    [Fact]
    public async Task A_rollout_shows_its_audience_as_stored_not_as_typed()
    {
        var h = await CreateAsync();
        var pmo = await h.PmoAsync();
        var megan = await h.Projects.PersonAsync("Megan");
        var unit = ProjectsHarness.NewBusinessUnit();
        await h.Projects.CreateAsync(ProjectsHarness.Valid(ProjectsHarness.NewCode(), megan, businessUnit: unit));
        var byName = (await h.AddProcessAsync(pmo)).Process;
        var byUnit = (await h.AddProcessAsync(pmo)).Process;

        await h.PublishAsync(pmo, byName.Key, RolloutForms.Inputs(AudienceKind.People, megan.Name.ToLowerInvariant(), Due));
        await h.PublishAsync(pmo, byUnit.Key, RolloutForms.Inputs(AudienceKind.BusinessUnit, unit.ToLowerInvariant(), Due));

        var named = (await h.Rollouts.GetAsync(byName.Key, 1, None))!;
        var ofUnit = (await h.Rollouts.GetAsync(byUnit.Key, 1, None))!;
        Assert.Equal($"named people ({megan.Name})", named.Audience.Describe());
        Assert.Equal($"the PMs of business unit {unit}", ofUnit.Audience.Describe());
        Assert.Equal((1, 1), (named.People, ofUnit.People));
        Assert.Contains(("Audience", $"named people ({megan.Name}), 1 person"), FactsOf((await h.SayAsync(pmo, $"rollout {byName.Name}")).Card!));
    }
}
