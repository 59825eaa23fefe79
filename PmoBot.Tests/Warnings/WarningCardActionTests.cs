using System.Text.Json.Nodes;
using Moq;
using PmoBot.Graph;
using PmoBot.Meetings;
using PmoBot.People;
using PmoBot.Tests.Cards;
using PmoBot.Tests.TestSupport;
using PmoBot.Warnings;
using PmoBot.Warnings.Rules;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Warnings;

/// <summary>The warning card's buttons: each answers with the updated card and updates every posted copy in place, once.</summary>
public sealed class WarningCardActionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Acknowledge_updates_the_card_in_place_showing_who_and_when_and_only_once()
    {
        var (h, episode, card) = await RaisedAsync();
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);

        var reply = await h.ClickAsync(pmo, card, "Acknowledge");

        Assert.Contains(TextsOf(reply.Card), t => t.Contains($"acknowledged by {pmo.Name}, {WarningText.CardTime(h.Time.GetUtcNow())}", StringComparison.Ordinal));
        Assert.Empty(FactsOf(reply.Card!));
        Assert.DoesNotContain(reply.Card!["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Acknowledge");
        Assert.Contains(TextsOf(reply.Card), t => t.EndsWith($"{pmo.Name}: acknowledged (Cost performance low)", StringComparison.Ordinal));
        var stored = (await h.Store.GetAsync(episode.Id, None))!;
        Assert.Equal(pmo.UserKey, stored.Acknowledged!.ByKey);
        var key = WarningsHarness.ChannelKey(episode.ProjectCode, 1);
        var update = (await h.DeliveryAsync($"{key}|v2"))!;
        Assert.Equal(key, update.Replaces);
        Assert.Equal(reply.Card!.ToJsonString(), update.Card!.ToJsonString());
        await AdaptiveCardValidator.AssertValidAsync("acknowledged warning", reply.Card!);

        var again = await h.ClickAsync(pmo, card, "Acknowledge");
        Assert.Equal(stored.Version, (await h.Store.GetAsync(episode.Id, None))!.Version);
        Assert.Equal(2, (await h.Posts.GetAsync(episode.ProjectCode, None))!.Version);
        Assert.Contains(TextsOf(again.Card), t => t.Contains($"acknowledged by {pmo.Name}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Assign_owner_offers_the_pmo_and_records_the_one_chosen()
    {
        var (h, episode, card) = await RaisedAsync();
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);
        var owner = await h.Projects.People.PersonAsync(TestPerson.New("Alex"), Role.Pmo);
        card = (await h.ClickAsync(pmo, card, "Snooze 1 week")).Card!;
        var choices = CheckInChoices(card);
        Assert.Contains(owner.UserKey, choices);

        var reply = await h.ClickAsync(pmo, card, "Assign", new Dictionary<string, string?> { [WarningCards.OwnerField] = owner.UserKey });

        Assert.Contains(TextsOf(reply.Card), t => t.Contains($"owner {owner.Name} (assigned by {pmo.Name}", StringComparison.Ordinal));
        Assert.Equal(owner.UserKey, (await h.Store.GetAsync(episode.Id, None))!.Owner!.UserKey);
        await AdaptiveCardValidator.AssertValidAsync("assigned warning", reply.Card!);

        var refused = await h.ClickAsync(pmo, card, "Assign", new Dictionary<string, string?> { [WarningCards.OwnerField] = Guid.NewGuid().ToString() });
        Assert.Contains("Choose the owner from the PMO list under **Assign owner**; nothing was changed.", TextsOf(refused.Card));
        Assert.Equal(owner.UserKey, (await h.Store.GetAsync(episode.Id, None))!.Owner!.UserKey);
    }

    [Fact]
    public async Task Snooze_hides_the_button_and_records_the_end_of_the_snooze()
    {
        var (h, episode, card) = await RaisedAsync();
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);

        var reply = await h.ClickAsync(pmo, card, "Snooze 1 week");

        var until = h.Time.GetUtcNow().AddDays(7);
        Assert.Equal(until, (await h.Store.GetAsync(episode.Id, None))!.SnoozedUntil);
        Assert.Contains(TextsOf(reply.Card), t => t.Contains($"snoozed until {WarningText.CardTime(until)}", StringComparison.Ordinal));
        Assert.DoesNotContain(reply.Card!["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Snooze 1 week");
        await AdaptiveCardValidator.AssertValidAsync("snoozed warning", reply.Card!);

        h.Time.Advance(TimeSpan.FromDays(8));
        await h.Sweeper.SweepOnceAsync(None);
        var woken = (await h.Store.GetAsync(episode.Id, None))!;
        Assert.Null(woken.SnoozedUntil);
        Assert.Equal("snooze ended", woken.Activity[^1].What);
    }

    [Fact]
    public async Task A_booking_left_pending_by_a_stop_reads_as_not_finished_after_the_sweep_and_a_new_press_books_it()
    {
        var (h, episode, card) = await RaisedAsync();
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);
        var start = new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);
        var graph = new TaskCompletionSource<MeetingBooking>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Booker.Setup(b => b.BookAsync(It.IsAny<MeetingRequest>(), It.IsAny<CancellationToken>())).Returns(graph.Task);

        // Graph does not answer within the press's budget: the card says the booking is under way.
        var pressing = h.ClickAsync(pmo, card, "Schedule review meeting");
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!pressing.IsCompleted && DateTime.UtcNow < until)
        {
            // The press reads storage before it asks Graph: the clock moves until the budget it then sets has passed.
            h.Time.Advance(new GraphOptions().AnswerWithin / 3);
            await Task.WhenAny(pressing, Task.Delay(50));
        }

        var pending = await pressing.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Contains(TextsOf(pending.Card), t => t.StartsWith($"Booking a review meeting ({pmo.Name}, ", StringComparison.Ordinal));

        // PmoBot stops before Graph answers (the answer never comes); the sweep after the restart tidies the card.
        h.Time.Advance(WarningMeeting.PendingFor);
        await h.Sweeper.SweepOnceAsync(None);
        var tidied = (await h.Store.GetAsync(episode.Id, None))!;
        Assert.Equal((false, false), (tidied.Meeting!.Pending, tidied.Meeting.Booked));
        Assert.Equal("review meeting booking did not finish", tidied.Activity[^1].What);
        var refreshed = await h.Alerts.CardAsync(episode.ProjectCode, null, None);
        Assert.Contains(TextsOf(refreshed), t => t.StartsWith($"No review meeting booked ({pmo.Name}, ", StringComparison.Ordinal) && t.EndsWith("the booking did not finish. Press **Schedule review meeting** again; the same meeting is never booked twice.", StringComparison.Ordinal));

        h.Booker.Setup(b => b.BookAsync(It.IsAny<MeetingRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new MeetingBooking.Booked(start, start.AddMinutes(30), "https://teams.microsoft.com/l/meetup-join/again", "event-1"));
        var booked = await h.ClickAsync(pmo, refreshed, "Schedule review meeting");
        Assert.True((await h.Store.GetAsync(episode.Id, None))!.Meeting!.Booked);
        Assert.Contains(TextsOf(booked.Card), t => t.EndsWith("[Join the meeting](https://teams.microsoft.com/l/meetup-join/again)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Schedule_review_meeting_books_with_the_clicker_as_organiser_and_the_pm_as_attendee_and_shows_the_join_link()
    {
        var (h, episode, card) = await RaisedAsync();
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);
        var start = new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);
        MeetingRequest? asked = null;
        h.Booker.Setup(b => b.BookAsync(It.IsAny<MeetingRequest>(), It.IsAny<CancellationToken>()))
            .Callback((MeetingRequest r, CancellationToken _) => asked = r)
            .ReturnsAsync(new MeetingBooking.Booked(start, start.AddMinutes(30), "https://teams.microsoft.com/l/meetup-join/abc", "event-1"));

        var reply = await h.ClickAsync(pmo, card, "Schedule review meeting");

        Assert.Equal(pmo.UserKey, asked!.OrganizerUserKey);
        Assert.Equal(episode.ManagerKey, asked.AttendeeUserKey);
        Assert.Equal(episode.ProjectCode, asked.ProjectCode);
        Assert.Contains(episode.Headline, asked.Body, StringComparison.Ordinal);
        var meeting = (await h.Store.GetAsync(episode.Id, None))!.Meeting!;
        Assert.True(meeting.Booked);
        Assert.Equal(pmo.TimeZone, meeting.TimeZone);
        var slot = MeetingCards.Slot(start, start.AddMinutes(30), pmo.TimeZone);
        Assert.EndsWith($"({PmoBot.People.UserTimeZones.Resolve(pmo.TimeZone).Id})", slot, StringComparison.Ordinal);
        Assert.Contains(
            $"Booked by {pmo.Name} for {slot}; for you {WarningText.CardTime(start)}. [Join the meeting](https://teams.microsoft.com/l/meetup-join/abc)",
            TextsOf(reply.Card));
        Assert.DoesNotContain(reply.Card!["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Schedule review meeting");
        await AdaptiveCardValidator.AssertValidAsync("warning with meeting", reply.Card!);
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "no-slot", "have no common free 30-minute slot in the next 5 working days. Nearest options, in your time:" },
        { "forbidden", "Microsoft Graph refused: PmoBot lacks the application permission Calendars.ReadWrite." },
        { "not-configured", "Meetings are not set up: Graph:TenantId is empty" },
        { "failed", "Booking failed: Graph answered 500" },
        { "throws", "Booking failed: connection refused" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_meeting_that_cannot_be_booked_is_explained_on_the_card_and_can_be_tried_again(string outcome, string expected)
    {
        var (h, episode, card) = await RaisedAsync();
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);
        var setup = h.Booker.Setup(b => b.BookAsync(It.IsAny<MeetingRequest>(), It.IsAny<CancellationToken>()));
        if (outcome == "throws")
        {
            setup.ThrowsAsync(new HttpRequestException("connection refused"));
        }
        else
        {
            setup.ReturnsAsync(outcome switch
            {
                "no-slot" => new MeetingBooking.NoCommonSlot([h.Time.GetUtcNow().AddDays(8)]),
                "forbidden" => new MeetingBooking.Forbidden("Calendars.ReadWrite"),
                "not-configured" => new MeetingBooking.NotConfigured("Graph:TenantId is empty"),
                _ => (MeetingBooking)new MeetingBooking.Failed("Graph answered 500"),
            });
        }

        var reply = await h.ClickAsync(pmo, card, "Schedule review meeting");

        Assert.Contains(TextsOf(reply.Card), t => t.Contains(expected, StringComparison.Ordinal));
        Assert.Contains(reply.Card!["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Schedule review meeting");
        Assert.False((await h.Store.GetAsync(episode.Id, None))!.Meeting!.Booked);
        await AdaptiveCardValidator.AssertValidAsync($"meeting {outcome}", reply.Card!);
    }

    [Fact]
    public async Task Buttons_are_for_the_pmo_and_a_closed_or_unknown_warning_changes_nothing()
    {
        var (h, episode, card) = await RaisedAsync();
        var pm = await h.Projects.PersonAsync("Megan", Role.ProjectManager);
        var pmo = await h.Projects.People.PersonAsync(TestPerson.New("Patti"), Role.Pmo);

        var refused = await h.ClickAsync(pm, card, "Acknowledge");
        Assert.StartsWith("This action is for PMO or Admin", refused.Text, StringComparison.Ordinal);

        h.Time.Advance(TimeSpan.FromDays(7));
        await h.SubmitAsync(await ProjectOfAsync(h, episode), WarningsHarness.Week48.Next, cpi: 1m);
        var closed = await h.ClickAsync(pmo, card, "Acknowledge");
        Assert.Contains("No warning on this project is open any more (their signals stopped); nothing was changed.", TextsOf(closed.Card));
        Assert.Null((await h.Store.GetAsync(episode.Id, None))!.Acknowledged);
        var byRow = await h.CardActions.RouteAsync(WarningCards.AcknowledgeVerb, new PmoBot.Commands.CardActionRequest(pmo, new JsonObject { [WarningCards.WarningField] = episode.Id }, PmoBot.Conversations.ConversationKind.Channel), None);
        Assert.Contains("This warning closed (the signal stopped); nothing was changed.", TextsOf(byRow.Card));

        var unknown = await h.CardActions.RouteAsync(WarningCards.AcknowledgeVerb, new PmoBot.Commands.CardActionRequest(pmo, new JsonObject { [WarningCards.WarningField] = "nope" }, PmoBot.Conversations.ConversationKind.Channel), None);
        Assert.StartsWith("This warning is not one PmoBot has", unknown.Text, StringComparison.Ordinal);
    }

    private static async Task<(WarningsHarness H, WarningEpisode Episode, JsonObject Card)> RaisedAsync()
    {
        var h = await WarningsHarness.CreateAsync();
        var (_, project) = await h.ProjectAsync();
        await h.SubmitAsync(project, WarningsHarness.Week48, cpi: 0.82m);
        var episode = await h.OpenAsync(project, CpiLowRule.RuleId);
        return (h, episode, await h.PostedCardAsync(episode));
    }

    private static async Task<PmoBot.Projects.Project> ProjectOfAsync(WarningsHarness h, WarningEpisode episode) =>
        (await h.Projects.Register.GetAsync(episode.ProjectCode, None))!.Project;

    private static List<string> CheckInChoices(JsonObject card) =>
        PmoBot.Tests.Reviews.CheckIn.CheckInHarness.ActionsOf(card)
            .Where(a => a["type"]!.GetValue<string>() == "Action.ShowCard")
            .SelectMany(a => a["card"]!["body"]!.AsArray())
            .Where(e => e!["type"]!.GetValue<string>() == "Input.ChoiceSet")
            .SelectMany(e => e!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()))
            .ToList();
}
