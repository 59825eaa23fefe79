using Moq;
using PmoBot.Alerts;
using PmoBot.Conversations;
using PmoBot.Delivery;
using PmoBot.Meetings;
using PmoBot.People;
using PmoBot.Reviews.Templates;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Warnings;

/// <summary>
/// One review, one card per project: every warning a review raises is on the project's one card (episodes stay one per
/// rule), the PM and the deputy get one note each, and the card's buttons act on all the open warnings or on one.
/// </summary>
public sealed class OneCardPerProjectTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_red_review_raising_several_warnings_posts_one_card_and_one_note_each_to_the_pm_and_the_deputy()
    {
        var h = await WarningsHarness.CreateAsync();
        var deputy = await h.Projects.PersonAsync("Adele", Role.ProjectManager);
        var (pm, project) = await h.ProjectAsync(deputy: deputy);

        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.7m, overall: Rag.Red, risks: "High|High|Card provider API not ready");

        var open = await h.Store.ListOpenAsync(project.Code, None);
        Assert.Equal([CpiLowRule.RuleId, DimensionRedRule.RuleId, HighRiskRule.RuleId], open.Select(e => e.RuleId).Order(StringComparer.Ordinal));
        Assert.All(open, e => Assert.True(e.Posted));
        var post = (await h.Posts.GetAsync(project.Code, None))!;
        Assert.Equal((1, 1), (post.Number, post.Version));
        Assert.Equal(open.Select(e => e.Id).Order(), post.Announced.Select(a => a.EpisodeId).Order());
        Assert.Null(await h.DeliveryAsync(WarningsHarness.ChannelKey(project.Code, 2)));
        var card = (await h.DeliveryAsync(WarningsHarness.ChannelKey(project.Code, 1)))!.Card!;
        Assert.Equal(
            ["**1. 🔴 Cost performance low** (Critical)", "**2. 🔴 Red RAG** (Critical)", "**3. 🟠 High risk** (Watch)"],
            WarningsHarness.RowsOf(card).Select(t => t[..t.IndexOf(':', StringComparison.Ordinal)]));
        foreach (var manager in new[] { pm, deputy })
        {
            var note = (await h.DeliveryAsync(WarningAlerts.NoteKey(project.Code, 1, manager.UserKey)))!;
            Assert.Equal(DeliveryTarget.PersonalChat(manager.UserKey), note.Target);
            Assert.Equal(3, WarningsHarness.RowsOf(note.Card).Count);
        }

        // Evaluating again (the daily sweep) raises nothing twice and posts nothing.
        await h.Monitor.EvaluateAsync(project, None);
        Assert.Equal(3, (await h.Store.ListOpenAsync(project.Code, None)).Count);
        Assert.Equal((1, 1), ((await h.Posts.GetAsync(project.Code, None))!.Number, (await h.Posts.GetAsync(project.Code, None))!.Version));
        await AdaptiveCardValidator.AssertValidAsync("one card for three warnings", card);
    }

    [Fact]
    public async Task A_card_whose_warnings_were_marked_announced_when_a_crash_stopped_it_is_finished_as_the_same_card_not_posted_again()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.82m);
        var finished = (await h.Posts.GetAsync(project.Code, None))!;
        Assert.True(finished.IsPosted);

        // A post's warnings are marked announced before its copies are recorded: the crash came between the two.
        await h.Posts.UpdateAsync(project.Code, p => p! with { Copies = null }, None);
        Assert.All(await h.Store.ListOpenAsync(project.Code, None), e => Assert.True(e.Posted));

        // The next instance's first sweep finishes that post: its copies, and no second card.
        await h.Sweeper.SweepOnceAsync(None);
        var after = (await h.Posts.GetAsync(project.Code, None))!;
        Assert.Equal((1, 1), (after.Number, after.Version));
        Assert.Equal(finished.Copies, after.Copies);
        Assert.Null(await h.DeliveryAsync(WarningsHarness.ChannelKey(project.Code, 2)));
        Assert.NotNull(await h.DeliveryAsync(WarningsHarness.ChannelKey(project.Code, 1)));

        // Once finished, the card is updated in place again: a closing warning edits post 1.
        await h.SubmitAsync(project, WarningsHarness.Week48.Next, cpi: 1.0m);
        Assert.Empty(await h.Store.ListOpenAsync(project.Code, None));
        Assert.Equal((1, 2), ((await h.Posts.GetAsync(project.Code, None))!.Number, (await h.Posts.GetAsync(project.Code, None))!.Version));
    }

    [Fact]
    public async Task A_card_that_changes_after_alerts_moved_to_another_channel_is_posted_there_without_a_second_note_to_the_pm()
    {
        var h = await WarningsHarness.CreateAsync();
        var (pm, project) = await h.ProjectAsync();
        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.84m);

        // A change while alerts still go where the card is (the CPI recovering a little): edited in place.
        await h.SubmitAsync(project, WarningsHarness.Week48.Next, cpi: 0.85m, percent: 45m);
        Assert.Equal((1, 2), ((await h.Posts.GetAsync(project.Code, None))!.Number, (await h.Posts.GetAsync(project.Code, None))!.Version));

        // Someone types "alerts here" in another channel; the next change posts the card there.
        var elsewhere = $"19:{Guid.NewGuid():N}@thread.tacv2";
        await h.Channels.SetAsync(new AlertChannel(elsewhere, "Delivery PMO", "Alex", h.Time.GetUtcNow()), None);
        await h.SubmitAsync(project, WarningsHarness.Week48.Next.Next, cpi: 0.86m, percent: 50m);

        var post = (await h.Posts.GetAsync(project.Code, None))!;
        Assert.Equal((2, 1, true), (post.Number, post.Version, post.Moved));
        var moved = (await h.DeliveryAsync(WarningsHarness.ChannelKey(project.Code, 2)))!;
        Assert.Equal(DeliveryTarget.Channel(elsewhere), moved.Target);
        Assert.Contains(WarningsHarness.RowsOf(moved.Card), r => r.Contains("CPI 0.86", StringComparison.Ordinal));
        var old = (await h.DeliveryAsync($"{WarningsHarness.ChannelKey(project.Code, 1)}|replaced"))!;
        Assert.Equal(DeliveryTarget.Channel(h.Channel), old.Target);
        Assert.Contains(TextsOf(old.Card), t => t.StartsWith("**Moved, see the new card:** the PMO's alerts now go to the channel **Delivery PMO**", StringComparison.Ordinal));
        Assert.NotNull(await h.DeliveryAsync(WarningAlerts.NoteKey(project.Code, 1, pm.UserKey)));
        Assert.Null(await h.DeliveryAsync(WarningAlerts.NoteKey(project.Code, 2, pm.UserKey)));

        // From there on, changes edit the card in the new channel.
        await h.SubmitAsync(project, WarningsHarness.Week48.Next.Next.Next, cpi: 0.87m, percent: 55m);
        Assert.Equal((2, 2), ((await h.Posts.GetAsync(project.Code, None))!.Number, (await h.Posts.GetAsync(project.Code, None))!.Version));
        await AdaptiveCardValidator.AssertAllValidAsync([("moved", moved.Card!), ("moved away", old.Card!)]);
    }

    [Fact]
    public async Task A_button_at_the_foot_acts_on_all_open_warnings_and_one_in_a_row_on_that_warning_with_one_update_each()
    {
        var (h, project, card) = await ThreeWarningsAsync();
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);

        var all = await h.ClickAsync(pmo, card, "Acknowledge all");
        var one = await h.ClickRowAsync(pmo, all.Card!, 2, "Snooze 1 week");

        var open = ProjectWarnings.MostSevereFirst(await h.Store.ListOpenAsync(project.Code, None));
        Assert.All(open, e => Assert.Equal(pmo.UserKey, e.Acknowledged!.ByKey));
        Assert.Equal([false, true, false], open.Select(e => e.IsSnoozed(h.Time.GetUtcNow())));
        Assert.Equal(3, (await h.Posts.GetAsync(project.Code, None))!.Version);
        var key = WarningsHarness.ChannelKey(project.Code, 1);
        Assert.NotNull(await h.DeliveryAsync($"{key}|v2"));
        Assert.Equal(one.Card!.ToJsonString(), (await h.DeliveryAsync($"{key}|v3"))!.Card!.ToJsonString());
        Assert.DoesNotContain(all.Card!["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Acknowledge all");
        Assert.Equal(["Schedule review meeting"], WarningsHarness.RowActionsOf(one.Card!, 2).Select(a => a["title"]!.GetValue<string>()));

        // The activity reads one line per press: the press on all three names them together, the row's its own rule.
        var activity = TextsOf(one.Card).Where(t => t.Contains($" · {pmo.Name}: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, activity.Count);
        Assert.EndsWith($"{pmo.Name}: acknowledged (all 3 warnings)", activity[0], StringComparison.Ordinal);
        Assert.Matches($@"{pmo.Name}: snoozed .* \({h.Rules.TitleOf(open[1].RuleId)}\)$", activity[1]);
        await AdaptiveCardValidator.AssertAllValidAsync([("all acknowledged", all.Card!), ("one snoozed", one.Card!)]);
    }

    [Fact]
    public async Task Assign_gives_the_owner_all_open_warnings_or_the_one_chosen_by_its_number()
    {
        var (h, project, _) = await ThreeWarningsAsync();
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);
        var alex = await h.Projects.People.PersonAsync(TestPerson.New("Alex"), Role.Pmo);
        var card = await h.Alerts.CardAsync(project.Code, null, None);
        var third = ProjectWarnings.MostSevereFirst(await h.Store.ListOpenAsync(project.Code, None))[2];

        await h.ClickAsync(pmo, card, "Assign", new Dictionary<string, string?> { [WarningCards.OwnerField] = pmo.UserKey, [WarningCards.ScopeField] = WarningCards.AllWarnings });
        var reply = await h.ClickAsync(pmo, card, "Assign", new Dictionary<string, string?> { [WarningCards.OwnerField] = alex.UserKey, [WarningCards.ScopeField] = third.Id });

        var owners = ProjectWarnings.MostSevereFirst(await h.Store.ListOpenAsync(project.Code, None)).Select(e => e.Owner!.UserKey);
        Assert.Equal([pmo.UserKey, pmo.UserKey, alex.UserKey], owners);
        Assert.Contains(TextsOf(reply.Card), t => t.Contains($"owner {alex.Name} (assigned by {pmo.Name}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Schedule_review_meeting_books_one_meeting_about_all_open_warnings()
    {
        var (h, project, card) = await ThreeWarningsAsync();
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);
        var start = new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);
        h.Booker.Setup(b => b.BookAsync(It.IsAny<MeetingRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new MeetingBooking.Booked(start, start.AddMinutes(30), "https://teams.microsoft.com/l/meetup-join/all", "event-1"));

        var reply = await h.ClickAsync(pmo, card, "Schedule review meeting");

        h.Booker.Verify(b => b.BookAsync(It.Is<MeetingRequest>(r => r.Subject.Contains("Cost performance low, Red RAG, High risk", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
        Assert.All(await h.Store.ListOpenAsync(project.Code, None), e => Assert.Equal("https://teams.microsoft.com/l/meetup-join/all", e.Meeting!.JoinUrl));
        Assert.Single(TextsOf(reply.Card), t => t.StartsWith($"Booked by {pmo.Name} for ", StringComparison.Ordinal));
        Assert.DoesNotContain(reply.Card!["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Schedule review meeting");
    }

    [Fact]
    public async Task A_project_gets_one_review_meeting_however_many_of_its_rows_are_pressed()
    {
        var (h, project, card) = await ThreeWarningsAsync();
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);
        var start = h.Time.GetUtcNow().AddDays(1);
        var bookings = 0;
        h.Booker.Setup(b => b.BookAsync(It.IsAny<MeetingRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new MeetingBooking.Booked(start.AddHours(bookings), start.AddHours(bookings++).AddMinutes(30), $"https://teams.microsoft.com/l/meetup-join/{bookings}", $"event-{bookings}"));

        var first = await h.ClickRowAsync(pmo, card, 1, "Schedule review meeting");
        var second = await h.ClickRowAsync(pmo, first.Card!, 2, "Schedule review meeting");
        var rest = await h.ClickAsync(pmo, second.Card!, "Schedule review meeting");

        Assert.Equal(1, bookings);
        var open = await h.Store.ListOpenAsync(project.Code, None);
        Assert.All(open, e => Assert.Equal((true, start), (e.Meeting!.Booked, e.Meeting.Start!.Value)));
        Assert.Contains(TextsOf(second.Card), t => t.Contains($"A review meeting with {project.Manager.Name} is already booked for {project.Code} ({WarningText.CardTime(start)}): this warning is on it now", StringComparison.Ordinal));
        // Named by their titles, as on the rows, not by their rules' ids.
        var added = open.Where(e => e.RuleId != CpiLowRule.RuleId).Select(e => h.Rules.TitleOf(e.RuleId)).ToList();
        var line = Assert.Single(TextsOf(rest.Card), t => t.Contains($"added to the review meeting of {WarningText.CardTime(start)} (", StringComparison.Ordinal));
        Assert.All(added, title => Assert.Contains(title, line, StringComparison.Ordinal));
        Assert.DoesNotContain(open, e => line.Contains(e.RuleId, StringComparison.Ordinal));
        Assert.DoesNotContain(WarningsHarness.AllActionsOf(rest.Card), a => a["title"]?.GetValue<string>() == "Schedule review meeting");
    }

    [Fact]
    public async Task A_row_pressed_while_the_projects_meeting_is_being_booked_joins_it_and_gets_it_when_graph_answers()
    {
        var (h, project, card) = await ThreeWarningsAsync();
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);
        var start = h.Time.GetUtcNow().AddDays(1);
        var graph = new TaskCompletionSource<MeetingBooking>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bookings = 0;
        h.Booker.Setup(b => b.BookAsync(It.IsAny<MeetingRequest>(), It.IsAny<CancellationToken>())).Returns(() => { bookings++; return graph.Task; });

        // Graph does not answer within the press's budget: row 1's card says its meeting is being booked.
        var pressing = h.ClickRowAsync(pmo, card, 1, "Schedule review meeting");
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!pressing.IsCompleted && DateTime.UtcNow < until)
        {
            h.Time.Advance(new PmoBot.Graph.GraphOptions().AnswerWithin / 3);
            await Task.WhenAny(pressing, Task.Delay(50));
        }

        var first = await pressing.WaitAsync(TimeSpan.FromSeconds(1));
        var second = await h.ClickRowAsync(pmo, first.Card!, 2, "Schedule review meeting");

        Assert.Equal(1, bookings);
        Assert.Contains(TextsOf(second.Card), t => t.Contains("it is being booked; this warning is on it too", StringComparison.Ordinal));

        graph.SetResult(new MeetingBooking.Booked(start, start.AddMinutes(30), "https://teams.microsoft.com/l/meetup-join/late", "event-late"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<WarningEpisode> open;
        do
        {
            await Task.Delay(50);
            open = await h.Store.ListOpenAsync(project.Code, None);
        }
        while (open.Count(e => e.Meeting is { Booked: true }) < 2 && DateTime.UtcNow < deadline);

        var rows = ProjectWarnings.MostSevereFirst(open);
        Assert.Equal([true, true, false], rows.Select(e => e.Meeting?.Booked == true));
        Assert.All(rows.Take(2), e => Assert.Equal(start, e.Meeting!.Start));
    }

    private static async Task<(WarningsHarness H, PmoBot.Projects.Project Project, System.Text.Json.Nodes.JsonObject Card)> ThreeWarningsAsync()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.7m, overall: Rag.Red, risks: "High|High|Card provider API not ready");
        return (h, project, await h.PostedCardAsync(await h.OpenAsync(project, CpiLowRule.RuleId)));
    }
}
