using PmoBot.Reviews.Schedule;

namespace PmoBot.Tests.Reviews.Schedule;

public sealed class WeeklySlotTests
{
    private const string ExampleEnding = "Give a day and an hour, e.g. friday 14, fri 2pm or monday at 9am.";

    [Theory]
    [InlineData("friday 14", DayOfWeek.Friday, 14)]
    [InlineData("fri 2pm", DayOfWeek.Friday, 14)]
    [InlineData("Mon 09:00", DayOfWeek.Monday, 9)]
    [InlineData("monday at 9am", DayOfWeek.Monday, 9)]
    [InlineData("  TUESDAY   23 ", DayOfWeek.Tuesday, 23)]
    [InlineData("wed 0", DayOfWeek.Wednesday, 0)]
    [InlineData("Thurs 8 p.m.", DayOfWeek.Thursday, 20)]
    [InlineData("thu 8 PM", DayOfWeek.Thursday, 20)]
    [InlineData("sun 12am", DayOfWeek.Sunday, 0)]
    [InlineData("sat 12pm", DayOfWeek.Saturday, 12)]
    [InlineData("tue noon", DayOfWeek.Tuesday, 12)]
    [InlineData("sun midnight", DayOfWeek.Sunday, 0)]
    [InlineData("every wednesday at 10:00", DayOfWeek.Wednesday, 10)]
    [InlineData("mondays at 9", DayOfWeek.Monday, 9)]
    [InlineData("2pm friday", DayOfWeek.Friday, 14)]
    [InlineData("fri 14h", DayOfWeek.Friday, 14)]
    [InlineData("fri 9.00", DayOfWeek.Friday, 9)]
    [InlineData("weds 7:00am", DayOfWeek.Wednesday, 7)]
    public void Reads_a_day_and_an_hour_in_the_ways_people_type_them(string text, DayOfWeek day, int hour)
    {
        Assert.True(WeeklySlot.TryParse(text, out var slot, out var error), error);

        Assert.Equal(new WeeklySlot(day, hour), slot);
        Assert.Equal(string.Empty, error);
    }

    [Theory]
    [InlineData("", "There is no day or hour there.")]
    [InlineData("funday 9", "I couldn't find a day of the week in \"funday 9\".")]
    [InlineData("14", "I couldn't find a day of the week in \"14\".")]
    [InlineData("friday", "What time on Friday? The hour is missing.")]
    [InlineData("mon tue 9", "\"mon tue 9\" names 2 days; reviews open once a week, so give one.")]
    [InlineData("friday 25", "\"25\" is not an hour: hours go from 0 to 23.")]
    [InlineData("fri 13pm", "\"13pm\" is not an hour: with am or pm the hour is 1 to 12 (2pm), without it 0 to 23 (14).")]
    [InlineData("fri 0am", "\"0am\" is not an hour: with am or pm the hour is 1 to 12 (2pm), without it 0 to 23 (14).")]
    [InlineData("fri 14:30", "Reviews open on the hour, and \"14:30\" has minutes.")]
    [InlineData("fri 2 o'clock", "\"2 o'clock\" is not an hour.")]
    [InlineData("friday 2pm please", "\"2pm please\" is not an hour.")]
    public void Explains_what_is_wrong_and_gives_an_example(string text, string problem)
    {
        Assert.False(WeeklySlot.TryParse(text, out _, out var error));

        Assert.Equal($"{problem} {ExampleEnding}", error);
    }

    [Fact]
    public void Null_text_is_explained_like_empty_text()
    {
        Assert.False(WeeklySlot.TryParse(null, out _, out var error));

        Assert.Equal($"There is no day or hour there. {ExampleEnding}", error);
    }

    [Fact]
    public void Shows_as_the_day_name_and_a_24_hour_time()
    {
        Assert.Equal("Friday 14:00", new WeeklySlot(DayOfWeek.Friday, 14).ToString());
        Assert.Equal("Monday 09:00", new WeeklySlot(DayOfWeek.Monday, 9).ToString());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(24)]
    public void An_hour_outside_the_day_is_refused(int hour)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeeklySlot(DayOfWeek.Monday, hour));
    }

    [Fact]
    public void A_day_outside_the_week_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeeklySlot((DayOfWeek)7, 9));
    }
}
