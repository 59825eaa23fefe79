using System.Text.Json.Nodes;
using PmoBot.People;
using PmoBot.Reviews.Schedule;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Reviews.Schedule.ReviewScheduleHarness;
using BotHarness = PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Reviews.Schedule;

public sealed class ReviewScheduleCommandsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string Fact(JsonObject card, string title) => BotHarness.FactsOf(card).Single(f => f.Title == title).Value;

    private static List<string> ButtonsOf(JsonObject card) =>
        card["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_pm_sees_the_default_schedule_in_their_local_time()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Adele", "America/New_York", Role.ProjectManager);

        var card = (await harness.SayAsync(pm, "review schedule")).Card!;

        Assert.Equal(
            [
                ("Reviews open", "Monday 09:00, the PMO's default"),
                ("Time zone", "America/New_York"),
                ("Next review opens", "Monday 8 Dec 2025, 09:00"),
                ("Reminder, if not submitted", "Tuesday 9 Dec 2025, 09:00"),
                ("Recorded as missed", "Wednesday 10 Dec 2025, 09:00"),
                ("Review week", "2025-W50"),
            ],
            BotHarness.FactsOf(card));
        Assert.Equal(["The PMO's default"], ButtonsOf(card));
        Assert.DoesNotContain(BotHarness.TextsOf(card), t => t.Contains("UTC", StringComparison.Ordinal));
        Assert.Contains(ReviewScheduleCards.NotScheduledYet, BotHarness.TextsOf(card));
        await AdaptiveCardValidator.AssertValidAsync("review schedule", card);

        await harness.Scheduler.EnsureScheduledAsync(pm.UserKey, None);

        Assert.DoesNotContain(ReviewScheduleCards.NotScheduledYet, BotHarness.TextsOf((await harness.SayAsync(pm, "review schedule")).Card!));
    }

    [Fact]
    public async Task Someone_whose_time_zone_is_unknown_is_shown_utc_and_told_how_to_set_it()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Nestor", timeZone: null, Role.ProjectManager);

        var card = (await harness.SayAsync(pm, "review schedule")).Card!;

        Assert.Equal("UTC (your time zone is not known yet)", Fact(card, "Time zone"));
        Assert.Equal("Monday 8 Dec 2025, 09:00", Fact(card, "Next review opens"));
        Assert.Contains(BotHarness.TextsOf(card), t => t.Contains("These times are in UTC", StringComparison.Ordinal) && t.Contains("**timezone ‹zone›**, e.g. timezone Europe/London", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("review schedule, unknown time zone", card);
    }

    [Fact]
    public async Task A_pm_sets_their_own_slot_in_words_and_the_opening_moves_to_their_local_time()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Adele", "America/New_York", Role.ProjectManager);

        var reply = await harness.SayAsync(pm, "review schedule fri 2pm");

        var card = reply.Card!;
        Assert.Equal("Done: your reviews now open on Friday 14:00, your time. The next one opens Friday 5 Dec 2025, 14:00.", reply.Text);
        Assert.Contains(reply.Text, BotHarness.TextsOf(card));
        Assert.Equal("Friday 14:00, your own time", Fact(card, "Reviews open"));
        Assert.Equal(["Use the PMO's default", "The PMO's default"], ButtonsOf(card));
        Assert.Equal([(new DateTimeOffset(2025, 12, 5, 19, 0, 0, TimeSpan.Zero), "2025-W49")], await harness.OpeningsOfAsync(pm.UserKey));
        await AdaptiveCardValidator.AssertValidAsync("review schedule after setting a slot", card);
    }

    [Fact]
    public async Task Reset_goes_back_to_the_default()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London", Role.ProjectManager);
        await harness.SayAsync(pm, "review schedule friday 14");

        var reply = await harness.SayAsync(pm, "Review Schedule RESET");

        Assert.Equal("Your reviews follow the PMO's default again: Monday 09:00, your time.", reply.Text);
        Assert.Equal("Monday 09:00, the PMO's default", Fact(reply.Card!, "Reviews open"));
        Assert.Equal([(NextMondayLondon, "2025-W50")], await harness.OpeningsOfAsync(pm.UserKey));
        Assert.Null((await harness.Schedules.GetAsync(pm.UserKey, None))!.Slot);
        await AdaptiveCardValidator.AssertValidAsync("review schedule after reset", reply.Card!);
    }

    [Theory]
    [InlineData("review schedule funday 9", "I couldn't find a day of the week in \"funday 9\".")]
    [InlineData("review schedule friday", "What time on Friday? The hour is missing.")]
    [InlineData("review schedule friday 14:30", "Reviews open on the hour, and \"14:30\" has minutes.")]
    [InlineData("review schedule fri 25", "\"25\" is not an hour: hours go from 0 to 23.")]
    public async Task A_slot_that_cannot_be_read_is_explained_with_an_example_and_nothing_changes(string text, string problem)
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London", Role.ProjectManager);

        var reply = await harness.SayAsync(pm, text);

        Assert.Null(reply.Card);
        Assert.StartsWith(problem + " Type **review schedule ‹day› ‹hour›**, e.g. **review schedule friday 14**", reply.Text, StringComparison.Ordinal);
        Assert.Contains("**review schedule reset**", reply.Text, StringComparison.Ordinal);
        Assert.Null(await harness.Schedules.GetAsync(pm.UserKey, None));
        Assert.Empty(await harness.AllEntriesAsync());
    }

    [Fact]
    public async Task A_pm_sees_the_default_and_is_told_the_pmo_sets_it()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London", Role.ProjectManager);
        await harness.SayAsync(pm, "review schedule fri 14");

        var card = (await harness.SayAsync(pm, "review schedule default")).Card!;

        Assert.Equal(
            [
                ("Reviews open", "Monday 09:00, in each project manager's own time zone"),
                ("Reminder", "24 hours after a review opens, if it is not submitted"),
                ("Recorded as missed", "48 hours after a review opens"),
                ("Your reviews", "open at your own time: Friday 14:00"),
            ],
            BotHarness.FactsOf(card));
        Assert.Contains(BotHarness.TextsOf(card), t => t.StartsWith("The PMO sets the default.", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync("review schedule default for a pm", card);
    }

    [Fact]
    public async Task A_pm_may_not_change_the_default_and_is_told_who_may()
    {
        var harness = await CreateAsync();
        var pm = await harness.PersonAsync("Megan", "Europe/London", Role.ProjectManager);

        var reply = await harness.SayAsync(pm, "review schedule default tue 10");

        Assert.Equal(
            "Only PMO or Admin can change the PMO's default review time, and your role is Project manager. To choose your own time, type **review schedule ‹day› ‹hour›**, e.g. **review schedule friday 14**.",
            reply.Text);
        Assert.Null(await harness.Schedules.GetDefaultAsync(None));
    }

    [Fact]
    public async Task The_pmo_changes_the_default_and_its_followers_move()
    {
        var harness = await CreateAsync();
        var pmo = await harness.PersonAsync("Alex", "Europe/London", Role.Pmo);
        var follower = await harness.PersonAsync("Megan", "Europe/London", Role.ProjectManager);
        await harness.Scheduler.EnsureScheduledAsync(follower.UserKey, None);

        var reply = await harness.SayAsync(pmo, "review schedule default tuesday at 10am");

        Assert.Equal("Done: the default review time is now Tuesday 10:00, in each project manager's own time zone. 1 project manager who follows the default was moved.", reply.Text);
        Assert.Equal("Tuesday 10:00, in each project manager's own time zone", Fact(reply.Card!, "Reviews open"));
        Assert.Contains(BotHarness.TextsOf(reply.Card!), t => t.StartsWith("To change the default, type **review schedule default ‹day› ‹hour›**", StringComparison.Ordinal));
        Assert.Equal(new WeeklySlot(DayOfWeek.Tuesday, 10), await harness.Schedules.GetDefaultAsync(None));
        Assert.Equal([(new DateTimeOffset(2025, 12, 9, 10, 0, 0, TimeSpan.Zero), "2025-W50")], await harness.OpeningsOfAsync(follower.UserKey));
        Assert.Equal("Tuesday 10:00, the PMO's default", Fact((await harness.SayAsync(follower, "review schedule")).Card!, "Reviews open"));
        await AdaptiveCardValidator.AssertValidAsync("review schedule default after a change", reply.Card!);
    }

    [Fact]
    public async Task A_default_that_cannot_be_read_is_explained_with_an_example()
    {
        var harness = await CreateAsync();
        var admin = await harness.PersonAsync("Alex", "Europe/London", Role.Admin);

        var reply = await harness.SayAsync(admin, "review schedule default someday");

        Assert.Equal(
            "I couldn't find a day of the week in \"someday\". Type **review schedule default ‹day› ‹hour›**, e.g. **review schedule default monday 9** or **review schedule default mon 9am** (the hour is read in each project manager's own time zone).",
            reply.Text);
        Assert.Null(await harness.Schedules.GetDefaultAsync(None));
    }

    [Fact]
    public async Task A_leader_is_told_who_may_use_review_schedule()
    {
        var harness = await CreateAsync();
        var leader = await harness.PersonAsync("Isaiah", "Europe/London", Role.Leader);

        var reply = await harness.SayAsync(leader, "review schedule friday 14");

        Assert.StartsWith("**review schedule** is for Project manager, PMO or Admin, and your role is Leader.", reply.Text, StringComparison.Ordinal);
        Assert.Null(await harness.Schedules.GetAsync(leader.UserKey, None));
    }
}
