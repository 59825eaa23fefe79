using PmoBot.Reviews.Schedule;

namespace PmoBot.Tests.Reviews.Schedule;

/// <summary>Expected instants were worked out independently (Python's zoneinfo over the same IANA data).</summary>
public sealed class ReviewScheduleCalculatorTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    private static DateTimeOffset Next(DayOfWeek day, int hour, TimeZoneInfo zone, DateTimeOffset after) =>
        ReviewScheduleCalculator.NextOpening(new WeeklySlot(day, hour), zone, after);

    [Fact]
    public void London_monday_0900_moves_an_hour_earlier_in_utc_when_summer_time_starts_in_march()
    {
        Assert.Equal(Utc(2026, 3, 23, 9), Next(DayOfWeek.Monday, 9, London, Utc(2026, 3, 20, 0)));
        Assert.Equal(Utc(2026, 3, 30, 8), Next(DayOfWeek.Monday, 9, London, Utc(2026, 3, 23, 9)));
    }

    [Fact]
    public void London_monday_0900_moves_back_to_0900_utc_when_summer_time_ends_in_october()
    {
        Assert.Equal(Utc(2026, 10, 19, 8), Next(DayOfWeek.Monday, 9, London, Utc(2026, 10, 16, 0)));
        Assert.Equal(Utc(2026, 10, 26, 9), Next(DayOfWeek.Monday, 9, London, Utc(2026, 10, 19, 8)));
    }

    [Fact]
    public void A_london_slot_in_the_hour_skipped_in_march_opens_when_the_clocks_have_jumped()
    {
        // On 29 March 2026 London goes from 01:00 GMT straight to 02:00 BST: Sunday 01:00 does not exist.
        var opening = Next(DayOfWeek.Sunday, 1, London, Utc(2026, 3, 28, 12));

        Assert.Equal(Utc(2026, 3, 29, 1), opening);
        Assert.Equal(new DateTime(2026, 3, 29, 2, 0, 0), TimeZoneInfo.ConvertTime(opening, London).DateTime);
        Assert.Equal(Utc(2026, 4, 5, 0), Next(DayOfWeek.Sunday, 1, London, opening));
    }

    [Fact]
    public void A_london_slot_in_the_hour_repeated_in_october_opens_once_at_its_first_occurrence()
    {
        // On 25 October 2026 London's 01:00 to 02:00 happens twice: first in BST (00:00 UTC), then in GMT (01:00 UTC).
        Assert.Equal(Utc(2026, 10, 25, 0), Next(DayOfWeek.Sunday, 1, London, Utc(2026, 10, 24, 12)));

        // Exactly at the opening, and at 01:30 BST inside the repeated hour: the second 01:00 is not a new opening.
        Assert.Equal(Utc(2026, 11, 1, 1), Next(DayOfWeek.Sunday, 1, London, Utc(2026, 10, 25, 0)));
        Assert.Equal(Utc(2026, 11, 1, 1), Next(DayOfWeek.Sunday, 1, London, Utc(2026, 10, 25, 0, 30)));
    }

    [Fact]
    public void London_0130_on_both_change_days_resolves_to_one_instant()
    {
        Assert.Equal(Utc(2026, 3, 29, 1), ReviewScheduleCalculator.Resolve(new DateTime(2026, 3, 29, 1, 30, 0), London));
        Assert.Equal(Utc(2026, 10, 25, 0, 30), ReviewScheduleCalculator.Resolve(new DateTime(2026, 10, 25, 1, 30, 0), London));
    }

    [Fact]
    public void New_york_changes_on_its_own_dates_with_the_gap_and_the_repeat_at_0200()
    {
        Assert.Equal(Utc(2026, 3, 2, 14), Next(DayOfWeek.Monday, 9, NewYork, Utc(2026, 3, 1, 0)));
        Assert.Equal(Utc(2026, 3, 9, 13), Next(DayOfWeek.Monday, 9, NewYork, Utc(2026, 3, 2, 14)));

        // 8 March 2026: 02:00 EST jumps to 03:00 EDT.
        Assert.Equal(Utc(2026, 3, 8, 7), Next(DayOfWeek.Sunday, 2, NewYork, Utc(2026, 3, 7, 0)));

        // 1 November 2026: 01:00 happens in EDT (05:00 UTC) and again in EST (06:00 UTC).
        Assert.Equal(Utc(2026, 11, 1, 5), Next(DayOfWeek.Sunday, 1, NewYork, Utc(2026, 10, 31, 0)));
        Assert.Equal(Utc(2026, 11, 8, 6), Next(DayOfWeek.Sunday, 1, NewYork, Utc(2026, 11, 1, 5)));
    }

    [Fact]
    public void The_weekday_is_the_local_one_even_when_utc_is_already_the_next_day()
    {
        // Friday 2 January 2026, 20:00 in New York is Saturday 01:00 UTC.
        Assert.Equal(Utc(2026, 1, 3, 1), Next(DayOfWeek.Friday, 20, NewYork, Utc(2026, 1, 1, 0)));
    }

    [Fact]
    public void Sydney_changes_the_other_way_round_in_april_and_october()
    {
        // Monday 09:00 in Sydney is Sunday in UTC: 22:00 under AEDT (+11), 23:00 under AEST (+10) after 5 April.
        Assert.Equal(Utc(2026, 3, 29, 22), Next(DayOfWeek.Monday, 9, Sydney, Utc(2026, 3, 29, 0)));
        Assert.Equal(Utc(2026, 4, 5, 23), Next(DayOfWeek.Monday, 9, Sydney, Utc(2026, 3, 29, 22)));

        // 5 April 2026: 02:00 to 03:00 happens twice, first in AEDT.
        Assert.Equal(Utc(2026, 4, 4, 15), Next(DayOfWeek.Sunday, 2, Sydney, Utc(2026, 4, 3, 0)));

        // 4 October 2026: 02:00 AEST jumps to 03:00 AEDT.
        Assert.Equal(Utc(2026, 10, 3, 16), Next(DayOfWeek.Sunday, 2, Sydney, Utc(2026, 10, 2, 0)));
    }

    [Fact]
    public void Kolkata_keeps_its_half_hour_offset_and_an_opening_is_strictly_after()
    {
        Assert.Equal(Utc(2026, 3, 2, 3, 30), Next(DayOfWeek.Monday, 9, Kolkata, Utc(2026, 3, 2, 3, 29, 59)));
        Assert.Equal(Utc(2026, 3, 9, 3, 30), Next(DayOfWeek.Monday, 9, Kolkata, Utc(2026, 3, 2, 3, 30)));

        // Monday 00:00 in Kolkata is Sunday 18:30 UTC.
        Assert.Equal(Utc(2026, 3, 1, 18, 30), Next(DayOfWeek.Monday, 0, Kolkata, Utc(2026, 2, 28, 0)));
    }

    [Fact]
    public void After_exactly_at_an_opening_gives_the_next_week_and_a_tick_before_gives_that_opening()
    {
        var opening = Utc(2026, 6, 5, 13);

        Assert.Equal(opening, Next(DayOfWeek.Friday, 14, London, opening.AddTicks(-1)));
        Assert.Equal(opening.AddDays(7), Next(DayOfWeek.Friday, 14, London, opening));
    }

    [Fact]
    public void The_result_is_in_utc_whatever_the_offset_of_after()
    {
        var after = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(5.5));

        var opening = Next(DayOfWeek.Monday, 9, Kolkata, after);

        Assert.Equal(TimeSpan.Zero, opening.Offset);
        Assert.Equal(Utc(2026, 3, 2, 3, 30), opening);
    }

    public static TheoryData<string> Zones => new()
    {
        "Europe/London",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "Asia/Kathmandu",
        "Pacific/Auckland",
        "UTC",
    };

    [Theory]
    [MemberData(nameof(Zones))]
    public void Every_slot_opens_once_a_week_on_its_local_day_and_hour_for_a_year_and_a_half(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            foreach (var hour in new[] { 0, 1, 2, 3, 9, 14, 23 })
            {
                var slot = new WeeklySlot(day, hour);
                var previous = ReviewScheduleCalculator.NextOpening(slot, zone, Utc(2025, 12, 1, 0));
                for (var week = 0; week < 80; week++)
                {
                    var opening = ReviewScheduleCalculator.NextOpening(slot, zone, previous);
                    var local = TimeZoneInfo.ConvertTime(opening, zone);
                    var wallClock = local.DateTime;

                    // The slot's date: the opening's local date, or the day before when a skipped hour pushed it past midnight.
                    var slotTime = (local.DayOfWeek == day ? local.Date : local.Date.AddDays(-1)).AddHours(hour);
                    var where = $"{slot} in {zoneId}, opening {opening:o} (local {local:o})";

                    Assert.Equal(TimeSpan.Zero, opening.Offset);
                    Assert.Equal(day, slotTime.DayOfWeek);
                    Assert.InRange(opening - previous, TimeSpan.FromDays(7) - TimeSpan.FromHours(1), TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
                    Assert.Equal(opening, ReviewScheduleCalculator.NextOpening(slot, zone, opening.AddTicks(-1)));
                    if (zone.IsInvalidTime(slotTime))
                    {
                        // The slot's hour was skipped: it opens the moment the clocks have jumped, and a minute before that
                        // the clocks still showed a time before the slot.
                        Assert.True(wallClock > slotTime && TimeZoneInfo.ConvertTime(opening.AddMinutes(-1), zone).DateTime < slotTime, where);
                    }
                    else
                    {
                        Assert.True(wallClock == slotTime, where);
                        if (zone.IsAmbiguousTime(slotTime))
                        {
                            Assert.True(local.Offset == zone.GetAmbiguousTimeOffsets(slotTime).Max(), $"{where}: not the first occurrence");
                        }
                    }

                    previous = opening;
                }
            }
        }
    }
}
