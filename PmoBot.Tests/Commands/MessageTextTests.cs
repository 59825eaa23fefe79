using PmoBot.Commands;

namespace PmoBot.Tests.Commands;

public sealed class MessageTextTests
{
    [Fact]
    public void Text_within_the_limit_is_kept_as_it_is()
    {
        Assert.Equal("Weekly review", MessageText.Shorten("Weekly review", 13));
    }

    [Fact]
    public void Long_text_is_cut_at_a_word_and_ends_with_an_ellipsis_within_the_limit()
    {
        var shortened = MessageText.Shorten("The review template asks for the forecast before the risks are read", 30);

        Assert.Equal("The review template asks for…", shortened);
        Assert.True(shortened.Length <= 30);
    }

    [Fact]
    public void A_word_longer_than_half_the_limit_is_cut_inside_it()
    {
        Assert.Equal("https://contoso.sharepoint.com/si…", MessageText.Shorten("https://contoso.sharepoint.com/sites/pmo/library", 34));
    }

    [Fact]
    public void An_emoji_at_the_cut_is_left_out_whole_rather_than_halved()
    {
        // "🚀" is two chars (a surrogate pair); the cut falls between them.
        var text = new string('a', 18) + "🚀🚀 and more";

        var shortened = MessageText.Shorten(text, 20);

        Assert.Equal(new string('a', 18) + "…", shortened);
        Assert.DoesNotContain(shortened, char.IsSurrogate);
    }

    [Fact]
    public void An_emoji_before_the_cut_is_kept_whole()
    {
        var text = new string('a', 17) + "🚀🚀 and more";

        Assert.Equal(new string('a', 17) + "🚀…", MessageText.Shorten(text, 20));
    }
}
