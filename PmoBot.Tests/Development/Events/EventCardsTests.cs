using System.Text.Json.Nodes;
using PmoBot.Development.Events;
using PmoBot.People;
using PmoBot.Tests.Cards;
using static PmoBot.Tests.Teams.BotHarness;

namespace PmoBot.Tests.Development.Events;

/// <summary>Every event card as a client renders it (the official renderer plus Teams' rules), and what each shows.</summary>
public sealed class EventCardsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly LearningEvent Event = DevelopmentHarness.Sample("EV-CARD1", Now.AddDays(10), 30, Now.AddDays(9), Now);
    private static readonly PmoUser Megan = new("megan", "Megan Bowen", "29:megan", null, "America/New_York", new HashSet<Role> { Role.ProjectManager }, false, Now);
    private static readonly PmoUser Alex = new("alex", "Alex Wilber", "29:alex", null, "Europe/London", new HashSet<Role> { Role.Pmo }, false, Now);

    [Fact]
    public async Task Every_card_variant_is_valid_for_teams()
    {
        var counts = RegistrationCounts.Empty with { Registered = 30, Waitlisted = 4, Interested = 2, Version = 7, RecentTeamsIds = Enumerable.Range(0, 80).Select(i => $"29:user{i}").ToList() };
        Registration Row(RegistrationStatus status, string name = "Megan Bowen") => new(Event.Id, name.ToLowerInvariant(), name, "29:x", status, 3, Now);
        var channels = new[] { new PostableChannel("19:pmo", "PMO"), new PostableChannel("19:delivery", "Delivery") };
        var errors = EventFormValidator.Read(EventFormValidatorTests.Valid() with { Title = null, Capacity = "zero" }, Alex, ["19:pmo"], Now, "EV-X").Errors;
        var seated = Enumerable.Range(0, 45).Select(i => Row(RegistrationStatus.Registered, $"Person {i:00}")).ToList();

        await AdaptiveCardValidator.AssertAllValidAsync(
        [
            ("shared", EventCards.Shared(Event, counts, Now)),
            ("shared after deadline", EventCards.Shared(Event, counts, Now.AddDays(9.5))),
            ("registered", EventCards.ForViewer(Event, counts, Row(RegistrationStatus.Registered), null, Megan, Now)),
            ("waitlisted", EventCards.ForViewer(Event, counts, Row(RegistrationStatus.Waitlisted), 3, Megan, Now)),
            ("interested", EventCards.ForViewer(Event, counts, Row(RegistrationStatus.Interested), null, Megan, Now)),
            ("cancelled", EventCards.ForViewer(Event, counts, Row(RegistrationStatus.Cancelled), null, Megan, Now, "Registration closed at the deadline.")),
            ("attended", EventCards.ForViewer(Event, counts, Row(RegistrationStatus.Attended), null, Megan, Now.AddDays(11))),
            ("pmo view", EventCards.ForViewer(Event, counts, null, null, Alex, Now)),
            ("unknown", EventCards.Unknown("EV-GONE1")),
            ("form", EventForm.Card(EventFormValues.Blank("f1", "Europe/London", "19:pmo"), channels)),
            ("form with errors", EventForm.Card(EventFormValidatorTests.Valid() with { Title = null, Capacity = "zero" }, channels, errors)),
            ("dialog form without channels", EventForm.Card(EventFormValues.Blank("f1", null, null), [], asDialog: true)),
            ("list", EventListCard.Build([(Event, counts, Row(RegistrationStatus.Waitlisted)), (Event with { Id = "EV-CARD2" }, RegistrationCounts.Empty, null)], "Risk", Megan, Now)),
            ("registrations", EventAdminCards.Registrations(Event, counts, seated, [], Alex, Now)),
            ("attendance", EventAdminCards.Attendance(Event, seated, 1)),
            ("attendance last page", EventAdminCards.Attendance(Event, seated, 2, "Saved: 3 attended")),
            ("chooser", EventPostCards.Chooser(Event, new PostChoice(channels, []))),
            ("chooser, posted in some", EventPostCards.Chooser(Event, new PostChoice(channels.Skip(1).ToList(), [channels[0].Name]), "Posted EV-CARD1 to Delivery › PMO.")),
            ("chooser, posted everywhere", EventPostCards.Chooser(Event, new PostChoice([], [channels[0].Name]))),
            ("chooser without channels", EventPostCards.Chooser(Event, new PostChoice([], []))),
            ("saved", EventPostCards.Saved(new EventFormAnswer.Saved(Event, channels, false))),
        ]);
    }

    [Fact]
    public void The_shared_card_lists_at_most_sixty_people_for_refresh_and_its_buttons_fall_back_to_marked_submits()
    {
        var counts = RegistrationCounts.Empty with { RecentTeamsIds = Enumerable.Range(0, 80).Select(i => $"29:user{i}").ToList() };

        var card = EventCards.Shared(Event, counts, Now);

        var userIds = card["refresh"]!["userIds"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(60, userIds.Count);
        Assert.Equal("29:user79", userIds[^1]);
        var register = Reviews.CheckIn.CheckInHarness.ActionsOf(card).Single(a => a["title"]!.GetValue<string>() == "Register");
        Assert.Equal(EventCards.RegisterVerb, register["verb"]!.GetValue<string>());
        Assert.True(register["fallback"]!["data"]![EventCards.SubmittedField]!.GetValue<bool>());
        Assert.Null(register["data"]![EventCards.SubmittedField]);
    }

    [Fact]
    public void A_viewer_s_own_card_refreshes_for_them_however_many_answered_after_them_and_its_buttons_carry_the_status_it_shows()
    {
        var counts = RegistrationCounts.Empty with { RecentTeamsIds = Enumerable.Range(0, 80).Select(i => $"29:user{i}").ToList() };
        var waitlisted = new Registration(Event.Id, "megan", "Megan Bowen", "29:megan", RegistrationStatus.Waitlisted, 3, Now);

        var card = EventCards.ForViewer(Event, counts, waitlisted, 1, Megan, Now);
        var shared = EventCards.Shared(Event, counts, Now);

        var userIds = card["refresh"]!["userIds"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(60, userIds.Count);
        Assert.Equal(["29:user21", "29:megan"], new[] { userIds[0], userIds[^1] });
        var leave = Reviews.CheckIn.CheckInHarness.ActionsOf(card).Single(a => a["title"]!.GetValue<string>() == "Leave the waitlist");
        Assert.Equal(nameof(RegistrationStatus.Waitlisted), leave["data"]![EventCards.ShownField]!.GetValue<string>());
        Assert.Equal(EventCards.NotAnswered, Reviews.CheckIn.CheckInHarness.ActionsOf(EventCards.ForViewer(Event, counts, null, null, Megan, Now)).First()["data"]![EventCards.ShownField]!.GetValue<string>());
        // The channel's card shows no one's status, so its buttons act on whatever the presser's is.
        Assert.All(Reviews.CheckIn.CheckInHarness.ActionsOf(shared).Where(a => a["verb"] is not null), a => Assert.Null(a["data"]![EventCards.ShownField]));
        Assert.Equal(new ShownStatus(RegistrationStatus.Waitlisted), EventCards.ShownOf("Waitlisted"));
        Assert.Equal(new ShownStatus(null), EventCards.ShownOf(EventCards.NotAnswered));
        Assert.Null(EventCards.ShownOf("3"));
        Assert.Null(EventCards.ShownOf(null));
    }

    [Fact]
    public void Times_show_their_zone_and_the_viewer_gets_their_own_time_too()
    {
        var card = EventCards.ForViewer(Event, RegistrationCounts.Empty, null, null, Megan, Now);

        Assert.Equal("Thu 12 Mar 2026, 10:00–12:00 (Europe/London)", FactsOf(card).Single(f => f.Title == "When").Value);
        Assert.Equal("Thu 12 Mar 2026 06:00 (America/New_York)", FactsOf(card).Single(f => f.Title == "Your time").Value);
        Assert.Equal("450 EUR", FactsOf(card).Single(f => f.Title == "Cost").Value);
        Assert.Equal("1,200 EUR", EventCards.Money(1200.4m) + " EUR");
    }

    [Fact]
    public void Buttons_follow_the_viewers_status_and_the_deadline()
    {
        string[] Titles(JsonObject card) => Reviews.CheckIn.CheckInHarness.ActionsOf(card).Select(a => a["title"]!.GetValue<string>()).ToArray();
        Registration Row(RegistrationStatus status) => new(Event.Id, "megan", "Megan", null, status, 1, Now);

        Assert.Equal(["Register", "Interested", "Can't go", "Details"], Titles(EventCards.ForViewer(Event, RegistrationCounts.Empty, null, null, Megan, Now)));
        Assert.Equal(["Can't go", "Details"], Titles(EventCards.ForViewer(Event, RegistrationCounts.Empty, Row(RegistrationStatus.Registered), null, Megan, Now)));
        Assert.Equal(["Leave the waitlist", "Details"], Titles(EventCards.ForViewer(Event, RegistrationCounts.Empty, Row(RegistrationStatus.Waitlisted), 1, Megan, Now)));
        Assert.Equal(["Register", "Interested", "Details"], Titles(EventCards.ForViewer(Event, RegistrationCounts.Empty, Row(RegistrationStatus.Cancelled), null, Megan, Now)));
        Assert.Equal(["Interested", "Can't go", "Details"], Titles(EventCards.ForViewer(Event, RegistrationCounts.Empty, null, null, Megan, Now.AddDays(9.5))));
        Assert.Equal(["Details"], Titles(EventCards.ForViewer(Event, RegistrationCounts.Empty, Row(RegistrationStatus.Registered), null, Megan, Now.AddDays(10))));
    }
}
