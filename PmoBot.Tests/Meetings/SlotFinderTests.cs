using PmoBot.Meetings;

namespace PmoBot.Tests.Meetings;

public sealed class SlotFinderTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public void Five_working_days_from_a_friday_end_with_thursday()
    {
        var friday = new DateTimeOffset(2025, 3, 14, 16, 0, 0, TimeSpan.Zero);

        var end = SlotFinder.EndOfWorkingDays(friday, WorkingHours.OfficeHours(London));

        Assert.Equal(new DateTimeOffset(2025, 3, 21, 0, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void Slots_start_on_the_half_hour()
    {
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 7, 30, 0, TimeSpan.Zero), SlotFinder.AlignUp(new DateTimeOffset(2025, 3, 10, 7, 1, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 7, 30, 0, TimeSpan.Zero), SlotFinder.AlignUp(new DateTimeOffset(2025, 3, 10, 8, 30, 0, TimeSpan.FromHours(1))));
    }

    [Theory]
    [InlineData("Eastern Standard Time", -4)]
    [InlineData("America/New_York", -4)]
    [InlineData("GMT Standard Time", 0)]
    [InlineData("UTC", 0)]
    public void Graph_time_zone_names_resolve_windows_and_iana_alike(string name, int offsetOn10March2025)
    {
        var zone = GraphTimeZones.Resolve(name)!;

        Assert.Equal(TimeSpan.FromHours(offsetOn10March2025), zone.GetUtcOffset(new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Working_hours_hold_a_slot_only_within_one_working_day_in_the_persons_zone()
    {
        var hours = WorkingHours.OfficeHours(London);

        Assert.True(hours.Contains(new DateTimeOffset(2025, 3, 10, 16, 30, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 10, 17, 0, 0, TimeSpan.Zero)));
        Assert.False(hours.Contains(new DateTimeOffset(2025, 3, 10, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 10, 17, 30, 0, TimeSpan.Zero)));
        Assert.False(hours.Contains(new DateTimeOffset(2025, 3, 15, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 15, 10, 30, 0, TimeSpan.Zero)));

        // After 30 March London is on summer time: 08:00 UTC is 09:00 local.
        Assert.True(hours.Contains(new DateTimeOffset(2025, 3, 31, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 31, 8, 30, 0, TimeSpan.Zero)));
    }
}
