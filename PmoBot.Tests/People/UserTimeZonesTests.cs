using PmoBot.People;

namespace PmoBot.Tests.People;

public sealed class UserTimeZonesTests
{
    [Theory]
    [InlineData("Europe/London", "Europe/London")]
    [InlineData("  America/New_York ", "America/New_York")]
    [InlineData("Australia/Sydney", "Australia/Sydney")]
    public void An_iana_zone_is_kept(string text, string expected)
    {
        Assert.True(UserTimeZones.TryParse(text, out var zone));
        Assert.Equal(expected, zone);
    }

    [Theory]
    [InlineData("W. Europe Standard Time", "Europe/Berlin")]
    [InlineData("Tokyo Standard Time", "Asia/Tokyo")]
    [InlineData("Pacific Standard Time", "America/Los_Angeles")]
    public void A_windows_zone_is_stored_as_its_iana_id(string text, string expected)
    {
        Assert.True(UserTimeZones.TryParse(text, out var zone));
        Assert.Equal(expected, zone);
    }

    [Theory]
    [InlineData("europe/london", "Europe/London")]
    [InlineData("AMERICA/NEW_YORK", "America/New_York")]
    [InlineData("London", "Europe/London")]
    [InlineData("new york", "America/New_York")]
    [InlineData(" Kolkata ", "Asia/Kolkata")]
    public void A_zone_typed_in_another_case_or_by_its_city_alone_is_found(string text, string expected)
    {
        Assert.True(UserTimeZones.TryParse(text, out var zone));
        Assert.Equal(expected, zone);
    }

    [Theory]
    [InlineData("eastern", "America/New_York")]
    [InlineData("Eastern time", "America/New_York")]
    [InlineData("EST", "America/New_York")]
    [InlineData("pacific", "America/Los_Angeles")]
    [InlineData("CST", "America/Chicago")]
    [InlineData("uk", "Europe/London")]
    [InlineData("IST", "Asia/Kolkata")]
    public void A_regions_name_or_abbreviation_is_its_clock_with_summer_time(string text, string expected)
    {
        Assert.True(UserTimeZones.TryParse(text, out var zone));
        Assert.Equal(expected, zone);
        Assert.True(TimeZoneInfo.FindSystemTimeZoneById(zone).SupportsDaylightSavingTime);
    }

    [Theory]
    [InlineData("Europe/Londn", "Europe/London")]
    [InlineData("Amercia/Chicago", "America/Chicago")]
    [InlineData("Lodnon", "Europe/London")]
    [InlineData("Mars/Olympus", null)]
    [InlineData("xy", null)]
    public void A_zone_spelt_nearly_right_is_offered_and_nothing_is_offered_for_rubbish(string text, string? offered)
    {
        Assert.False(UserTimeZones.TryParse(text, out _));
        Assert.Equal(offered, UserTimeZones.Closest(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("not a time zone")]
    [InlineData("../../etc/passwd")]
    [InlineData("Europe/")]
    public void Rubbish_is_rejected(string text)
    {
        Assert.False(UserTimeZones.TryParse(text, out var zone));
        Assert.Equal(string.Empty, zone);
    }

    [Fact]
    public void Resolve_finds_a_stored_zone()
    {
        Assert.Equal(TimeSpan.FromHours(5.5), UserTimeZones.Resolve("Asia/Kolkata").BaseUtcOffset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Mars/Olympus_Mons")]
    public void Resolve_falls_back_to_utc(string? id)
    {
        Assert.Equal(TimeZoneInfo.Utc, UserTimeZones.Resolve(id));
    }
}
