using PmoBot.Development;
using PmoBot.Development.Events;
using PmoBot.People;

namespace PmoBot.Tests.Development.Events;

public sealed class EventFormValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly PmoUser Organiser = new("org-1", "Alex Wilber", "29:alex", null, "Europe/London", new HashSet<Role> { Role.Pmo }, false, Now);

    public static EventFormValues Valid() => new(
        "form-1", "Risk masterclass", "Quantitative risk.", "Course", "Local", EventFormValues.InPerson, "London", "2026-05-12", "14:00", null, "16:30", "America/New_York",
        "30", "2026-05-10", null, "1,200", "eur", "PMI", "https://example.org/risk", "risk,cost", "2", "1.5", "0.25", "channel-1");

    [Fact]
    public void A_valid_form_reads_times_in_its_time_zone_and_the_deadline_at_the_end_of_its_day()
    {
        var reading = EventFormValidator.Read(Valid(), Organiser, ["channel-1"], Now, "EV-ABCDE");

        var e = Assert.IsType<LearningEvent>(reading.Event);
        Assert.Empty(reading.Errors);
        Assert.Equal(new DateTimeOffset(2026, 5, 12, 14, 0, 0, TimeSpan.FromHours(-4)), e.Start);
        Assert.Equal(new DateTimeOffset(2026, 5, 12, 16, 30, 0, TimeSpan.FromHours(-4)), e.End);
        Assert.Equal(new DateTimeOffset(2026, 5, 10, 23, 59, 0, TimeSpan.FromHours(-4)), e.RegistrationDeadline);
        Assert.Equal(("America/New_York", 30, 1200m, "EUR"), (e.TimeZone, e.Capacity, e.Cost!.Value, e.Currency));
        Assert.Equal(["risk", "cost"], e.KnowledgeAreas);
        Assert.Equal(new PduSplit(2, 1.5m, 0.25m), e.Pdus);
        Assert.Equal(["channel-1"], reading.Channels);
    }

    [Fact]
    public void Every_bad_field_is_explained_under_its_own_name()
    {
        var bad = Valid() with
        {
            Title = null,
            Kind = "Hackathon",
            Format = null,
            StartDate = "12/05/2026",
            EndTime = "25:00",
            TimeZone = "Mars/Olympus",
            Capacity = "0",
            Cost = "free-ish",
            Link = "example.org",
            KnowledgeAreas = "risk, astrology",
            PduWaysOfWorking = "0.3",
            PduPowerSkills = "-1",
            Channels = "gone-channel",
        };

        var reading = EventFormValidator.Read(bad, Organiser, ["channel-1"], Now, "EV-ABCDE");

        Assert.Null(reading.Event);
        Assert.Equal("Give the event a title, e.g. \"Risk management masterclass\".", reading.Errors[EventForm.TitleField]);
        Assert.Contains("\"Hackathon\" is not a kind of event", reading.Errors[EventForm.KindField], StringComparison.Ordinal);
        Assert.Contains("online", reading.Errors[EventForm.FormatField], StringComparison.Ordinal);
        // The example is ahead of the organiser's today (2 March), so typing it as shown is accepted.
        Assert.Equal("The start date \"12/05/2026\" is not a date as yyyy-MM-dd (like 2026-04-30).", reading.Errors[EventForm.StartDateField]);
        Assert.Contains("\"25:00\" is not a time", reading.Errors[EventForm.EndTimeField], StringComparison.Ordinal);
        Assert.Contains("\"Mars/Olympus\" is not a time zone", reading.Errors[EventForm.TimeZoneField], StringComparison.Ordinal);
        Assert.Contains("between 1 and 10,000", reading.Errors[EventForm.CapacityField], StringComparison.Ordinal);
        Assert.Contains("\"free-ish\" is not an amount", reading.Errors[EventForm.CostField], StringComparison.Ordinal);
        Assert.Contains("https://", reading.Errors[EventForm.LinkField], StringComparison.Ordinal);
        Assert.Contains("astrology", reading.Errors[EventForm.AreasField], StringComparison.Ordinal);
        Assert.Contains("quarters", reading.Errors[EventForm.PduWaysField], StringComparison.Ordinal);
        Assert.Contains("from 0 to 100", reading.Errors[EventForm.PduPowerField], StringComparison.Ordinal);
        Assert.Contains("no longer in one of the channels", reading.Errors[EventForm.ChannelsField], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-01", "10:00", null, null, EventForm.StartDateField, "in the past")]
    [InlineData("2026-05-12", "14:00", "2026-05-13", null, EventForm.DeadlineDateField, "after the start")]
    [InlineData("2026-05-12", "14:00", "2026-03-01", null, EventForm.DeadlineDateField, "already passed")]
    [InlineData("2026-05-12", "14:00", null, "12:00", EventForm.DeadlineDateField, "date too")]
    public void Dates_out_of_order_are_refused_with_the_reason(string startDate, string startTime, string? deadlineDate, string? deadlineTime, string field, string reason)
    {
        var values = Valid() with { StartDate = startDate, StartTime = startTime, DeadlineDate = deadlineDate, DeadlineTime = deadlineTime, EndTime = "23:00" };

        var reading = EventFormValidator.Read(values, Organiser, ["channel-1"], Now, "EV-ABCDE");

        Assert.Contains(reason, reading.Errors[field], StringComparison.Ordinal);
    }

    [Fact]
    public void An_in_person_event_needs_a_venue_an_online_one_does_not_and_a_cost_needs_a_currency()
    {
        var noVenue = EventFormValidator.Read(Valid() with { Venue = null }, Organiser, [], Now, "EV-A");
        var online = EventFormValidator.Read(Valid() with { Venue = null, Format = EventFormValues.Online, Channels = null }, Organiser, [], Now, "EV-B");
        var noCurrency = EventFormValidator.Read(Valid() with { Currency = null, Channels = null }, Organiser, [], Now, "EV-C");

        Assert.Contains("venue or city", noVenue.Errors[EventForm.VenueField], StringComparison.Ordinal);
        Assert.True(online.IsValid);
        Assert.True(online.Event!.Online);
        Assert.Contains("currency", noCurrency.Errors[EventForm.CurrencyField], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_time_zone_the_organisers_own_is_used_and_a_clock_change_gap_is_refused()
    {
        var values = Valid() with { TimeZone = null, Channels = null, DeadlineDate = null };
        var reading = EventFormValidator.Read(values, Organiser, [], Now, "EV-A");
        var gap = EventFormValidator.Read(values with { StartDate = "2026-03-29", StartTime = "01:30", EndTime = "03:00" }, Organiser, [], Now, "EV-B");

        Assert.Equal("Europe/London", reading.Event!.TimeZone);
        Assert.Equal(new DateTimeOffset(2026, 5, 12, 14, 0, 0, TimeSpan.FromHours(1)), reading.Event.Start);
        Assert.Equal(reading.Event.Start, reading.Event.RegistrationDeadline);
        Assert.Contains("does not exist in Europe/London", gap.Errors[EventForm.StartTimeField], StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_in_the_year_9999_is_refused_as_too_far_ahead_and_one_in_2100_is_read()
    {
        var values = Valid() with { TimeZone = "America/New_York", DeadlineDate = null, StartTime = "23:30", EndTime = "23:45" };

        var far = EventFormValidator.Read(values with { StartDate = "9999-12-31" }, Organiser, ["channel-1"], Now, "EV-A");
        var deadline = EventFormValidator.Read(values with { DeadlineDate = "9999-12-31" }, Organiser, ["channel-1"], Now, "EV-B");
        var inRange = EventFormValidator.Read(values with { StartDate = "2100-12-31" }, Organiser, ["channel-1"], Now, "EV-C");

        Assert.Equal("The start date 9999-12-31 is too far ahead; give a date up to 2100.", far.Errors[EventForm.StartDateField]);
        Assert.Equal("The registration deadline date 9999-12-31 is too far ahead; give a date up to 2100.", deadline.Errors[EventForm.DeadlineDateField]);
        Assert.Null(far.Event);
        Assert.Empty(inRange.Errors);
        Assert.Equal(new DateTimeOffset(2100, 12, 31, 23, 30, 0, TimeSpan.FromHours(-5)), inRange.Event!.Start);
    }

    [Fact]
    public void A_decimal_comma_in_pdus_is_a_decimal_mark_so_a_capacity_of_2_5_is_not_twenty_five_places()
    {
        var comma = EventFormValidator.Read(Valid() with { PduPowerSkills = "1,5", PduBusinessAcumen = "0,25", Capacity = "2,5" }, Organiser, ["channel-1"], Now, "EV-A");
        var thousands = EventFormValidator.Read(Valid() with { PduPowerSkills = "1,000", Capacity = "1,000" }, Organiser, ["channel-1"], Now, "EV-B");
        var dots = EventFormValidator.Read(Valid() with { PduPowerSkills = "1.5", PduBusinessAcumen = "0.25", Capacity = "25" }, Organiser, ["channel-1"], Now, "EV-C");

        Assert.Equal("The capacity \"2,5\" is not a whole number of places.", comma.Errors[EventForm.CapacityField]);
        Assert.Equal([EventForm.CapacityField], comma.Errors.Keys);
        Assert.Equal("Power Skills PDUs \"1,000\" must be a number from 0 to 100.", thousands.Errors[EventForm.PduPowerField]);
        Assert.Equal([EventForm.PduPowerField], thousands.Errors.Keys);
        Assert.Equal((new PduSplit(2, 1.5m, 0.25m), 25), (dots.Event!.Pdus, dots.Event.Capacity));
    }

    [Fact]
    public void A_capacity_beyond_any_whole_number_is_told_the_range_not_that_it_is_no_whole_number()
    {
        var huge = EventFormValidator.Read(Valid() with { Capacity = "1000000000000" }, Organiser, ["channel-1"], Now, "EV-A");
        var largest = EventFormValidator.Read(Valid() with { Capacity = "10000" }, Organiser, ["channel-1"], Now, "EV-B");

        Assert.Equal("The capacity must be between 1 and 10,000 places, not 1,000,000,000,000.", huge.Errors[EventForm.CapacityField]);
        Assert.Equal(10_000, largest.Event!.Capacity);
    }

    [Fact]
    public void A_start_date_that_does_not_exist_is_reported_once_when_the_end_date_was_left_empty()
    {
        var startOnly = EventFormValidator.Read(Valid() with { StartDate = "2026-02-30", EndDate = null }, Organiser, ["channel-1"], Now, "EV-A");
        var both = EventFormValidator.Read(Valid() with { StartDate = "2026-02-30", EndDate = "2026-02-30" }, Organiser, ["channel-1"], Now, "EV-B");

        Assert.Contains("\"2026-02-30\" is not a date", startOnly.Errors[EventForm.StartDateField], StringComparison.Ordinal);
        Assert.False(startOnly.Errors.ContainsKey(EventForm.EndDateField));
        // Twin: an end date someone typed is still checked on its own.
        Assert.Contains("The end date \"2026-02-30\" is not a date", both.Errors[EventForm.EndDateField], StringComparison.Ordinal);
    }
}
