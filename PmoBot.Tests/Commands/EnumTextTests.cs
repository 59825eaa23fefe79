using PmoBot.Commands;
using PmoBot.Projects;

namespace PmoBot.Tests.Commands;

public sealed class EnumTextTests
{
    [Theory]
    [InlineData("on hold", ProjectStatus.OnHold)]
    [InlineData("ON-HOLD", ProjectStatus.OnHold)]
    [InlineData("on_hold", ProjectStatus.OnHold)]
    [InlineData("Closed", ProjectStatus.Closed)]
    public void Choices_are_read_in_any_case_with_spaces_or_dashes(string text, ProjectStatus expected)
    {
        Assert.True(EnumText.TryParse<ProjectStatus>(text, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("")]
    [InlineData("paused")]
    [InlineData("Active, Closed")]
    public void Numbers_and_unknown_words_are_not_choices(string text) =>
        Assert.False(EnumText.TryParse<ProjectStatus>(text, out _));

    [Fact]
    public void Choices_are_described_as_words() =>
        Assert.Equal("Active, On hold, Closed", EnumText.Choices<ProjectStatus>());
}
